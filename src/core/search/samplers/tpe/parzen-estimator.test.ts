import { describe, expect, it } from "vitest";
import { Rng } from "../../../rng";
import { dimensionOf, type TpeDimension } from "./dimensions";
import { ParzenEstimator, type ParzenSettings } from "./parzen-estimator";

// An independent normal CDF for the hand computations: erf by its Maclaurin series (fine for |z| < 6).
function phiCdf(z: number): number {
  const x = z / Math.SQRT2;
  let sum = 0;
  let term = x;
  for (let n = 0; n < 200; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return 0.5 * (1 + (2 / Math.sqrt(Math.PI)) * sum);
}
const pdf = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
/** Density of N(mu, sigma) truncated to [low, high] at x. */
const truncPdf = (x: number, mu: number, sigma: number, low: number, high: number): number =>
  pdf((x - mu) / sigma) / sigma / (phiCdf((high - mu) / sigma) - phiCdf((low - mu) / sigma));

const OPTUNA: ParzenSettings = {
  priorWeight: 1,
  considerMagicClip: true,
  considerEndpoints: false,
  multivariate: false,
  multivariateBandwidth: "optuna",
};
const col = (...v: number[]): Float64Array => Float64Array.from(v);

describe("ParzenEstimator, univariate", () => {
  it("continuous: bandwidths from neighbour gaps, magic clip, prior kernel; log-pdf by the formula", () => {
    const dim: TpeDimension = { kind: "numeric", low: 0, high: 10, discretize: null };
    const pe = new ParzenEstimator([dim], [col(2, 7)], col(1, 1), OPTUNA);
    // Centres 2, 7 and the prior 5; with the ends 0 and 10 the sorted list is 0, 2, 5, 7, 10.
    // Without endpoints the outermost take their inner gap: sigma(2) = 5 - 2 = 3, sigma(7) = 7 - 5 = 2,
    // then the magic clip raises sigma(7) to 10 / min(100, 2 + 2) = 2.5. The prior has sigma 10.
    const kernels: [number, number][] = [
      [2, 3],
      [7, 2.5],
      [5, 10],
    ];
    const xs = [0.5, 2, 4.2, 9.9];
    const got = pe.logPdf([col(...xs)], xs.length);
    xs.forEach((x, j) => {
      const expected = Math.log(kernels.reduce((s, [mu, sigma]) => s + truncPdf(x, mu, sigma, 0, 10) / 3, 0));
      expect(got[j]).toBeCloseTo(expected, 12);
    });
  });

  it("observation weights and the prior weight enter the mixture", () => {
    const dim: TpeDimension = { kind: "numeric", low: 0, high: 10, discretize: null };
    const pe = new ParzenEstimator([dim], [col(2, 7)], col(0.25, 1), { ...OPTUNA, priorWeight: 0.5 });
    const x = 6;
    const total = 0.25 + 1 + 0.5;
    const expected = Math.log(
      (0.25 * truncPdf(x, 2, 3, 0, 10) + 1 * truncPdf(x, 7, 2.5, 0, 10) + 0.5 * truncPdf(x, 5, 10, 0, 10)) /
        total,
    );
    expect(pe.logPdf([col(x)], 1)[0]).toBeCloseTo(expected, 12);
  });

  it("integers: each value's probability is the kernel mass of its cell [v - 0.5, v + 0.5]", () => {
    const dim = dimensionOf({ type: "int", low: 0, high: 4 });
    const pe = new ParzenEstimator([dim], [col(1, 3)], col(1, 1), OPTUNA);
    // Internal bounds [-0.5, 4.5]; sorted -0.5, 1, 2, 3, 4.5 gives inner gaps 1 and 1, clipped up to
    // 5 / 4 = 1.25; the prior is centred at 2 with sigma 5.
    const kernels: [number, number][] = [
      [1, 1.25],
      [3, 1.25],
      [2, 5],
    ];
    const mass = (v: number, mu: number, sigma: number): number =>
      (phiCdf((v + 0.5 - mu) / sigma) - phiCdf((v - 0.5 - mu) / sigma)) /
      (phiCdf((4.5 - mu) / sigma) - phiCdf((-0.5 - mu) / sigma));
    const values = [0, 1, 2, 3, 4];
    const got = pe.logPdf([col(...values)], values.length);
    let total = 0;
    values.forEach((v, j) => {
      const p = kernels.reduce((s, [mu, sigma]) => s + mass(v, mu, sigma) / 3, 0);
      total += p;
      expect(got[j]).toBeCloseTo(Math.log(p), 12);
    });
    expect(total).toBeCloseTo(1, 12);
  });

  it("log integers: cells are [log(v - 0.5), log(v + 0.5)] and samples land on integers", () => {
    const dim = dimensionOf({ type: "int", low: 1, high: 100, log: true });
    const obs = [Math.log(3), Math.log(40)];
    const pe = new ParzenEstimator([dim], [col(...obs)], col(1, 1), OPTUNA);
    const rng = new Rng(4);
    const samples = pe.sample(rng, 200)[0];
    for (const s of samples) {
      const v = Math.exp(s);
      expect(Math.abs(v - Math.round(v))).toBeLessThan(1e-9);
      expect(Math.round(v)).toBeGreaterThanOrEqual(1);
      expect(Math.round(v)).toBeLessThanOrEqual(100);
    }
    // The masses of all 100 values sum to one.
    const all = Float64Array.from({ length: 100 }, (_, i) => Math.log(i + 1));
    const p = pe.logPdf([all], 100).reduce((s, l) => s + Math.exp(l), 0);
    expect(p).toBeCloseTo(1, 10);
  });

  it("categorical: weight 1 on the observed choice plus priorWeight / kernels spread evenly; the prior is uniform", () => {
    const dim: TpeDimension = { kind: "categorical", size: 3 };
    const pe = new ParzenEstimator([dim], [col(0, 0, 2)], col(1, 1, 1), OPTUNA);
    // Four kernels (three observations and the prior): each observation row is (1/4 + [c == obs]) / (3/4 + 1).
    const row = (obs: number, c: number): number => (0.25 + (c === obs ? 1 : 0)) / 1.75;
    const expected = [0, 1, 2].map((c) => (row(0, c) + row(0, c) + row(2, c) + 1 / 3) / 4);
    const got = pe.logPdf([col(0, 1, 2)], 3);
    expected.forEach((p, c) => expect(got[c]).toBeCloseTo(Math.log(p), 12));
  });

  it("samples follow the density (frequencies of a categorical and of an integer)", () => {
    const rng = new Rng(11);
    const cat = new ParzenEstimator([{ kind: "categorical", size: 3 }], [col(0, 0, 2)], col(1, 1, 1), OPTUNA);
    const n = 20000;
    const counts = [0, 0, 0];
    for (const c of cat.sample(rng, n)[0]) counts[c]++;
    const probs = cat.logPdf([col(0, 1, 2)], 3).map(Math.exp);
    counts.forEach((k, c) => expect(Math.abs(k / n - probs[c])).toBeLessThan(0.015));
  });
});

describe("ParzenEstimator, multivariate", () => {
  it("product kernels with the Scott-like bandwidth 0.2 n^(-1/(d+4)) range, clipped", () => {
    const dims: TpeDimension[] = [
      { kind: "numeric", low: 0, high: 10, discretize: null },
      { kind: "numeric", low: 0, high: 5, discretize: null },
      { kind: "categorical", size: 2 },
    ];
    const settings = { ...OPTUNA, multivariate: true };
    const pe = new ParzenEstimator(dims, [col(2, 7), col(1, 4), col(0, 1)], col(1, 1), settings);
    // 0.2 * 2^(-1/7) * range is below the clip range / 4, so sigma = 2.5 and 1.25.
    const s0 = Math.max(0.2 * 2 ** (-1 / 7) * 10, 10 / 4);
    const s1 = Math.max(0.2 * 2 ** (-1 / 7) * 5, 5 / 4);
    const catRow = (obs: number, c: number): number => (1 / 3 + (c === obs ? 1 : 0)) / (2 / 3 + 1);
    const point = [3.3, 2.2, 1];
    const k1 = truncPdf(point[0], 2, s0, 0, 10) * truncPdf(point[1], 1, s1, 0, 5) * catRow(0, 1);
    const k2 = truncPdf(point[0], 7, s0, 0, 10) * truncPdf(point[1], 4, s1, 0, 5) * catRow(1, 1);
    const prior = truncPdf(point[0], 5, 10, 0, 10) * truncPdf(point[1], 2.5, 5, 0, 5) * 0.5;
    const got = pe.logPdf([col(point[0]), col(point[1]), col(point[2])], 1)[0];
    expect(got).toBeCloseTo(Math.log((k1 + k2 + prior) / 3), 12);
  });

  it("Scott bandwidths follow the observations' spread: sd * n^(-1/(d+4)), clipped", () => {
    const dims: TpeDimension[] = [
      { kind: "numeric", low: 0, high: 10, discretize: null },
      { kind: "numeric", low: 0, high: 10, discretize: null },
    ];
    const settings: ParzenSettings = { ...OPTUNA, multivariate: true, multivariateBandwidth: "scott" };
    // Dimension 0 spread widely, dimension 1 tightly; five observations, d = 2.
    const a = [1, 3, 5, 7, 9];
    const b = [4.9, 5, 5.1, 5, 5];
    const pe = new ParzenEstimator(dims, [col(...a), col(...b)], col(1, 1, 1, 1, 1), settings);
    const sd = (v: number[]): number => {
      const m = v.reduce((x, y) => x + y) / v.length;
      return Math.sqrt(v.reduce((x, y) => x + (y - m) ** 2, 0) / (v.length - 1));
    };
    const s0 = sd(a) * 5 ** (-1 / 6);
    const s1 = Math.max(sd(b) * 5 ** (-1 / 6), 10 / 7); // the magic clip: range / min(100, 5 + 2)
    const point = [4, 5.5];
    const mix =
      a.reduce(
        (acc, mu, i) => acc + truncPdf(point[0], mu, s0, 0, 10) * truncPdf(point[1], b[i], s1, 0, 10),
        0,
      ) +
      truncPdf(point[0], 5, 10, 0, 10) * truncPdf(point[1], 5, 10, 0, 10);
    expect(pe.logPdf([col(point[0]), col(point[1])], 1)[0]).toBeCloseTo(Math.log(mix / 6), 12);
  });

  it("repeated integer observations (kernels that share a centre and a bandwidth) keep their own weights", () => {
    // Multivariate Scott bandwidth: every observation kernel of a dimension has the same sigma, so
    // the three observations of 2 are one kernel computed once, with each observation's own weight.
    const dims = [
      dimensionOf({ type: "int", low: 0, high: 6 }),
      dimensionOf({ type: "int", low: 0, high: 3 }),
    ];
    const obs = [col(2, 5, 2, 2), col(1, 1, 3, 1)];
    const weights = col(1, 2, 3, 4);
    const pe = new ParzenEstimator(dims, obs, weights, {
      ...OPTUNA,
      multivariate: true,
      multivariateBandwidth: "scott",
    });
    const scottSigma = (xs: Float64Array, lo: number, hi: number): number => {
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
      const range = hi - lo;
      return Math.min(range, Math.max(range / Math.min(100, xs.length + 2), sd * xs.length ** (-1 / 6)));
    };
    const bounds: [number, number][] = [
      [-0.5, 6.5],
      [-0.5, 3.5],
    ];
    const sigmas = bounds.map(([lo, hi], d) => scottSigma(obs[d], lo, hi));
    const mass = (v: number, mu: number, sigma: number, [lo, hi]: [number, number]): number =>
      (phiCdf((v + 0.5 - mu) / sigma) - phiCdf((v - 0.5 - mu) / sigma)) /
      (phiCdf((hi - mu) / sigma) - phiCdf((lo - mu) / sigma));
    const points: [number, number][] = [
      [2, 1],
      [5, 3],
      [0, 0],
      [2, 3],
      [6, 1],
    ];
    const total = 1 + 2 + 3 + 4 + 1;
    const got = pe.logPdf([col(...points.map((p) => p[0])), col(...points.map((p) => p[1]))], points.length);
    points.forEach(([a, b], j) => {
      let p = 0;
      for (let i = 0; i < 4; i++) {
        p +=
          (weights[i] / total) *
          mass(a, obs[0][i], sigmas[0], bounds[0]) *
          mass(b, obs[1][i], sigmas[1], bounds[1]);
      }
      p += (1 / total) * mass(a, 3, 7, bounds[0]) * mass(b, 1.5, 4, bounds[1]);
      expect(got[j]).toBeCloseTo(Math.log(p), 10);
    });
  });

  it("with no observations it is the prior alone", () => {
    const dim: TpeDimension = { kind: "numeric", low: -1, high: 1, discretize: null };
    const pe = new ParzenEstimator([dim], [new Float64Array(0)], new Float64Array(0), OPTUNA);
    expect(pe.kernelCount).toBe(1);
    expect(pe.logPdf([col(0.3)], 1)[0]).toBeCloseTo(Math.log(truncPdf(0.3, 0, 2, -1, 1)), 12);
  });

  it("rejects bad input with a clear message", () => {
    const dim: TpeDimension = { kind: "numeric", low: 0, high: 1, discretize: null };
    expect(() => new ParzenEstimator([dim], [col(0.5)], col(1), { ...OPTUNA, priorWeight: 0 })).toThrow(
      "The prior weight must be positive, got 0",
    );
    expect(() => new ParzenEstimator([dim], [col(0.5, 0.2)], col(1), OPTUNA)).toThrow(
      "Every dimension needs 1 observations, got 2",
    );
    expect(() => new ParzenEstimator([dim], [col(0.5)], col(-1), OPTUNA)).toThrow(
      "Kernel weights must be finite and >= 0, got -1",
    );
  });
});

describe("TPE dimensions", () => {
  it("snap gives the grid value's centre exactly as discretize does", () => {
    for (const spec of [
      { type: "int", low: 4, high: 64, log: true },
      { type: "int", low: 1, high: 3 },
      { type: "int", low: 0, high: 100, step: 5 },
      { type: "float", low: 0, high: 0.5, step: 0.05 },
    ] as const) {
      const dim = dimensionOf(spec);
      if (dim.kind !== "numeric" || !dim.discretize || !dim.snap)
        throw new Error("expected a discrete numeric dimension");
      for (let i = 0; i <= 400; i++) {
        const x = dim.low + ((dim.high - dim.low) * i) / 400;
        expect(Object.is(dim.snap(x), dim.discretize(x).center)).toBe(true);
      }
    }
  });

  it("a kernel's draws are the same with and without the faster snap", () => {
    const full = dimensionOf({ type: "int", low: 4, high: 64, log: true });
    if (full.kind !== "numeric" || !full.discretize) throw new Error("expected a discrete numeric dimension");
    const { snap: _snap, ...slow } = full;
    const observed = [col(Math.log(5), Math.log(20), Math.log(40)), col(0.1, 0.2, 0.3)];
    const other: TpeDimension = { kind: "numeric", low: 0, high: 1, discretize: null };
    const settings: ParzenSettings = { ...OPTUNA, multivariate: true, multivariateBandwidth: "scott" };
    const a = new ParzenEstimator([full, other], observed, col(1, 1, 1), settings).sample(new Rng(4), 50);
    const b = new ParzenEstimator([slow, other], observed, col(1, 1, 1), settings).sample(new Rng(4), 50);
    expect(a).toEqual(b);
  });
});
