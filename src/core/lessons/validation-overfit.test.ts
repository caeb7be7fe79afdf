import { describe, expect, it } from "vitest";
import { randomTrialParams, selectionCurve, VALIDATION_OVERFIT_SPACE } from "./validation-overfit";

describe("randomTrialParams", () => {
  it("draws distinct parameters inside the space, the same for the same seed", () => {
    const a = randomTrialParams(20, 1);
    expect(a).toHaveLength(20);
    expect(randomTrialParams(20, 1)).toEqual(a);
    expect(randomTrialParams(20, 2)).not.toEqual(a);
    for (const p of a) {
      expect(p.learningRate).toBeGreaterThanOrEqual(0.001);
      expect(p.learningRate).toBeLessThanOrEqual(0.3);
      expect(Number.isInteger(p.units)).toBe(true);
      expect(p.units).toBeGreaterThanOrEqual(2);
      expect(p.units).toBeLessThanOrEqual(32);
    }
    expect(new Set(a.map((p) => p.learningRate)).size).toBe(20);
    expect(Object.keys(a[0]).sort()).toEqual(Object.keys(VALIDATION_OVERFIT_SPACE).sort());
  });

  it("rejects a trial count below 1, naming it", () => {
    expect(() => randomTrialParams(0, 1)).toThrow("Need at least 1 trial, got 0");
    expect(() => randomTrialParams(2.5, 1)).toThrow("got 2.5");
  });
});

describe("selectionCurve", () => {
  it("keeps the best validation score so far and the test score of that same trial", () => {
    const steps = selectionCurve([
      { val: 0.7, test: 0.72 },
      { val: 0.8, test: 0.74 },
      { val: 0.8, test: 0.79 }, // A tie keeps the earlier trial.
      { val: 0.75, test: 0.8 },
      { val: 0.9, test: 0.76 },
    ]);
    expect(steps.map((s) => s.bestTrial)).toEqual([1, 2, 2, 2, 5]);
    expect(steps.map((s) => s.bestVal)).toEqual([0.7, 0.8, 0.8, 0.8, 0.9]);
    expect(steps.map((s) => s.testOfBest)).toEqual([0.72, 0.74, 0.74, 0.74, 0.76]);
    expect(steps[4].gap).toBeCloseTo(0.14, 12);
    expect(steps[0].gap).toBeCloseTo(-0.02, 12);
    // Mean of val − test: (−0.02 + 0.06 + 0.01 − 0.05 + 0.14) / 5.
    expect(steps[4].meanGap).toBeCloseTo(0.028, 12);
  });

  it("stops at the first trial still running", () => {
    const steps = selectionCurve([{ val: 0.5, test: 0.5 }, null, { val: 0.9, test: 0.6 }]);
    expect(steps).toHaveLength(1);
    expect(selectionCurve([null, { val: 1, test: 1 }])).toEqual([]);
  });

  it("rejects scores that are not finite, naming the trial", () => {
    expect(() => selectionCurve([{ val: NaN, test: 0.5 }])).toThrow(
      "Trial 1 needs finite scores, got validation NaN and test 0.5",
    );
  });
});
