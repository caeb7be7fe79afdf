import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { exampleStudyConfig } from "../export/example-study";
import {
  deeplyNested,
  mutate,
  mutation,
  prototypePolluted,
  prototypeSnapshot,
  withOwnKey,
  wrongValue,
} from "../hostile-input.property";
import { defaultConfig } from "../playground-config";
import { defaultStudyConfig } from "./study-config";
import { validateStudyConfig } from "./validate-study-config";

const VALID = [exampleStudyConfig(), defaultStudyConfig(defaultConfig())];
const pristine = prototypeSnapshot();

afterEach(() => {
  expect(prototypeSnapshot()).toBe(pristine);
  expect(prototypePolluted()).toBe(false);
});

/** How a validator may answer: an accepted copy, or messages that each name a field under "config". */
function expectWellFormedAnswer(input: unknown): ReturnType<typeof validateStudyConfig> {
  const result = validateStudyConfig(input);
  if (result.ok) {
    // An accepted config is plain data, a copy, and accepted again.
    expect(Object.getPrototypeOf(result.config)).toBe(Object.prototype);
    expect(result.config).not.toBe(input);
    expect(validateStudyConfig(result.config).ok).toBe(true);
    expect(JSON.parse(JSON.stringify(result.config))).toEqual(result.config);
  } else {
    expect(result.errors.length).toBeGreaterThan(0);
    for (const message of result.errors) {
      expect(typeof message).toBe("string");
      expect(message).toMatch(/config|Parameter "/);
      // The catch-all inside validateStudyConfig means a check crashed: a bug, not an answer.
      expect(message).not.toMatch(/could not be checked/);
    }
  }
  return result;
}

/** The dotted path validators print for a path of keys. */
function dotted(path: (string | number)[]): string {
  return path.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("");
}

describe("validateStudyConfig under generated malformed input", () => {
  it("answers any value at all with a result, never a throw", () => {
    fc.assert(
      fc.property(
        fc.oneof(wrongValue, fc.anything({ withNullPrototype: true, withBigInt: true })),
        (input) => {
          const result = expectWellFormedAnswer(input);
          expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses or accepts one-place mutations of a valid config, naming the field it refuses", () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID), mutation, (valid, m) => {
        const { value, path } = mutate(valid, m);
        const result = expectWellFormedAnswer(value);
        if (result.ok) return;
        // A refusal names the changed field or one of its ancestors (the first field is enough:
        // changing base.dataset may be reported as a space parameter the dataset does not fit).
        const first = String(path[0]);
        const named = result.errors.some(
          (e) =>
            e.includes(`config.${first}`) ||
            e.includes(`config[${JSON.stringify(first)}]`) ||
            (path[0] === "space" && e.includes(`"${String(path[1])}"`)),
        );
        expect(named, `${dotted(path)}: ${result.errors.join(" | ")}`).toBe(true);
      }),
      { numRuns: 1_500 },
    );
  });

  it("refuses prototype keys at any depth, naming the key", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID),
        fc.constantFrom("__proto__", "constructor", "prototype"),
        fc.nat(),
        (valid, key, where) => {
          const { value } = mutate(valid, { op: "add-prototype-key", where, value: { polluted: true }, key });
          const result = expectWellFormedAnswer(value);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.errors.join(" ")).toMatch(/__proto__|constructor|prototype/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses JSON text with __proto__ parsed by JSON.parse, and a root with only prototype keys", () => {
    const text = JSON.stringify(VALID[0]).replace('"budget":', '"__proto__":{"polluted":true},"budget":');
    const result = expectWellFormedAnswer(JSON.parse(text));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toContain('the key "__proto__" is not allowed');
    expect(expectWellFormedAnswer(withOwnKey("__proto__", { polluted: true })).ok).toBe(false);
  });

  it("refuses nesting far deeper than any config, without overflowing the stack", () => {
    for (const depth of [11, 1_000, 100_000]) {
      for (const kind of ["object", "array"] as const) {
        const config = { ...VALID[0], base: deeplyNested(depth, kind) };
        const result = expectWellFormedAnswer(config);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.errors[0]).toMatch(/nested too deeply/);
      }
    }
  });

  it("refuses huge and non-finite numbers in every numeric field, naming the field and the value", () => {
    const numericPaths = [
      ["seed"],
      ["budget", "trials"],
      ["budget", "timeLimitSec"],
      ["budget", "workers"],
      ["base", "epochs"],
      ["base", "learningRate"],
      ["space", "learningRate", "low"],
      ["space", "batchSize", "high"],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...numericPaths),
        fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.NaN, Infinity, -Infinity, 1e-320),
        (path, n) => {
          const config = JSON.parse(JSON.stringify(VALID[0])) as Record<string, unknown>;
          const parent = path.slice(0, -1).reduce((o, k) => o[k] as Record<string, unknown>, config);
          parent[path[path.length - 1]] = n;
          const result = expectWellFormedAnswer(config);
          expect(result.ok).toBe(false);
          if (!result.ok) {
            const all = result.errors.join(" | ");
            expect(all).toContain(path[0] === "space" ? String(path[1]) : path.join("."));
            expect(all).toContain(Number.isNaN(n) ? "NaN" : String(n));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
