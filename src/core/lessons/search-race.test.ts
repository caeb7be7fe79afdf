import { describe, expect, it } from "vitest";
import { bestSoFar, curvedValley, oneParameterMatters, raceCurve, winsOver } from "./search-race";

describe("lesson objectives", () => {
  it("oneParameterMatters ignores y and is lowest at x = 0.62", () => {
    expect(oneParameterMatters({ x: 0.62, y: 0 })).toBe(0);
    expect(oneParameterMatters({ x: 0.3, y: 0.1 })).toBe(oneParameterMatters({ x: 0.3, y: 0.9 }));
    expect(oneParameterMatters({ x: 0.1, y: 0 })).toBeGreaterThan(0.99);
  });

  it("curvedValley is 0 at (0.7, 0.49) and positive elsewhere", () => {
    expect(curvedValley({ x: 0.7, y: 0.49 })).toBeCloseTo(0, 12);
    expect(curvedValley({ x: 0.2, y: 0.9 })).toBeGreaterThan(1);
  });
});

describe("bestSoFar", () => {
  it("never increases and is reproducible for a seed", () => {
    const curve = bestSoFar("random", curvedValley, 20, 3);
    expect(curve).toHaveLength(20);
    for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeLessThanOrEqual(curve[i - 1]);
    expect(bestSoFar("random", curvedValley, 20, 3)).toEqual(curve);
  });

  it("rejects a bad trial count", () => {
    expect(() => bestSoFar("random", curvedValley, 0, 1)).toThrow(/at least 1 trial, got 0/);
  });
});

describe("raceCurve", () => {
  it("a 4×4 grid tries only 4 values of the parameter that matters; random search beats it in most seeds", () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const grid = raceCurve({ name: "grid", n: 4 }, oneParameterMatters, 16, seeds);
    const random = raceCurve("random", oneParameterMatters, 16, seeds);
    // Every grid seed ends at the grid point nearest 0.62 (x = 2/3).
    for (const v of grid.finals) expect(v).toBeCloseTo(oneParameterMatters({ x: 2 / 3, y: 0 }), 10);
    expect(winsOver(random, grid)).toBeGreaterThan(seeds.length / 2);
  });

  it("summarises seeds with a mean inside the band", () => {
    const r = raceCurve("random", curvedValley, 10, [1, 2, 3]);
    r.mean.forEach((m, i) => {
      expect(m).toBeGreaterThanOrEqual(r.low[i]);
      expect(m).toBeLessThanOrEqual(r.high[i]);
    });
    expect(() => raceCurve("random", curvedValley, 10, [])).toThrow(/at least one seed/);
    expect(() => winsOver(r, raceCurve("random", curvedValley, 10, [1]))).toThrow(/same seeds, got 3 and 1/);
  });
});
