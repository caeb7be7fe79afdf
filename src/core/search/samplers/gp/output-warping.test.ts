import { describe, expect, it } from "vitest";
import {
  fitYeoJohnsonLambda,
  standardise,
  warpOutputs,
  yeoJohnson,
  yeoJohnsonLogLikelihood,
} from "./output-warping";

const skewness = (v: ArrayLike<number>): number => {
  const z = standardise(v);
  return z.reduce((s, x) => s + x ** 3, 0) / z.length;
};

describe("output warping", () => {
  it("Yeo-Johnson is the identity at lambda 1, log1p at 0, and increasing", () => {
    for (const y of [-3, -0.5, 0, 0.7, 10]) expect(yeoJohnson(y, 1)).toBeCloseTo(y, 14);
    expect(yeoJohnson(5, 0)).toBeCloseTo(Math.log(6), 14);
    expect(yeoJohnson(-5, 2)).toBeCloseTo(-Math.log(6), 14);
    for (const lambda of [-1.5, 0, 0.5, 2, 3.5]) {
      for (let y = -4; y < 4; y += 0.25)
        expect(yeoJohnson(y + 0.25, lambda)).toBeGreaterThan(yeoJohnson(y, lambda));
    }
  });

  it("fits the exponent of largest likelihood and removes most of a strong skew", () => {
    // Log-normal-like data (Rosenbrock-style losses): a few huge values.
    const data = Array.from({ length: 60 }, (_, i) => Math.exp(3 * Math.sin(i * 1.7) + 0.05 * i));
    const z = standardise(data);
    const lambda = fitYeoJohnsonLambda(z);
    for (const other of [lambda - 0.05, lambda + 0.05]) {
      expect(yeoJohnsonLogLikelihood(z, lambda)).toBeGreaterThanOrEqual(yeoJohnsonLogLikelihood(z, other));
    }
    expect(lambda).toBeLessThan(1);
    const warped = warpOutputs(data);
    expect(Math.abs(skewness(warped))).toBeLessThan(Math.abs(skewness(data)) / 3);
    // Order is kept, and the result is standardised.
    const order = (v: ArrayLike<number>): number[] => Array.from(v, (_, i) => i).sort((a, b) => v[a] - v[b]);
    expect(order(warped)).toEqual(order(data));
    expect(warped.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 10);
  });

  it("leaves constant data at zero", () => {
    expect(Array.from(warpOutputs([2, 2, 2]))).toEqual([0, 0, 0]);
  });
});
