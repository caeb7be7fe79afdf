import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { kFolds, splitIndices, type SplitIndices } from "./split";

/** Labels 0..k-1 with the given counts, classes interleaved so row order tells nothing. */
function labels(counts: number[]): Float32Array {
  const out: number[] = [];
  const left = counts.slice();
  while (left.some((c) => c > 0)) {
    left.forEach((c, i) => {
      if (c > 0) {
        out.push(i);
        left[i]--;
      }
    });
  }
  return Float32Array.from(out);
}

function countByClass(y: ArrayLike<number>, rows: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of rows) m.set(y[r], (m.get(y[r]) ?? 0) + 1);
  return m;
}

function expectPartition(s: SplitIndices, n: number): void {
  const all = [...s.train, ...s.val, ...s.test].sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
}

describe("splitIndices", () => {
  const y = labels([50, 30, 20]);

  it("partitions the rows into disjoint, covering, ascending sets of the asked sizes", () => {
    const s = splitIndices(y, { task: "multiclass", valRatio: 0.25, testRatio: 0.2, seed: 1 });
    expectPartition(s, 100);
    expect(s.test.length).toBe(20);
    expect(s.val.length).toBe(20); // 25 % of the 80 non-test rows
    expect(s.train.length).toBe(60);
    for (const part of [s.train, s.val, s.test]) {
      expect(part).toEqual(part.slice().sort((a, b) => a - b));
    }
  });

  it("stratifies test and validation sets by class", () => {
    const s = splitIndices(y, { task: "multiclass", valRatio: 0.25, testRatio: 0.2, seed: 3 });
    expect(countByClass(y, s.test)).toEqual(
      new Map([
        [0, 10],
        [1, 6],
        [2, 4],
      ]),
    );
    expect(countByClass(y, s.val)).toEqual(
      new Map([
        [0, 10],
        [1, 6],
        [2, 4],
      ]),
    );
    expect(countByClass(y, s.train)).toEqual(
      new Map([
        [0, 30],
        [1, 18],
        [2, 12],
      ]),
    );
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const opts = { task: "binary" as const, valRatio: 0.2, testRatio: 0.2 };
    const yb = labels([60, 40]);
    const a = splitIndices(yb, { ...opts, seed: 7 });
    const b = splitIndices(yb, { ...opts, seed: 7 });
    const c = splitIndices(yb, { ...opts, seed: 8 });
    expect(a).toEqual(b);
    expect(c.test).not.toEqual(a.test);
  });

  it("keeps the same test set for every validation ratio and every fold", () => {
    const base = { task: "multiclass" as const, testRatio: 0.2, seed: 11 };
    const reference = splitIndices(y, { ...base, valRatio: 0.1 }).test;
    expect(splitIndices(y, { ...base, valRatio: 0.4 }).test).toEqual(reference);
    for (let index = 0; index < 5; index++) {
      expect(splitIndices(y, { ...base, valRatio: 0.3, fold: { k: 5, index } }).test).toEqual(reference);
    }
  });

  it("uses the source's own test set (the last rows) and ignores testRatio then", () => {
    const s = splitIndices(y, {
      task: "multiclass",
      valRatio: 0.25,
      testRatio: 0.3,
      seed: 2,
      sourceTestCount: 10,
    });
    expect(s.test).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98, 99]);
    expect(s.val.length).toBe(23); // round(0.25 × 90)
    expect(s.train.length).toBe(67);
    expectPartition(s, 100);
  });

  it("makes no test set at testRatio 0 and no validation set at valRatio 0", () => {
    const s = splitIndices(y, { task: "multiclass", valRatio: 0, testRatio: 0, seed: 2 });
    expect(s.test).toEqual([]);
    expect(s.val).toEqual([]);
    expect(s.train.length).toBe(100);
  });

  it("holds out at least one row for a small positive ratio", () => {
    const s = splitIndices(labels([5, 5]), { task: "binary", valRatio: 0.01, testRatio: 0.01, seed: 0 });
    expect(s.test.length).toBe(1);
    expect(s.val.length).toBe(1);
    expect(s.train.length).toBe(8);
  });

  it("splits regression targets without stratifying", () => {
    const yr = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3.7);
    const s = splitIndices(yr, { task: "regression", valRatio: 0.2, testRatio: 0.2, seed: 5 });
    expectPartition(s, 50);
    expect(s.test.length).toBe(10);
    expect(s.val.length).toBe(8);
  });

  it("with a fold, validates on that fold of the non-test rows and trains on the rest", () => {
    const base = { task: "multiclass" as const, valRatio: 0.2, testRatio: 0.2, seed: 4 };
    const vals: number[][] = [];
    for (let index = 0; index < 4; index++) {
      const s = splitIndices(y, { ...base, fold: { k: 4, index } });
      expectPartition(s, 100);
      expect(s.val.length).toBe(20);
      expect(s.train.length).toBe(60);
      vals.push(s.val);
    }
    // The validation folds are disjoint and cover the non-test rows.
    const union = vals.flat().sort((a, b) => a - b);
    expect(new Set(union).size).toBe(80);
    const test = splitIndices(y, base).test;
    expect(union.some((r) => test.includes(r))).toBe(false);
  });

  it("holds for random label sets and ratios (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 10, maxLength: 200 }),
        fc.double({ min: 0, max: 0.45, noNaN: true }),
        fc.double({ min: 0, max: 0.45, noNaN: true }),
        fc.integer(),
        (ys, valRatio, testRatio, seed) => {
          const yy = Float32Array.from(ys);
          const s = splitIndices(yy, { task: "multiclass", valRatio, testRatio, seed });
          expectPartition(s, ys.length);
          // Stratified: each class's test share is within one row of its exact share.
          const exactTest = Math.max(testRatio > 0 ? 1 : 0, Math.round(ys.length * testRatio));
          expect(s.test.length).toBe(exactTest);
          for (const [cls, count] of countByClass(yy, [...s.train, ...s.val, ...s.test])) {
            const inTest = countByClass(yy, s.test).get(cls) ?? 0;
            expect(Math.abs(inTest - (count * exactTest) / ys.length)).toBeLessThan(1 + 1e-9);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses bad ratios, naming the value", () => {
    const run = (valRatio: number, testRatio: number) => () =>
      splitIndices(y, { task: "multiclass", valRatio, testRatio, seed: 0 });
    expect(run(-0.1, 0.2)).toThrow(/Validation ratio.*-0\.1/);
    expect(run(0.2, -0.5)).toThrow(/Test ratio.*-0\.5/);
    expect(run(0.6, 0.4)).toThrow(/add up to less than 1.*0\.6 \+ 0\.4/);
    expect(run(0.2, 1)).toThrow(/Test ratio.*got 1/);
    expect(run(Number.NaN, 0.2)).toThrow(/Validation ratio.*NaN/);
  });

  it("refuses bad fold settings, naming the value", () => {
    const run = (k: number, index: number) => () =>
      splitIndices(y, { task: "multiclass", valRatio: 0.2, testRatio: 0.2, seed: 0, fold: { k, index } });
    expect(run(2, 0)).toThrow(/Fold count.*3 to 10.*got 2/);
    expect(run(11, 0)).toThrow(/got 11/);
    expect(run(5, 5)).toThrow(/Fold index.*0 to 4.*got 5/);
    expect(run(5, -1)).toThrow(/got -1/);
    expect(run(5, 1.5)).toThrow(/got 1\.5/);
  });

  it("refuses a class too small for the folds, naming the class and its count", () => {
    const small = labels([20, 2]);
    expect(() =>
      splitIndices(small, { task: "binary", valRatio: 0.2, testRatio: 0, seed: 0, fold: { k: 3, index: 0 } }),
    ).toThrow(/Class 1 has 2 examples, too few for 3 folds/);
  });

  it("refuses bad labels, sizes and source test counts", () => {
    expect(() =>
      splitIndices(Float32Array.from([0, 1, 1.5, 0]), {
        task: "binary",
        valRatio: 0.2,
        testRatio: 0.2,
        seed: 0,
      }),
    ).toThrow(/row 2 must be a non-negative integer, got 1\.5/);
    expect(() =>
      splitIndices(Float32Array.from([1]), { task: "binary", valRatio: 0.2, testRatio: 0.2, seed: 0 }),
    ).toThrow(/at least 2 examples to split, got 1/);
    expect(() =>
      splitIndices(y, { task: "multiclass", valRatio: 0.2, testRatio: 0, seed: 0, sourceTestCount: 100 }),
    ).toThrow(/test set size.*got 100/);
    expect(() =>
      splitIndices(y, { task: "multiclass", valRatio: 0.2, testRatio: 0, seed: 0, sourceTestCount: 2.5 }),
    ).toThrow(/got 2\.5/);
    expect(() =>
      splitIndices(Float32Array.from([0, 1]), { task: "binary", valRatio: 0.5, testRatio: 0.4, seed: 0 }),
    ).toThrow(/Too few examples: 2 rows leave none for training/);
  });
});

describe("kFolds", () => {
  it("puts every row in exactly one fold, with near-equal sizes and classes spread evenly", () => {
    const y = labels([40, 25, 13]);
    const rows = Array.from({ length: 78 }, (_, i) => i);
    const folds = kFolds(rows, y, "multiclass", 5, 9);
    expect(folds.length).toBe(5);
    expect(folds.flat().sort((a, b) => a - b)).toEqual(rows);
    const sizes = folds.map((f) => f.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const cls of [0, 1, 2]) {
      const perFold = folds.map((f) => countByClass(y, f).get(cls) ?? 0);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
  });

  it("folds only the rows given, deterministically for a seed", () => {
    const y = labels([30, 30]);
    const rows = [1, 4, 5, 8, 10, 11, 20, 21, 30, 33, 40, 41, 50, 51, 57];
    const a = kFolds(rows, y, "binary", 3, 2);
    expect(a.flat().sort((p, q) => p - q)).toEqual(rows);
    expect(kFolds(rows, y, "binary", 3, 2)).toEqual(a);
    expect(kFolds(rows, y, "binary", 3, 3)).not.toEqual(a);
  });

  it("folds regression rows without looking at classes", () => {
    const y = Float32Array.from({ length: 31 }, (_, i) => i * 0.37);
    const rows = Array.from({ length: 31 }, (_, i) => i);
    const folds = kFolds(rows, y, "regression", 10, 1);
    expect(folds.map((f) => f.length).sort()).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 4]);
  });

  it("refuses bad input, naming the value", () => {
    const y = labels([10, 10]);
    const rows = Array.from({ length: 20 }, (_, i) => i);
    expect(() => kFolds(rows, y, "binary", 3.5, 0)).toThrow(/got 3\.5/);
    expect(() => kFolds([0, 1, 2, 2], y, "binary", 3, 0)).toThrow(/Row 2 is listed twice/);
    expect(() => kFolds([0, 1, 25], y, "binary", 3, 0)).toThrow(/Row index.*got 25/);
    expect(() => kFolds([0, 1], y, "regression", 3, 0)).toThrow(/at least 3 examples for 3 folds, got 2/);
  });
});
