/**
 * Gaussian-process regression with a Matérn 5/2 kernel and one length scale per input (ARD):
 *   k(x, x') = s * m(r),  m(r) = (1 + sqrt5 r + 5 r^2 / 3) exp(-sqrt5 r),  r^2 = sum_d delta_d^2 / l_d^2
 * plus noise variance on the diagonal. Numeric inputs differ by x_d - x'_d; categorical ones
 * (and inputs that are inactive, stored as NaN) differ by 0 or 1, a Hamming distance.
 */
import { choleskyWithJitter, solveLowerInPlace, solveUpperTransposedInPlace } from "./linear-algebra";

const SQRT5 = Math.sqrt(5);

/** The training inputs: `n` rows of `dim` coordinates in [0, 1] (NaN = inactive), and which inputs are categorical. */
export interface GpInputs {
  n: number;
  dim: number;
  x: Float64Array;
  categorical: Uint8Array;
}

/** Kernel hyperparameters in their natural scale. */
export interface KernelParams {
  lengthscales: Float64Array;
  signalVariance: number;
  noiseVariance: number;
}

/** Matérn 5/2 as a function of r^2. */
export function matern52(r2: number): number {
  const r = Math.sqrt(r2);
  return (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

/** The contribution of one input to the squared distance, before dividing by its length scale squared. */
export function squaredDifference(a: number, b: number, categorical: boolean): number {
  const aOff = Number.isNaN(a);
  const bOff = Number.isNaN(b);
  if (aOff || bOff) return aOff && bOff ? 0 : 1;
  if (categorical) return a === b ? 0 : 1;
  const d = a - b;
  return d * d;
}

/**
 * Squared differences of every pair of rows, per input, pair-major: out[p * dim + d] for the
 * pair p = i (i - 1) / 2 + j, j < i. Computed once per data set and reused by every kernel
 * evaluation of the hyperparameter fit.
 */
export function pairwiseSquaredDifferences(inputs: GpInputs): Float64Array {
  const { n, dim, x, categorical } = inputs;
  const out = new Float64Array(((n * (n - 1)) / 2) * dim);
  let o = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      for (let d = 0; d < dim; d++)
        out[o++] = squaredDifference(x[i * dim + d], x[j * dim + d], categorical[d] === 1);
    }
  }
  return out;
}

/**
 * Fills the kernel matrix (noise on the diagonal) and, if `slopes` is given, each pair's
 * s (1 + sqrt5 r) exp(-sqrt5 r), the common factor of the kernel's length-scale derivatives.
 */
export function kernelMatrix(
  n: number,
  dim: number,
  sqDiff: Float64Array,
  params: KernelParams,
  out: Float64Array,
  slopes: Float64Array | null,
): void {
  const inv = params.lengthscales.map((l) => 1 / (l * l));
  const s = params.signalVariance;
  let p = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++, p++) {
      let r2 = 0;
      const base = p * dim;
      for (let d = 0; d < dim; d++) r2 += sqDiff[base + d] * inv[d];
      const r = Math.sqrt(r2);
      const e = Math.exp(-SQRT5 * r);
      if (slopes !== null) slopes[p] = s * (1 + SQRT5 * r) * e;
      const k = s * (1 + SQRT5 * r + (5 / 3) * r2) * e;
      out[i * n + j] = k;
      out[j * n + i] = k;
    }
  }
  for (let i = 0; i < n; i++) out[i * n + i] = s + params.noiseVariance;
}

/** A GP conditioned on data: posterior mean and variance of the noise-free function, with gradients. */
export class GaussianProcess {
  readonly n: number;
  readonly dim: number;
  private readonly x: Float64Array;
  private readonly categorical: Uint8Array;
  private readonly invSq: Float64Array;
  private readonly signal: number;
  private readonly chol: Float64Array;
  private readonly alpha: Float64Array;
  // Scratch buffers reused by every prediction.
  private readonly k: Float64Array;
  private readonly v: Float64Array;
  private readonly dk: Float64Array;
  /** True when no input is categorical and no training input is inactive, so plain differences apply. */
  private readonly plainInputs: boolean;

  constructor(inputs: GpInputs, y: Float64Array, params: KernelParams, sqDiff?: Float64Array) {
    const { n, dim } = inputs;
    if (y.length !== n) throw new Error(`Expected ${n} targets, got ${y.length}`);
    this.n = n;
    this.dim = dim;
    this.x = inputs.x;
    this.categorical = inputs.categorical;
    this.invSq = params.lengthscales.map((l) => 1 / (l * l));
    this.signal = params.signalVariance;
    const kmat = new Float64Array(n * n);
    kernelMatrix(n, dim, sqDiff ?? pairwiseSquaredDifferences(inputs), params, kmat, null);
    this.chol = new Float64Array(n * n);
    choleskyWithJitter(kmat, n, this.chol);
    this.alpha = new Float64Array(y);
    solveLowerInPlace(this.chol, n, this.alpha);
    solveUpperTransposedInPlace(this.chol, n, this.alpha);
    this.plainInputs = !inputs.categorical.some((c) => c === 1) && !inputs.x.some((v) => Number.isNaN(v));
    this.k = new Float64Array(n);
    this.v = new Float64Array(n);
    this.dk = new Float64Array(n);
  }

  /** Posterior mean and variance at `point` (length dim), written to out[0], out[1]. */
  predict(point: Float64Array, out: Float64Array): void {
    this.kernelVector(point, null);
    const { n, k, v } = this;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += k[i] * this.alpha[i];
    v.set(k);
    solveLowerInPlace(this.chol, n, v);
    let explained = 0;
    for (let i = 0; i < n; i++) explained += v[i] * v[i];
    out[0] = mean;
    out[1] = Math.max(this.signal - explained, 0);
  }

  /**
   * Posterior mean and variance as `predict`, plus their gradients with respect to the numeric,
   * active inputs (zero for categorical and inactive ones).
   */
  predictWithGradient(
    point: Float64Array,
    out: Float64Array,
    gradMean: Float64Array,
    gradVar: Float64Array,
  ): void {
    const { n, dim, k, v, dk, x } = this;
    this.kernelVector(point, dk);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += k[i] * this.alpha[i];
    v.set(k);
    solveLowerInPlace(this.chol, n, v);
    let explained = 0;
    for (let i = 0; i < n; i++) explained += v[i] * v[i];
    out[0] = mean;
    out[1] = Math.max(this.signal - explained, 0);
    // w = K^{-1} k, so that d var / dx = -2 w . dk/dx.
    solveUpperTransposedInPlace(this.chol, n, v);
    for (let d = 0; d < dim; d++) {
      gradMean[d] = 0;
      gradVar[d] = 0;
      const xd = point[d];
      if (this.categorical[d] === 1 || Number.isNaN(xd)) continue;
      const c = this.invSq[d];
      let gm = 0;
      let gv = 0;
      for (let i = 0; i < n; i++) {
        const xi = x[i * dim + d];
        if (Number.isNaN(xi)) continue;
        // dk_i/dx_d = s m'(r^2) * 2 (x_d - x_id) / l_d^2, with dk[i] holding s m'(r^2).
        const g = dk[i] * 2 * (xd - xi) * c;
        gm += this.alpha[i] * g;
        gv += v[i] * g;
      }
      gradMean[d] = gm;
      gradVar[d] = -2 * gv;
    }
  }

  /**
   * Posterior means and variances of `count` points (row-major in `points`). Solves for all of
   * them at once, row by row of the Cholesky factor, which runs much faster than one at a time.
   */
  predictBatch(points: Float64Array, count: number, means: Float64Array, variances: Float64Array): void {
    const { n, dim, x, invSq, categorical, chol, alpha } = this;
    const block = Math.min(count, 256);
    const kt = new Float64Array(n * block);
    for (let start = 0; start < count; start += block) {
      const m = Math.min(block, count - start);
      for (let c = 0; c < m; c++) {
        const p = (start + c) * dim;
        // Plain numeric inputs (the common case) skip the categorical and inactive checks.
        let plain = this.plainInputs;
        for (let d = 0; d < dim && plain; d++) if (Number.isNaN(points[p + d])) plain = false;
        for (let i = 0; i < n; i++) {
          const row = i * dim;
          let r2 = 0;
          if (plain) {
            for (let d = 0; d < dim; d++) {
              const diff = points[p + d] - x[row + d];
              r2 += diff * diff * invSq[d];
            }
          } else {
            for (let d = 0; d < dim; d++)
              r2 += squaredDifference(points[p + d], x[row + d], categorical[d] === 1) * invSq[d];
          }
          kt[i * m + c] = this.signal * matern52(r2);
        }
      }
      for (let c = 0; c < m; c++) means[start + c] = 0;
      for (let i = 0; i < n; i++) {
        const a = alpha[i];
        const out = i * m;
        for (let c = 0; c < m; c++) means[start + c] += kt[out + c] * a;
      }
      // Forward substitution L V = K*, one row of V (all candidates) at a time.
      for (let i = 0; i < n; i++) {
        const ri = i * n;
        const oi = i * m;
        let k = 0;
        // Four rows per pass cut the traffic on row i of V.
        for (; k + 3 < i; k += 4) {
          const l1 = chol[ri + k];
          const l2 = chol[ri + k + 1];
          const l3 = chol[ri + k + 2];
          const l4 = chol[ri + k + 3];
          const o1 = k * m;
          const o2 = o1 + m;
          const o3 = o2 + m;
          const o4 = o3 + m;
          for (let c = 0; c < m; c++)
            kt[oi + c] -= l1 * kt[o1 + c] + l2 * kt[o2 + c] + l3 * kt[o3 + c] + l4 * kt[o4 + c];
        }
        for (; k < i; k++) {
          const l1 = chol[ri + k];
          const o1 = k * m;
          for (let c = 0; c < m; c++) kt[oi + c] -= l1 * kt[o1 + c];
        }
        const inv = 1 / chol[ri + i];
        for (let c = 0; c < m; c++) kt[oi + c] *= inv;
      }
      for (let c = 0; c < m; c++) variances[start + c] = this.signal;
      for (let i = 0; i < n; i++) {
        const oi = i * m;
        for (let c = 0; c < m; c++) variances[start + c] -= kt[oi + c] * kt[oi + c];
      }
      for (let c = 0; c < m; c++) variances[start + c] = Math.max(variances[start + c], 0);
    }
  }

  /** Fills this.k with k(point, x_i); if `dk` is given, also s * m'(r_i^2) for the gradients. */
  private kernelVector(point: Float64Array, dk: Float64Array | null): void {
    const { n, dim, x, k, invSq, categorical } = this;
    let plain = this.plainInputs;
    for (let d = 0; d < dim && plain; d++) if (Number.isNaN(point[d])) plain = false;
    for (let i = 0; i < n; i++) {
      let r2 = 0;
      const row = i * dim;
      if (plain) {
        for (let d = 0; d < dim; d++) {
          const diff = point[d] - x[row + d];
          r2 += diff * diff * invSq[d];
        }
      } else {
        for (let d = 0; d < dim; d++)
          r2 += squaredDifference(point[d], x[row + d], categorical[d] === 1) * invSq[d];
      }
      const r = Math.sqrt(r2);
      const e = Math.exp(-SQRT5 * r);
      k[i] = this.signal * (1 + SQRT5 * r + (5 / 3) * r2) * e;
      if (dk !== null) dk[i] = this.signal * (-5 / 6) * (1 + SQRT5 * r) * e;
    }
  }
}
