import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  PROTOTYPE_KEYS,
  mutate,
  mutation,
  prototypePolluted,
  prototypeSnapshot,
  wrongValue,
} from "../hostile-input.property";
import { exampleStudyExportBody } from "./example-study";
import { parseJsonText } from "./json-text";
import { parseStudyExport, serializeStudyExport } from "./study-export";

const VALID_TEXT = serializeStudyExport(exampleStudyExportBody(), new Date(Date.UTC(2025, 0, 2)));
const VALID = JSON.parse(VALID_TEXT) as unknown;
const pristine = prototypeSnapshot();

afterEach(() => {
  expect(prototypeSnapshot()).toBe(pristine);
  expect(prototypePolluted()).toBe(false);
});

/** Parses and checks the answer's form: the whole study, or one message that is not a crash report. */
function parse(text: string): ReturnType<typeof parseStudyExport> {
  const result = parseStudyExport(text);
  if (result.ok) {
    // Whatever is accepted writes back out and reads back in unchanged.
    const again = parseStudyExport(
      serializeStudyExport(result.value.study, new Date(result.value.exportedAt)),
    );
    expect(again.ok).toBe(true);
    if (again.ok) expect(again.value).toEqual(result.value);
  } else {
    expect(result.error.length).toBeGreaterThan(0);
    // parseStudyExport's catch-all: a check crashed instead of answering.
    expect(result.error).not.toMatch(/^The file could not be read/);
  }
  return result;
}

describe("parseStudyExport under generated malformed input", () => {
  it("reads the example file (the generators start from a valid one)", () => {
    expect(parse(VALID_TEXT).ok).toBe(true);
  });

  it("answers any text with the study or a message, never a throw", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.json()), (text) => {
        parse(text);
      }),
      { numRuns: 500 },
    );
  });

  it("answers any JSON value in the file, refusing all but a valid export", () => {
    fc.assert(
      fc.property(fc.oneof(wrongValue, fc.jsonValue()), (value) => {
        let text: string | undefined;
        try {
          text = JSON.stringify(value);
        } catch {
          return; // a BigInt or a cycle has no JSON text; not a file anyone can import
        }
        if (text === undefined) return;
        expect(parse(text).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses or accepts one-place mutations of a valid file, naming the field it refuses", () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const { value, path } = mutate(VALID, m);
        let text: string | undefined;
        try {
          text = JSON.stringify(value);
        } catch {
          return;
        }
        if (text === undefined) return;
        const result = parse(text);
        if (result.ok) return;
        // The message names the first field changed (format and version have messages of their own).
        // An odd key is written quoted and escaped as in JSON (`["a\\b"]`), which keeps the path
        // unambiguous and on one line, so it is looked for in that form too.
        const first = String(path[0]);
        const named =
          result.error.includes(first) ||
          result.error.includes(JSON.stringify(first)) ||
          /not a Tunelab study export|Unsupported study export version|nested too deeply|Malformed JSON|the key "/.test(
            result.error,
          );
        expect(named, `${path.join(".")}: ${result.error}`).toBe(true);
      }),
      { numRuns: 1_500 },
    );
  });

  it("refuses a file whose study config lacks any one field, naming that field", () => {
    const file = VALID as { study: { config: Record<string, Record<string, unknown>> } };
    const places = [
      ...Object.keys(file.study.config).map((key) => [key]),
      ...Object.keys(file.study.config.base).map((key) => ["base", key]),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...places), (place) => {
        const copy = JSON.parse(VALID_TEXT) as typeof file;
        const parent = place.length === 1 ? copy.study.config : copy.study.config.base;
        delete parent[place[place.length - 1]];
        const result = parse(JSON.stringify(copy));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toContain(`study.config.${place.join(".")} is missing`);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses prototype keys written into the file text, at the spot where they are", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROTOTYPE_KEYS), fc.nat(), (key, where) => {
        // Insert the key after a random "{" of the valid text, so it lands in some object.
        const braces = [...VALID_TEXT.matchAll(/\{/g)].map((match) => match.index);
        const at = braces[where % braces.length] + 1;
        const text = `${VALID_TEXT.slice(0, at)}"${key}": {"polluted": true},${VALID_TEXT.slice(at)}`;
        const result = parse(text);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toContain(key);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses truncated, doubled and byte-flipped files with a line and column", () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 32, max: 126 }), (cut, code) => {
        const at = cut % VALID_TEXT.length;
        const truncated = parse(VALID_TEXT.slice(0, at));
        expect(truncated.ok).toBe(false);
        const flipped = VALID_TEXT.slice(0, at) + String.fromCharCode(code) + VALID_TEXT.slice(at + 1);
        parse(flipped);
      }),
      { numRuns: 300 },
    );
    const doubled = parse(VALID_TEXT + VALID_TEXT);
    expect(doubled.ok).toBe(false);
    if (!doubled.ok) expect(doubled.error).toMatch(/^Malformed JSON at line \d+, column \d+/);
  });

  it("refuses huge numbers, deep nesting and duplicate keys in the text", () => {
    const cases: [string, RegExp][] = [
      [VALID_TEXT.replace('"version": 2', '"version": 1e400'), /1e400 is too large/],
      [VALID_TEXT.replace('"seed": 7', '"seed": -1e999'), /too large/],
      [`${"[".repeat(100_000)}${"]".repeat(100_000)}`, /nest|deep/i],
      [`${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`, /nest|deep/i],
      [VALID_TEXT.replace('"version": 2', '"version": 2, "version": 2'), /version/],
    ];
    for (const [text, expected] of cases) {
      const result = parse(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(expected);
    }
  });
});

describe("parseJsonText agrees with JSON.parse on valid JSON", () => {
  it("gives the same value for any JSON without prototype keys", () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => {
        const value = JSON.parse(text) as unknown;
        const hasForbidden = PROTOTYPE_KEYS.some((k) => text.includes(JSON.stringify(k)));
        const result = parseJsonText(text, { maxLength: 1_000_000, maxDepth: 64 });
        if (hasForbidden) return;
        expect(result).toEqual({ ok: true, value });
      }),
      { numRuns: 500 },
    );
  });
});
