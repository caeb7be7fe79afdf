import { describe, expect, it } from "vitest";
import { logExpectedImprovement, logExpectedImprovementWithGradient, logH, logHDerivative } from "./log-ei";
import { normalCdf } from "../tpe/special-functions";

const phi = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
/** EI for minimisation straight from its definition: (best - mean) Phi(z) + sd phi(z). */
const directEi = (mean: number, sd: number, best: number): number => {
  const z = (best - mean) / sd;
  return (best - mean) * normalCdf(z) + sd * phi(z);
};

describe("log expected improvement", () => {
  it("equals log of the direct formula where that is stable", () => {
    for (const [mean, sd, best] of [
      [0, 1, 0],
      [0.5, 0.3, 0],
      [-1, 2, 0.5],
      [2, 0.5, 0],
      [0.1, 0.01, 0.12],
    ]) {
      expect(logExpectedImprovement(mean, sd, best)).toBeCloseTo(Math.log(directEi(mean, sd, best)), 11);
    }
  });

  it("follows the asymptotic form -z^2/2 - log(sqrt(2 pi)) - 2 log|z| far below the incumbent, where EI underflows", () => {
    for (const z of [-40, -300, -1e4, -1e9]) {
      // h(z) = phi(z) / z^2 (1 - 3/z^2 + 15/z^4 - 105/z^6 + ...).
      const t = 1 / (z * z);
      const asymptotic =
        -0.5 * z * z -
        0.5 * Math.log(2 * Math.PI) -
        2 * Math.log(-z) +
        Math.log(1 - 3 * t + 15 * t * t - 105 * t ** 3);
      expect(Math.abs(logH(z) - asymptotic)).toBeLessThan(1e-9 * Math.abs(asymptotic));
    }
    expect(directEi(45, 1, 0)).toBe(0);
    expect(Number.isFinite(logExpectedImprovement(45, 1, 0))).toBe(true);
  });

  it("is continuous where the formula switches, and its derivative matches finite differences", () => {
    for (const z of [-1, -1e3]) {
      const gap = logH(z + 1e-9) - logH(z - 1e-9);
      expect(Math.abs(gap - 2e-9 * logHDerivative(z))).toBeLessThan(1e-10 * Math.abs(logH(z)));
      expect(logHDerivative(z + 1e-9)).toBeCloseTo(logHDerivative(z - 1e-9), 5);
    }
    for (const z of [-500, -20, -3, -1.2, -0.5, 0, 2, 10]) {
      const h = 1e-5 * Math.max(1, Math.abs(z));
      const fd = (logH(z + h) - logH(z - h)) / (2 * h);
      expect(Math.abs(logHDerivative(z) - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
    }
  });

  it("gradients with respect to mean and variance match finite differences", () => {
    const out = new Float64Array(2);
    for (const [mean, variance, best] of [
      [0.2, 0.5, 0],
      [3, 0.01, 0],
      [-0.4, 2, 0.1],
    ]) {
      logExpectedImprovementWithGradient(mean, variance, best, out);
      const f = (m: number, v: number): number => logExpectedImprovement(m, Math.sqrt(v), best);
      const hm = 1e-6;
      const hv = 1e-6 * variance;
      const dMean = (f(mean + hm, variance) - f(mean - hm, variance)) / (2 * hm);
      const dVar = (f(mean, variance + hv) - f(mean, variance - hv)) / (2 * hv);
      expect(Math.abs(out[0] - dMean)).toBeLessThan(1e-6 * Math.max(1, Math.abs(dMean)));
      expect(Math.abs(out[1] - dVar)).toBeLessThan(1e-6 * Math.max(1, Math.abs(dVar)));
    }
  });

  it("handles zero variance: the improvement itself, or minus infinity", () => {
    expect(logExpectedImprovement(-1, 0, 0)).toBeCloseTo(0, 14);
    expect(logExpectedImprovement(1, 0, 0)).toBe(-Infinity);
  });
});
