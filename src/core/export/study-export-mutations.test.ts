import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exampleStudyExportBody } from "./example-study";
import { parseStudyExport, serializeStudyExport } from "./study-export";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Path = (string | number)[];

/** A valid file, changed in one place by each property below: every change must be refused. */
const TEXT = serializeStudyExport(exampleStudyExportBody(), new Date("2025-03-02T08:00:00.000Z"));
const fresh = (): Json => JSON.parse(TEXT);

function at(root: Json, path: Path): Json {
  return path.reduce((v, k) => v[k], root);
}

/** Every path into the file, except the sampler's opaque saved state, which only the sampler can judge. */
function paths(value: Json, path: Path = [], out: Path[] = []): Path[] {
  if (path.join("/") === "study/engine/samplerState") return out;
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...path, i], out));
  else if (value !== null && typeof value === "object")
    for (const k of Object.keys(value)) paths(value[k], [...path, k], out);
  return out;
}

const ALL_PATHS = paths(fresh());
const OBJECT_PATHS = ALL_PATHS.filter((p) => {
  const v = at(fresh(), p);
  return v !== null && typeof v === "object" && !Array.isArray(v);
});
/** Keys whose absence is valid: the optional study id, and an engine trial's reason (which the app's trial may word differently). */
const OPTIONAL = (path: Path): boolean =>
  path.join("/") === "study/id" || (path[1] === "engine" && path[2] === "trials" && path[4] === "reason");

/** A replacement of another JSON kind, never valid where the original was (null only ever stands for a missing scalar). */
function wrongKind(original: Json, pick: number): Json {
  if (original === null) return [{}, [1]][pick % 2];
  if (Array.isArray(original)) return [{}, "x", 7, true][pick % 4];
  if (typeof original === "object") return [[], "x", 7, false][pick % 4];
  return [{}, []][pick % 2];
}

function namesThePath(error: string, path: Path): boolean {
  // "study" begins almost every message, so it only counts when it is the field itself.
  return path.some((k) =>
    typeof k === "number"
      ? error.includes(`[${k}]`)
      : (k !== "study" || path.length === 1) && error.includes(k),
  );
}

/** The file and the failure must be plain: a message, no exception, never ok. */
function expectRefused(text: string): string {
  let result: ReturnType<typeof parseStudyExport> | undefined;
  expect(() => (result = parseStudyExport(text))).not.toThrow();
  expect(result?.ok).toBe(false);
  const error = (result as { error: string }).error;
  expect(typeof error).toBe("string");
  expect(error.length).toBeGreaterThan(0);
  return error;
}

describe("parseStudyExport on mutated files (property-based)", () => {
  it("refuses a value of the wrong kind anywhere, naming the field", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_PATHS.filter((p) => p.length > 0)), fc.nat(), (path, pick) => {
        const file = fresh();
        const parent = at(file, path.slice(0, -1));
        parent[path[path.length - 1]] = wrongKind(parent[path[path.length - 1]], pick);
        const error = expectRefused(JSON.stringify(file));
        expect(namesThePath(error, path), `${path.join(".")}: ${error}`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("refuses a missing field anywhere, naming it", () => {
    const deletable = ALL_PATHS.filter(
      (p) => p.length > 0 && typeof p[p.length - 1] === "string" && !OPTIONAL(p),
    );
    fc.assert(
      fc.property(fc.constantFrom(...deletable), (path) => {
        const file = fresh();
        delete at(file, path.slice(0, -1))[path[path.length - 1]];
        const error = expectRefused(JSON.stringify(file));
        expect(namesThePath(error, path), `${path.join(".")}: ${error}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses an unknown field in any object", () => {
    fc.assert(
      fc.property(fc.constantFrom(...OBJECT_PATHS), fc.jsonValue({ maxDepth: 2 }), (path, value) => {
        const file = fresh();
        at(file, path).zzz_unknown = value;
        expectRefused(JSON.stringify(file));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses __proto__, constructor and prototype keys in any object", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OBJECT_PATHS),
        fc.constantFrom("__proto__", "constructor", "prototype"),
        (path, key) => {
          const file = fresh();
          Object.defineProperty(at(file, path), key, {
            value: { polluted: true },
            enumerable: true,
            configurable: true,
            writable: true,
          });
          const error = expectRefused(JSON.stringify(file));
          expect(error).toContain(`the property name "${key}" is not allowed`);
        },
      ),
      { numRuns: 200 },
    );
    expect(({} as Json).polluted).toBeUndefined();
  });

  it("refuses deep nesting and overflowing numbers anywhere", () => {
    const numbers = ALL_PATHS.filter((p) => typeof at(fresh(), p) === "number");
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_PATHS.filter((p) => p.length > 0)),
        fc.integer({ min: 33, max: 2000 }),
        (path, depth) => {
          const file = fresh();
          at(file, path.slice(0, -1))[path[path.length - 1]] = "__NEST__";
          const text = JSON.stringify(file).replace('"__NEST__"', "[".repeat(depth) + "]".repeat(depth));
          expect(expectRefused(text)).toContain("nested more than 32 levels deep");
        },
      ),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...numbers),
        fc.constantFrom("1e309", "-1e400", "9".repeat(400)),
        (path, huge) => {
          const file = fresh();
          at(file, path.slice(0, -1))[path[path.length - 1]] = "__HUGE__";
          const text = JSON.stringify(file).replace('"__HUGE__"', huge);
          expect(expectRefused(text)).toMatch(/the number .* is too large/);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("refuses truncated and corrupted text", () => {
    const compact = JSON.stringify(fresh());
    fc.assert(
      fc.property(fc.integer({ min: 0, max: compact.length - 2 }), (end) => {
        expectRefused(compact.slice(0, end));
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: compact.length - 1 }),
        fc.constantFrom("{", "}", "]", ",", ":", '"', "\u0000"),
        (i, ch) => {
          fc.pre(compact[i] !== ch);
          const text = compact.slice(0, i) + ch + compact.slice(i + 1);
          // A changed character may still leave valid JSON (inside a string); whatever it is, reading must not throw.
          expect(() => parseStudyExport(text)).not.toThrow();
        },
      ),
      { numRuns: 200 },
    );
  });
});
