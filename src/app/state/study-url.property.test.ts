import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { exampleStudyConfig } from "../../core/export/example-study";
import {
  PROTOTYPE_KEYS,
  mutate,
  mutation,
  prototypePolluted,
  prototypeSnapshot,
} from "../../core/hostile-input.property";
import { validateStudyConfig } from "../../core/study/study-config";
import { configQuery, parseStudyQuery } from "./study-url";

const VALID = exampleStudyConfig();
const pristine = prototypeSnapshot();

afterEach(() => {
  expect(prototypeSnapshot()).toBe(pristine);
  expect(prototypePolluted()).toBe(false);
});

function base64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Checks the form of an answer: every kind carries what it promises, "invalid" says why. */
function expectWellFormed(query: string): ReturnType<typeof parseStudyQuery> {
  const location = parseStudyQuery(query);
  switch (location.kind) {
    case "empty":
      break;
    case "id":
      expect(location.id.trim()).not.toBe("");
      break;
    case "config":
      expect(validateStudyConfig(location.config).ok).toBe(true);
      break;
    case "tune":
      for (const e of location.errors) expect(typeof e).toBe("string");
      break;
    case "invalid":
      expect(location.errors.length).toBeGreaterThan(0);
      for (const e of location.errors) {
        expect(e.length).toBeGreaterThan(0);
        expect(e).not.toMatch(/could not be checked/);
      }
      break;
    default:
      throw new Error(`Unexpected location ${JSON.stringify(location)}`);
  }
  return location;
}

describe("parseStudyQuery (the study link) under generated malformed input", () => {
  it("answers any text with a location, never a throw", () => {
    const piece = fc.oneof(
      fc.constantFrom("id", "cfg", "tune", "", "=", "&", "%", "%zz", "?", ...PROTOTYPE_KEYS),
      fc.string({ maxLength: 10 }),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(piece, { maxLength: 10 }).map((p) => p.join("")),
        ),
        (q) => {
          expectWellFormed(q);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it("refuses cfg= that is not base64url, not UTF-8 or not JSON, saying the settings cannot be read", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.uint8Array().map(base64Url)), (code) => {
        const location = expectWellFormed(`cfg=${encodeURIComponent(code)}`);
        if (location.kind === "invalid" && !/^config/.test(location.errors[0])) {
          expect(location.errors[0]).toMatch(/^The study settings in the link cannot be read: /);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("opens a valid configuration, and refuses a mutated one naming the field", () => {
    expect(parseStudyQuery(configQuery(VALID))).toEqual({ kind: "config", config: VALID });
    fc.assert(
      fc.property(mutation, (m) => {
        const { value } = mutate(VALID, m);
        let json: string | undefined;
        try {
          json = JSON.stringify(value);
        } catch {
          return;
        }
        if (json === undefined) return;
        const location = expectWellFormed(`cfg=${base64Url(new TextEncoder().encode(json))}`);
        expect(["config", "invalid"]).toContain(location.kind);
        if (location.kind === "invalid") expect(location.errors.join(" ")).toMatch(/config|Parameter "/);
      }),
      { numRuns: 800 },
    );
  });

  it("refuses __proto__ in the configuration of a link", () => {
    const json = JSON.stringify(VALID).replace('"seed":7', '"seed":7,"__proto__":{"polluted":true}');
    const location = expectWellFormed(`cfg=${base64Url(new TextEncoder().encode(json))}`);
    expect(location.kind).toBe("invalid");
    if (location.kind === "invalid") expect(location.errors[0]).toContain("__proto__");
  });
});
