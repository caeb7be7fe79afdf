import { describe, expect, it } from "vitest";
import {
  erfc,
  erfcx,
  log1mexp,
  logAddExp,
  logNormalCdf,
  logNormalIntervalMass,
  logNormalMass,
  normalCdf,
  normalQuantile,
  truncatedNormalEnd,
  truncatedNormalQuantile,
  truncatedNormalQuantileFrom,
} from "./special-functions";

/** erf by its Maclaurin series in exact-enough double arithmetic for |x| <= 1.5 (an independent check). */
function erfSeries(x: number): number {
  let sum = 0;
  let term = x;
  for (let n = 0; n < 80; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** erfc(x) x sqrt(pi) e^{x^2} by its asymptotic series: 1 - 1/(2x^2) + 3/(4x^4) - 15/(8x^6) + 105/(16x^8). */
function erfcxAsymptotic(x: number): number {
  const t = 1 / (2 * x * x);
  return (1 - t + 3 * t * t - 15 * t ** 3 + 105 * t ** 4) / (x * Math.sqrt(Math.PI));
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("error functions", () => {
  it("match the Maclaurin series where it converges", () => {
    for (const x of [-1.5, -0.7, -0.2, 0, 0.1, 0.45, 0.5, 0.9, 1.3, 1.5]) {
      expect(rel(erfc(x), 1 - erfSeries(x))).toBeLessThan(1e-13);
      expect(rel(erfcx(x), Math.exp(x * x) * (1 - erfSeries(x)))).toBeLessThan(1e-12);
    }
  });

  it("match the asymptotic series far in the tail, where erfc itself underflows", () => {
    for (const x of [30, 100, 1e4]) expect(rel(erfcx(x), erfcxAsymptotic(x))).toBeLessThan(1e-12);
    expect(rel(erfcx(12), erfcxAsymptotic(12))).toBeLessThan(1e-9);
    expect(erfc(30)).toBe(0);
    expect(erfcx(30)).toBeGreaterThan(0);
  });

  it("are continuous where the method switches (x = 2, 3, 4)", () => {
    for (const x of [2, 3, 4]) {
      expect(rel(erfcx(x - 1e-9), erfcx(x + 1e-9))).toBeLessThan(1e-8);
    }
  });

  it("give known values", () => {
    expect(rel(erfc(1), 0.15729920705028513)).toBeLessThan(1e-14);
    expect(rel(normalCdf(1.96), 0.97500210485178)).toBeLessThan(1e-14);
    expect(rel(normalCdf(-5), 2.866515718791939e-7)).toBeLessThan(1e-12);
  });
});

describe("log CDF and interval masses", () => {
  it("log Phi agrees with log of Phi in the bulk and with the tail expansion far left", () => {
    for (const z of [-3, -1, 0, 0.5, 2])
      expect(rel(logNormalCdf(z), Math.log(normalCdf(z)))).toBeLessThan(1e-13);
    // Phi(z) ~ phi(z) / |z| (1 - 1/z^2 + 3/z^4) for z -> -infinity.
    const z = -60;
    const tail =
      -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - Math.log(-z) + Math.log(1 - 1 / (z * z) + 3 / z ** 4);
    expect(rel(logNormalCdf(z), tail)).toBeLessThan(1e-12);
  });

  it("log masses of intervals agree with CDF differences and stay finite in the tails", () => {
    for (const [a, b] of [
      [-1, 1],
      [-0.3, 0.2],
      [0.5, 2],
      [-2.5, -1],
    ]) {
      expect(rel(logNormalMass(a, b), Math.log(normalCdf(b) - normalCdf(a)))).toBeLessThan(1e-12);
      expect(rel(logNormalIntervalMass(a, b), Math.log(normalCdf(b) - normalCdf(a)))).toBeLessThan(1e-12);
    }
    // Far right tail, where both CDFs round to 1: mass of [40, 41] ~ log Phi(-40) minus a negligible amount.
    expect(rel(logNormalMass(40, 41), logNormalCdf(-40))).toBeLessThan(1e-12);
    expect(Number.isFinite(logNormalIntervalMass(40, 40.001))).toBe(true);
    // A narrow interval: mass ~ width x density at the midpoint.
    const narrow = logNormalIntervalMass(1, 1 + 1e-7);
    expect(rel(narrow, Math.log(1e-7) - 0.5 * (1 + 5e-8) ** 2 - 0.5 * Math.log(2 * Math.PI))).toBeLessThan(
      1e-9,
    );
    expect(() => logNormalMass(1, 0)).toThrow("logNormalMass needs a <= b, got a = 1, b = 0");
  });

  it("log-space helpers", () => {
    expect(rel(log1mexp(-1e-10), Math.log(1e-10))).toBeLessThan(1e-9);
    expect(rel(log1mexp(-5), Math.log(1 - Math.exp(-5)))).toBeLessThan(1e-14);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-Infinity, 3)).toBe(3);
  });
});

describe("quantiles", () => {
  it("invert the CDF to rounding level, tails included", () => {
    for (const p of [1e-300, 1e-20, 1e-6, 0.01, 0.2, 0.5, 0.77, 0.99, 1 - 1e-9]) {
      const z = normalQuantile(p);
      const back = p < 0.5 ? Math.exp(logNormalCdf(z)) : normalCdf(z);
      expect(rel(back, p)).toBeLessThan(1e-12);
    }
    expect(normalQuantile(0.5)).toBe(0);
    expect(() => normalQuantile(1.5)).toThrow("A probability in [0, 1] is needed, got 1.5");
  });

  it("truncated quantiles stay in the interval and split its mass as asked", () => {
    for (const [a, b] of [
      [-1, 2],
      [3, 5],
      [-8, -7],
    ]) {
      for (const u of [0, 0.25, 0.5, 0.999]) {
        const z = truncatedNormalQuantile(a, b, u);
        expect(z).toBeGreaterThanOrEqual(a);
        expect(z).toBeLessThanOrEqual(b);
        const share = Math.exp(logNormalMass(a, Math.max(a, z)) - logNormalMass(a, b));
        expect(Math.abs(share - u)).toBeLessThan(1e-9);
      }
    }
  });

  it("from ends computed once, a truncated quantile is the very same number", () => {
    // The TPE sampler computes each kernel's ends once and draws many times: the draws must not change.
    for (const [a, b] of [
      [-1, 2],
      [0, 0.5],
      [3, 5],
      [-8, -7],
      [-40, 40],
      [2.5, 30],
    ]) {
      const endA = truncatedNormalEnd(a, a);
      const endB = truncatedNormalEnd(a, b);
      for (let i = 0; i < 200; i++) {
        const u = i / 200 + 1e-3 * Math.sin(i);
        expect(
          Object.is(truncatedNormalQuantileFrom(a, b, endA, endB, u), truncatedNormalQuantile(a, b, u)),
        ).toBe(true);
      }
    }
  });
});
