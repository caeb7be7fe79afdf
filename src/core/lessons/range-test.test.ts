import { describe, expect, it } from "vitest";
import { exponentialRates, rangeGrowthPerEpoch, suggestLearningRate } from "./range-test";

/** A typical range-test curve: flat, a fall that is steepest near `steep`, a floor, then a blow-up. */
function syntheticCurve(steep: number) {
  return exponentialRates(1e-4, 10, 41).map((lr) => {
    const x = Math.log10(lr / steep);
    const fall = 1 - 0.8 / (1 + Math.exp(-4 * x));
    const blowUp = lr > 1 ? (lr - 1) * 2 : 0;
    return { lr, loss: fall + blowUp };
  });
}

describe("exponentialRates", () => {
  it("spans start to end geometrically", () => {
    const rates = exponentialRates(0.001, 1, 4);
    expect(rates.map((r) => Number(r.toPrecision(6)))).toEqual([0.001, 0.01, 0.1, 1]);
    expect(() => exponentialRates(1, 0.1, 5)).toThrow(/0 < start < end, got start 1 and end 0.1/);
    expect(() => exponentialRates(0.1, 1, 1)).toThrow(/at least 2 points, got 1/);
  });

  it("per-epoch growth reaches the end after the given epochs", () => {
    expect(1e-4 * Math.pow(rangeGrowthPerEpoch(1e-4, 10, 25), 25)).toBeCloseTo(10, 8);
  });
});

describe("suggestLearningRate", () => {
  it("finds the steepest fall of the loss, before the minimum", () => {
    for (const steep of [0.003, 0.03, 0.1]) {
      const s = suggestLearningRate(syntheticCurve(steep), 0);
      expect(Math.abs(Math.log10(s.lr / steep))).toBeLessThan(0.2);
      expect(s.minLossLr).toBeGreaterThan(s.lr);
    }
  });

  it("ignores everything after the loss stops being finite", () => {
    const points = syntheticCurve(0.01).filter((p) => p.lr < 0.5);
    const withBlowUp = [...points, { lr: 1, loss: Infinity }, { lr: 2, loss: 0.001 }];
    const s = suggestLearningRate(withBlowUp, 0.3);
    expect(s.minLossLr).toBeLessThan(1);
    expect(s.smoothed.at(-1)).toBeNaN();
  });

  it("rejects too few finite points, unordered or non-positive rates, and bad smoothing", () => {
    expect(() =>
      suggestLearningRate([
        { lr: 0.1, loss: 1 },
        { lr: 1, loss: NaN },
      ]),
    ).toThrow(/got 1/);
    expect(() =>
      suggestLearningRate([
        { lr: 0.1, loss: 1 },
        { lr: 0.05, loss: 1 },
        { lr: 1, loss: 1 },
      ]),
    ).toThrow(/must increase, got 0.1 then 0.05/);
    expect(() => suggestLearningRate([{ lr: 0, loss: 1 }])).toThrow(/rate 0 must be positive, got 0/);
    expect(() => suggestLearningRate(syntheticCurve(0.01), 1)).toThrow(
      /Smoothing must be in \[0, 1\), got 1/,
    );
  });
});
