import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { PROTOTYPE_KEYS, edgeNumber, prototypePolluted, prototypeSnapshot } from "./hostile-input.property";
import { PROPERTIES, defaultConfig, parseConfig, serializeConfig } from "./playground-config";

const KEYS = PROPERTIES.map((p) => p.key as string).sort();
const URL_KEYS = PROPERTIES.map((p) => p.urlKey);
const pristine = prototypeSnapshot();

afterEach(() => {
  expect(prototypeSnapshot()).toBe(pristine);
  expect(prototypePolluted()).toBe(false);
});

/** A value a person (or a hostile link) might put after "key=": numbers at the edges, lists, junk, escapes. */
const linkValue: fc.Arbitrary<string> = fc.oneof(
  edgeNumber.map(String),
  fc.constantFrom("", " ", "true", "false", "1e999", "-1e999", "0x10", "1,2,3", ",,", "%", "%zz", "%E0%A4%A"),
  fc.constantFrom(...PROTOTYPE_KEYS),
  fc.array(fc.integer({ min: -5, max: 100_000 }), { maxLength: 40 }).map((a) => a.join(",")),
  fc.string({ maxLength: 30 }),
  fc.string({ minLength: 5_000, maxLength: 6_000 }),
);

/** A whole query: known keys, prototype keys and unknown keys, raw or encoded. */
const query: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...URL_KEYS), fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 6 })),
      linkValue,
      fc.boolean(),
    ),
    { maxLength: 12 },
  )
  .map((pairs) =>
    pairs.map(([key, value, encode]) => `${key}=${encode ? encodeURIComponent(value) : value}`).join("&"),
  );

function expectValidAnswer(search: string): ReturnType<typeof parseConfig> {
  const parsed = parseConfig(search);
  // Exactly the table's settings, on a plain object.
  expect(Object.getPrototypeOf(parsed.config)).toBe(Object.prototype);
  expect(Object.keys(parsed.config).sort()).toEqual(KEYS);
  for (const error of parsed.errors) expect(typeof error).toBe("string");
  // Whatever was read is a valid configuration: written out, it reads back the same, without complaint.
  const again = parseConfig(serializeConfig(parsed.config));
  expect(again.errors).toEqual([]);
  expect(again.config).toEqual(parsed.config);
  return parsed;
}

describe("parseConfig (the playground link) under generated malformed input", () => {
  it("reads any text into a valid configuration, never throwing", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), query), (search) => {
        expectValidAnswer(search);
        expectValidAnswer(`?${search}`);
      }),
      { numRuns: 800 },
    );
  });

  it("names every setting it ignores, and keeps its default for it", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROPERTIES), linkValue, (prop, value) => {
        const search = `${prop.urlKey}=${encodeURIComponent(value)}`;
        const parsed = expectValidAnswer(search);
        if (parsed.errors.length === 0) return;
        expect(parsed.errors).toHaveLength(1);
        expect(parsed.errors[0]).toContain(`"${prop.urlKey}"`);
        expect(parsed.config[prop.key]).toEqual(defaultConfig()[prop.key]);
      }),
      { numRuns: 1_000 },
    );
  });

  it("refuses prototype keys as unknown settings, and does not pollute", () => {
    for (const key of PROTOTYPE_KEYS) {
      const parsed = expectValidAnswer(`${key}[polluted]=1&${key}=x&${key}.polluted=1`);
      expect(parsed.errors.length).toBe(3);
      for (const error of parsed.errors) expect(error).toMatch(/^Unknown setting/);
      expect(Object.hasOwn(parsed.config, key)).toBe(false);
    }
  });

  it("refuses numbers beyond a setting's range, naming the range or the value", () => {
    const numeric = PROPERTIES.filter((p) => p.kind === "number");
    fc.assert(
      fc.property(
        fc.constantFrom(...numeric),
        fc.constantFrom("1e308", "-1e308", "1e999", "NaN", "Infinity", "9007199254740993"),
        (prop, value) => {
          const parsed = expectValidAnswer(`${prop.urlKey}=${value}`);
          // Only a setting whose range really reaches that far may accept it.
          if (parsed.errors.length === 0) {
            expect(Number.isFinite(parsed.config[prop.key] as number)).toBe(true);
            return;
          }
          expect(parsed.errors[0]).toContain(value);
        },
      ),
      { numRuns: 200 },
    );
  });
});
