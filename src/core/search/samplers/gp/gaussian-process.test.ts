import { describe, expect, it } from "vitest";
import { Rng } from "../../../rng";
import { GaussianProcess, matern52 } from "./gaussian-process";
import {
  defaultTheta,
  FitWorkspace,
  fitHyperparameters,
  negativeLogPosterior,
  paramsFromTheta,
} from "./hyperparameters";

/** Matérn 5/2 written out from its definition, for the hand computations. */
const maternByHand = (r: number): number =>
  (1 + Math.sqrt(5) * r + (5 * r * r) / 3) * Math.exp(-Math.sqrt(5) * r);

/** The inverse of a 3 x 3 matrix by cofactors. */
function inverse3(m: number[][]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ];
}

const dot = (u: number[], v: number[]): number => u.reduce((s, x, i) => s + x * v[i], 0);
const matVec = (m: number[][], v: number[]): number[] => m.map((row) => dot(row, v));

describe("GaussianProcess posterior", () => {
  it("matches the textbook formulas on three points (3 x 3 inverse by cofactors)", () => {
    const xs = [0.1, 0.5, 0.8];
    const y = [1, -0.5, 0.3];
    const ell = 0.3;
    const s = 1.5;
    const noise = 0.01;
    const k = (a: number, b: number): number => s * maternByHand(Math.abs(a - b) / ell);
    const K = xs.map((a, i) => xs.map((b, j) => k(a, b) + (i === j ? noise : 0)));
    const Kinv = inverse3(K);
    const gp = new GaussianProcess(
      { n: 3, dim: 1, x: Float64Array.from(xs), categorical: new Uint8Array(1) },
      Float64Array.from(y),
      {
        lengthscales: Float64Array.from([ell]),
        signalVariance: s,
        noiseVariance: noise,
      },
    );
    for (const t of [0.35, 0.1, 0.95]) {
      const kstar = xs.map((a) => k(t, a));
      const mean = dot(kstar, matVec(Kinv, y));
      const variance = s - dot(kstar, matVec(Kinv, kstar));
      const out = new Float64Array(2);
      gp.predict(Float64Array.from([t]), out);
      expect(out[0]).toBeCloseTo(mean, 12);
      expect(out[1]).toBeCloseTo(variance, 12);
    }
  });

  it("compares categorical inputs by equality and inactive (NaN) inputs as a distance of one (2 x 2 case)", () => {
    // Two points in (numeric, categorical); the second has the numeric input inactive.
    const ell = [0.5, 2];
    const s = 0.8;
    const noise = 0.05;
    const x = Float64Array.from([0.2, 0, NaN, 1]);
    const gp = new GaussianProcess(
      { n: 2, dim: 2, x, categorical: Uint8Array.from([0, 1]) },
      Float64Array.from([0.4, -1]),
      {
        lengthscales: Float64Array.from(ell),
        signalVariance: s,
        noiseVariance: noise,
      },
    );
    // r^2 between the points: inactive vs active counts 1 in the numeric input, different choices 1 in the categorical.
    const k12 = s * maternByHand(Math.sqrt(1 / ell[0] ** 2 + 1 / ell[1] ** 2));
    const K = [
      [s + noise, k12],
      [k12, s + noise],
    ];
    const det = K[0][0] * K[1][1] - k12 * k12;
    const Kinv = [
      [K[1][1] / det, -k12 / det],
      [-k12 / det, K[0][0] / det],
    ];
    // Test point (0.7, choice 0): numeric distance 0.5 to the first point, choice equal; inactive mismatch and choice differ to the second.
    const kstar = [
      s * maternByHand(0.5 / ell[0]),
      s * maternByHand(Math.sqrt(1 / ell[0] ** 2 + 1 / ell[1] ** 2)),
    ];
    const out = new Float64Array(2);
    gp.predict(Float64Array.from([0.7, 0]), out);
    expect(out[0]).toBeCloseTo(dot(kstar, matVec(Kinv, [0.4, -1])), 12);
    expect(out[1]).toBeCloseTo(s - dot(kstar, matVec(Kinv, kstar)), 12);
    expect(matern52(0)).toBe(1);
  });

  it("gradients of mean and variance match finite differences; batch prediction matches single", () => {
    const rng = new Rng(2);
    const n = 12;
    const dim = 3;
    const x = Float64Array.from({ length: n * dim }, (_, i) => (i % dim === 2 ? rng.int(3) : rng.next()));
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const gp = new GaussianProcess({ n, dim, x, categorical: Uint8Array.from([0, 0, 1]) }, y, {
      lengthscales: Float64Array.from([0.4, 0.7, 1.3]),
      signalVariance: 1.2,
      noiseVariance: 1e-4,
    });
    const point = Float64Array.from([0.3, 0.6, 1]);
    const out = new Float64Array(2);
    const gm = new Float64Array(dim);
    const gv = new Float64Array(dim);
    gp.predictWithGradient(point, out, gm, gv);
    for (let d = 0; d < 2; d++) {
      const h = 1e-6;
      const up = point.slice();
      up[d] += h;
      const down = point.slice();
      down[d] -= h;
      const a = new Float64Array(2);
      const b = new Float64Array(2);
      gp.predict(up, a);
      gp.predict(down, b);
      expect(gm[d]).toBeCloseTo((a[0] - b[0]) / (2 * h), 6);
      expect(gv[d]).toBeCloseTo((a[1] - b[1]) / (2 * h), 6);
    }
    expect(gm[2]).toBe(0);
    const m = 40;
    const pts = Float64Array.from({ length: m * dim }, (_, i) => (i % dim === 2 ? rng.int(3) : rng.next()));
    const means = new Float64Array(m);
    const vars = new Float64Array(m);
    gp.predictBatch(pts, m, means, vars);
    for (let c = 0; c < m; c++) {
      gp.predict(pts.subarray(c * dim, (c + 1) * dim), out);
      expect(means[c]).toBeCloseTo(out[0], 12);
      expect(vars[c]).toBeCloseTo(out[1], 12);
    }
  });
});

describe("hyperparameter fit", () => {
  it("the gradient of the negative log posterior matches finite differences", () => {
    const rng = new Rng(3);
    const n = 15;
    const dim = 3;
    const x = Float64Array.from({ length: n * dim }, (_, i) => (i % dim === 2 ? rng.int(3) : rng.next()));
    x[4] = NaN; // an inactive input
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * x[i * dim]) + 0.1 * rng.normal());
    const ws = new FitWorkspace({ n, dim, x, categorical: Uint8Array.from([0, 0, 1]) }, y);
    const theta = Float64Array.from([-0.7, 0.3, 0.1, 0.2, Math.log(0.01)]);
    const grad = new Float64Array(5);
    negativeLogPosterior(ws, theta, grad);
    const scratch = new Float64Array(5);
    for (let j = 0; j < 5; j++) {
      const h = 1e-6;
      const up = theta.slice();
      up[j] += h;
      const down = theta.slice();
      down[j] -= h;
      const fd = (negativeLogPosterior(ws, up, scratch) - negativeLogPosterior(ws, down, scratch)) / (2 * h);
      expect(Math.abs(grad[j] - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
    }
  });

  it("gives an irrelevant input a much longer length scale than a relevant one", () => {
    const rng = new Rng(4);
    const n = 40;
    const dim = 2;
    const x = Float64Array.from({ length: n * dim }, () => rng.next());
    const raw = Array.from({ length: n }, (_, i) => Math.sin(5 * x[i * dim]));
    const mean = raw.reduce((a, b) => a + b) / n;
    const sd = Math.sqrt(raw.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
    const y = Float64Array.from(raw, (v) => (v - mean) / sd);
    const ws = new FitWorkspace({ n, dim, x, categorical: new Uint8Array(dim) }, y);
    const fit = fitHyperparameters(ws, [defaultTheta(dim)], { maxIterations: 100 });
    const { lengthscales, noiseVariance } = paramsFromTheta(fit.theta, dim);
    expect(lengthscales[1]).toBeGreaterThan(5 * lengthscales[0]);
    expect(noiseVariance).toBeLessThan(1e-2);
    expect(() => fitHyperparameters(ws, [new Float64Array(2)], { maxIterations: 5 })).toThrow(
      "A starting theta needs 4 entries, got 2",
    );
  });
});
