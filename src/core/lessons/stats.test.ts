import { describe, expect, it } from "vitest";
import {
  mean,
  meanConfidenceInterval,
  sampleVariance,
  studentTCdf,
  studentTQuantile,
  welchTTest,
} from "./stats";

/** Student-t CDF by Simpson integration of the density, an independent check of the closed form. */
function cdfByIntegration(t: number, df: number): number {
  const density = (x: number) => Math.pow(1 + (x * x) / df, -(df + 1) / 2);
  const integrate = (a: number, b: number) => {
    const n = 20000;
    const h = (b - a) / n;
    let s = density(a) + density(b);
    for (let i = 1; i < n; i++) s += density(a + i * h) * (i % 2 ? 4 : 2);
    return (s * h) / 3;
  };
  const total = 2 * integrate(0, 2000);
  return 0.5 + Math.sign(t) * (integrate(0, Math.abs(t)) / total);
}

describe("sample statistics", () => {
  it("computes mean and unbiased variance", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sampleVariance([1, 2, 3, 4, 5])).toBeCloseTo(2.5, 12);
  });

  it("rejects empty samples and non-finite values, naming them", () => {
    expect(() => mean([])).toThrow(/at least 1 values, got 0/);
    expect(() => sampleVariance([1])).toThrow(/at least 2/);
    expect(() => mean([1, NaN])).toThrow(/finite numbers, got NaN/);
  });
});

describe("Student t distribution", () => {
  it("matches numeric integration of the density", () => {
    for (const df of [1, 3, 4.5, 10, 30]) {
      for (const t of [-3, -1, 0.5, 2, 4]) {
        expect(studentTCdf(t, df)).toBeCloseTo(cdfByIntegration(t, df), 3);
      }
    }
  });

  it("has the tabulated two-sided 95% critical values", () => {
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.776, 3);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.262, 3);
    expect(studentTQuantile(0.975, 1000)).toBeCloseTo(1.962, 2);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.776, 3);
  });

  it("rejects bad arguments", () => {
    expect(() => studentTCdf(1, 0)).toThrow(/Degrees of freedom must be a positive number, got 0/);
    expect(() => studentTQuantile(1, 3)).toThrow(/strictly between 0 and 1, got 1/);
  });
});

describe("meanConfidenceInterval", () => {
  it("is mean ± t·s/√n", () => {
    const ci = meanConfidenceInterval([1, 2, 3, 4, 5]);
    const half = 2.7764451 * Math.sqrt(2.5 / 5);
    expect(ci.mean).toBe(3);
    expect(ci.halfWidth).toBeCloseTo(half, 4);
    expect(ci.low).toBeCloseTo(3 - half, 4);
    expect(ci.high).toBeCloseTo(3 + half, 4);
  });

  it("widens with the confidence level", () => {
    const values = [0.3, 0.35, 0.32, 0.4, 0.28];
    expect(meanConfidenceInterval(values, 0.99).halfWidth).toBeGreaterThan(
      meanConfidenceInterval(values).halfWidth,
    );
    expect(() => meanConfidenceInterval(values, 1.5)).toThrow(/got 1.5/);
  });
});

describe("welchTTest", () => {
  it("computes t, the Welch–Satterthwaite df and a two-sided p", () => {
    const r = welchTTest([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
    expect(r.difference).toBe(-3);
    expect(r.t).toBeCloseTo(-3 / Math.sqrt(2.5), 10);
    expect(r.df).toBeCloseTo(6.25 / 1.0625, 10);
    expect(r.p).toBeCloseTo(2 * cdfByIntegration(r.t, r.df), 3);
  });

  it("gives a small p for clearly separated samples and a large one for overlapping samples", () => {
    expect(welchTTest([0.1, 0.11, 0.12, 0.1, 0.11], [0.3, 0.31, 0.29, 0.3, 0.32]).p).toBeLessThan(0.001);
    expect(welchTTest([0.3, 0.35, 0.32, 0.4, 0.28], [0.31, 0.36, 0.3, 0.38, 0.29]).p).toBeGreaterThan(0.5);
  });

  it("handles constant samples and rejects short ones", () => {
    expect(welchTTest([1, 1], [1, 1]).p).toBe(1);
    expect(welchTTest([1, 1], [2, 2]).p).toBe(0);
    expect(() => welchTTest([1], [1, 2])).toThrow(/first sample\) needs at least 2 values, got 1/);
  });
});
