import { describe, expect, it } from "vitest";
import { finiteExtent, objectiveDomain, quantileSorted } from "./domain";

describe("quantileSorted", () => {
  it("interpolates between order statistics", () => {
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([10], 0.3)).toBe(10);
  });
  it("rejects an empty list and a q outside [0, 1]", () => {
    expect(() => quantileSorted([], 0.5)).toThrow(/no values/);
    expect(() => quantileSorted([1], 1.5)).toThrow(/got 1.5/);
  });
});

describe("objectiveDomain", () => {
  const typical = [0.31, 0.35, 0.4, 0.42, 0.45, 0.5, 0.52, 0.6, 0.61, 0.7];

  it("is the extent when there is no outlier", () => {
    expect(objectiveDomain(typical, "minimize")).toEqual([0.31, 0.7]);
  });

  it("cuts a diverged loss on the worse side when minimising but keeps the best", () => {
    const [lo, hi] = objectiveDomain([...typical, 1e9], "minimize")!;
    expect(lo).toBe(0.31);
    expect(hi).toBeLessThan(3);
    expect(hi).toBeGreaterThanOrEqual(0.7);
  });

  it("never cuts the better side: a very good trial stays in view", () => {
    expect(objectiveDomain([...typical, -50], "minimize")![0]).toBe(-50);
    expect(objectiveDomain([...typical, 50], "maximize")![1]).toBe(50);
    expect(objectiveDomain([...typical, -50], "maximize")![0]).toBeGreaterThan(-50);
  });

  it("does not cut with few values", () => {
    expect(objectiveDomain([0.1, 0.2, 1000], "minimize")).toEqual([0.1, 1000]);
  });

  it("ignores non-finite values, and non-positive ones on a log axis", () => {
    expect(objectiveDomain([Number.NaN, 2, Infinity, 4], "minimize")).toEqual([2, 4]);
    expect(objectiveDomain([0, -1, 0.01, 1], "minimize", true)).toEqual([0.01, 1]);
    expect(objectiveDomain([Number.NaN], "minimize")).toBeUndefined();
    expect(objectiveDomain([0, -3], "maximize", true)).toBeUndefined();
  });

  it("widens a single value into a range with width", () => {
    expect(objectiveDomain([2], "minimize")).toEqual([1.8, 2.2]);
    expect(objectiveDomain([0, 0], "minimize")).toEqual([-1, 1]);
    const [lo, hi] = objectiveDomain([0.1], "minimize", true)!;
    expect(lo).toBeLessThan(0.1);
    expect(hi).toBeGreaterThan(0.1);
  });
});

describe("finiteExtent", () => {
  it("skips non-finite values", () => {
    expect(finiteExtent([3, Number.NaN, -1, Infinity])).toEqual([-1, 3]);
    expect(finiteExtent([])).toBeUndefined();
  });
});
