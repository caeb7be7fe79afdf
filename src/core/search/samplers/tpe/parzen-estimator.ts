/**
 * The Parzen estimator of TPE: a weighted mixture with one kernel per observation plus a broad
 * prior kernel. Each kernel is a product over dimensions of a truncated normal (continuous), a
 * truncated normal integrated over the grid cell (integers and steps) or a categorical
 * distribution that favours the observed choice.
 */
import type { Rng } from "../../../rng";
import type { CategoricalDimension, NumericDimension, TpeDimension } from "./dimensions";
import {
  LOG_SQRT_2PI,
  logNormalIntervalMass,
  logNormalMass,
  truncatedNormalEnd,
  truncatedNormalQuantileFrom,
} from "./special-functions";

/** How bandwidths are chosen; the defaults reproduce Optuna's TPE. */
export interface ParzenSettings {
  /** Weight of the prior kernel relative to one observation of weight 1. */
  priorWeight: number;
  /** Keep every bandwidth at least range / min(100, kernels + 1). */
  considerMagicClip: boolean;
  /** Let the interval ends count as neighbours of the outermost observations. */
  considerEndpoints: boolean;
  /** Univariate: bandwidth from the gaps to neighbours. Multivariate: one Scott-like bandwidth per dimension. */
  multivariate: boolean;
  /** Multivariate bandwidth: Scott's rule on the observations' spread, or Optuna's fixed fraction of the range. */
  multivariateBandwidth: "scott" | "optuna";
}

const EPS = 1e-12;

/** Per-dimension kernel parameters. Numeric: centre, bandwidth, log of the in-bounds mass. Categorical: log probabilities. */
interface NumericKernels {
  dim: NumericDimension;
  mus: Float64Array;
  sigmas: Float64Array;
  logMass: Float64Array;
  invSigmas: Float64Array;
  /** -log(sigma sqrt(2 pi)) - logMass: the log-density's constant part. */
  logNorms: Float64Array;
  /**
   * Discrete dimensions only (else null): twin[k] is the first kernel with kernel k's centre and
   * bandwidth. Observations of a discrete parameter repeat (a few grid values, one bandwidth for
   * all in the multivariate model), and a twin's masses are the same numbers: computed once.
   */
  twins: Int32Array | null;
}
interface CategoricalKernels {
  dim: CategoricalDimension;
  /** Row-major kernels x choices. */
  logProbs: Float64Array;
  cumProbs: Float64Array;
}

/** A weighted mixture of product kernels over the given dimensions. */
export class ParzenEstimator {
  readonly kernelCount: number;
  private readonly logWeights: Float64Array;
  private readonly cumWeights: Float64Array;
  private readonly kernels: (NumericKernels | CategoricalKernels)[];

  /**
   * `observations[d][i]` is observation i's internal coordinate in dimension d; `weights[i]` its
   * unnormalised weight. The prior kernel is appended last with weight `priorWeight`.
   */
  constructor(
    readonly dims: readonly TpeDimension[],
    observations: readonly Float64Array[],
    weights: Float64Array,
    settings: ParzenSettings,
  ) {
    if (!(settings.priorWeight > 0)) {
      throw new Error(`The prior weight must be positive, got ${settings.priorWeight}`);
    }
    if (observations.length !== dims.length) {
      throw new Error(`Expected observations for ${dims.length} dimensions, got ${observations.length}`);
    }
    const n = weights.length;
    for (const column of observations) {
      if (column.length !== n)
        throw new Error(`Every dimension needs ${n} observations, got ${column.length}`);
    }
    this.kernelCount = n + 1;
    // One buffer under the three weight arrays: allocating a typed array costs far more than viewing one.
    const buffer = new Float64Array(3 * (n + 1));
    const raw = buffer.subarray(0, n + 1);
    raw.set(weights);
    raw[n] = n === 0 ? 1 : settings.priorWeight;
    let total = 0;
    for (let i = 0; i <= n; i++) {
      if (!(raw[i] >= 0) || !Number.isFinite(raw[i]))
        throw new Error(`Kernel weights must be finite and >= 0, got ${raw[i]}`);
      total += raw[i];
    }
    this.logWeights = buffer.subarray(n + 1, 2 * (n + 1));
    this.cumWeights = buffer.subarray(2 * (n + 1));
    let cum = 0;
    for (let i = 0; i <= n; i++) {
      this.logWeights[i] = Math.log(raw[i] / total);
      cum += raw[i] / total;
      this.cumWeights[i] = cum;
    }
    this.kernels = dims.map((dim, d) =>
      dim.kind === "categorical"
        ? categoricalKernels(dim, observations[d], settings.priorWeight)
        : numericKernels(dim, observations[d], settings, dims.length),
    );
  }

  /** Draws `count` points; returns one column of internal coordinates per dimension (grid-snapped, choice indices). */
  sample(rng: Rng, count: number): Float64Array[] {
    const columns = this.dims.map(() => new Float64Array(count));
    // Draws often come from the same few kernels: each numeric kernel's interval ends in standard
    // units and their CDF values are computed once, on its first draw (the same numbers each time).
    const size = 4 * this.kernelCount;
    const endsBuffer = new Float64Array(this.kernels.length * size).fill(NaN);
    const ends = this.kernels.map((kern, d) =>
      kern.dim.kind === "categorical" ? null : endsBuffer.subarray(d * size, (d + 1) * size),
    );
    for (let j = 0; j < count; j++) {
      const k = pickIndex(this.cumWeights, rng.next());
      for (let d = 0; d < this.kernels.length; d++) {
        const kern = this.kernels[d];
        if (kern.dim.kind === "categorical") {
          const size = kern.dim.size;
          columns[d][j] = pickIndex(
            (kern as CategoricalKernels).cumProbs.subarray(k * size, (k + 1) * size),
            rng.next(),
          );
        } else {
          const { mus, sigmas, dim } = kern as NumericKernels;
          const mu = mus[k];
          const sigma = sigmas[k];
          const e = ends[d]!;
          const at = 4 * k;
          if (Number.isNaN(e[at])) {
            const a = (dim.low - mu) / sigma;
            const b = (dim.high - mu) / sigma;
            e[at] = a;
            e[at + 1] = b;
            if (a < b) {
              e[at + 2] = truncatedNormalEnd(a, a);
              e[at + 3] = truncatedNormalEnd(a, b);
            }
          }
          const a = e[at];
          const b = e[at + 1];
          const u = rng.next();
          // As truncatedNormalQuantile(a, b, u), which it is, without the ends' CDFs each time.
          const z = a < b ? truncatedNormalQuantileFrom(a, b, e[at + 2], e[at + 3], u) : a;
          const x = Math.min(dim.high, Math.max(dim.low, mu + sigma * z));
          columns[d][j] = dim.discretize === null ? x : dim.snap ? dim.snap(x) : dim.discretize(x).center;
        }
      }
    }
    return columns;
  }

  /** The log density (log mass for discrete dimensions) of each of `count` points given as columns. */
  logPdf(points: readonly Float64Array[], count: number): Float64Array {
    const nk = this.kernelCount;
    // acc[j * nk + k]: log of kernel k's weight times its density at point j.
    const acc = new Float64Array(count * nk);
    for (let j = 0; j < count; j++) acc.set(this.logWeights, j * nk);
    for (let d = 0; d < this.kernels.length; d++) {
      const kern = this.kernels[d];
      const column = points[d];
      if (kern.dim.kind === "categorical") {
        const { logProbs } = kern as CategoricalKernels;
        const size = kern.dim.size;
        for (let j = 0; j < count; j++) {
          const c = column[j];
          if (!(Number.isInteger(c) && c >= 0 && c < size))
            throw new Error(`Choice index ${c} is outside 0..${size - 1}`);
          const row = j * nk;
          for (let k = 0; k < nk; k++) acc[row + k] += logProbs[k * size + c];
        }
      } else {
        addNumericLogDensity(kern as NumericKernels, column, count, acc, nk);
      }
    }
    const out = new Float64Array(count);
    for (let j = 0; j < count; j++) out[j] = logSumExpRow(acc, j * nk, nk);
    return out;
  }
}

function addNumericLogDensity(
  kern: NumericKernels,
  column: Float64Array,
  count: number,
  acc: Float64Array,
  nk: number,
): void {
  const { mus, logMass, invSigmas, logNorms, dim } = kern;
  if (dim.discretize === null) {
    for (let j = 0; j < count; j++) {
      const x = column[j];
      const row = j * nk;
      for (let k = 0; k < nk; k++) {
        const z = (x - mus[k]) * invSigmas[k];
        acc[row + k] += logNorms[k] - 0.5 * z * z;
      }
    }
    return;
  }
  // Candidates often share a grid value: compute each value's masses under all kernels once, into
  // one table (row r of `masses` for the r-th distinct value) rather than an array per value.
  const twins = kern.twins!;
  const rowOf = new Map<number, number>();
  const masses = new Float64Array(count * nk);
  for (let j = 0; j < count; j++) {
    let at = rowOf.get(column[j]);
    if (at === undefined) {
      at = rowOf.size * nk;
      const cell = dim.discretize(column[j]);
      for (let k = 0; k < nk; k++) {
        const twin = twins[k];
        if (twin !== k) {
          masses[at + k] = masses[at + twin];
          continue;
        }
        const inv = invSigmas[k];
        masses[at + k] =
          logNormalIntervalMass((cell.low - mus[k]) * inv, (cell.high - mus[k]) * inv) - logMass[k];
      }
      rowOf.set(column[j], at);
    }
    const row = j * nk;
    for (let k = 0; k < nk; k++) acc[row + k] += masses[at + k];
  }
}

function logSumExpRow(values: Float64Array, start: number, length: number): number {
  let max = -Infinity;
  for (let k = 0; k < length; k++) if (values[start + k] > max) max = values[start + k];
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let k = 0; k < length; k++) sum += Math.exp(values[start + k] - max);
  return max + Math.log(sum);
}

/** The first index whose cumulative weight exceeds u (u in [0, 1)); robust to a last sum slightly below 1. */
function pickIndex(cumulative: Float64Array, u: number): number {
  const target = u * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function numericKernels(
  dim: NumericDimension,
  observed: Float64Array,
  settings: ParzenSettings,
  dimensionCount: number,
): NumericKernels {
  const n = observed.length;
  const { low, high } = dim;
  const range = high - low;
  // The five per-kernel arrays share one buffer (one allocation instead of five).
  const buffer = new Float64Array(5 * (n + 1));
  const part = (i: number): Float64Array => buffer.subarray(i * (n + 1), (i + 1) * (n + 1));
  const mus = part(0);
  mus.set(observed);
  // From low by half the range (finite for a valid space), as low + high may overflow near the largest double.
  mus[n] = low + 0.5 * range;
  const sigmas = part(1);
  if (settings.multivariate) {
    if (settings.multivariateBandwidth === "scott" && n >= 2) {
      // Scott's rule on the observations' own spread, so the kernels narrow as the good points converge.
      // A running mean stays within the range, where a plain sum of huge values could overflow.
      let mean = 0;
      for (let i = 0; i < n; i++) mean += (observed[i] - mean) / (i + 1);
      let variance = 0;
      for (let i = 0; i < n; i++) variance += (observed[i] - mean) ** 2;
      const sd = Math.sqrt(variance / (n - 1));
      sigmas.fill(sd * n ** (-1 / (dimensionCount + 4)));
    } else {
      // A Scott-like rule: shrinks slowly with the number of observations, faster in fewer dimensions.
      sigmas.fill(0.2 * Math.max(n, 1) ** (-1 / (dimensionCount + 4)) * range);
    }
  } else {
    neighbourBandwidths(mus, low, high, settings.considerEndpoints, sigmas);
  }
  const maxSigma = range;
  const minSigma = settings.considerMagicClip ? range / Math.min(100, n + 2) : EPS;
  for (let i = 0; i < n; i++) sigmas[i] = Math.min(maxSigma, Math.max(minSigma, sigmas[i]));
  sigmas[n] = range;
  const logMass = part(2);
  const invSigmas = part(3);
  const logNorms = part(4);
  for (let k = 0; k <= n; k++) if (!(sigmas[k] > 0)) sigmas[k] = EPS;
  const twins = dim.discretize === null ? null : twinKernels(mus, sigmas);
  for (let k = 0; k <= n; k++) {
    const twin = twins === null ? k : twins[k];
    if (twin !== k) {
      logMass[k] = logMass[twin];
      invSigmas[k] = invSigmas[twin];
      logNorms[k] = logNorms[twin];
      continue;
    }
    logMass[k] = logNormalMass((low - mus[k]) / sigmas[k], (high - mus[k]) / sigmas[k]);
    invSigmas[k] = 1 / sigmas[k];
    logNorms[k] = -Math.log(sigmas[k]) - LOG_SQRT_2PI - logMass[k];
  }
  return { dim, mus, sigmas, logMass, invSigmas, logNorms, twins };
}

/** For each kernel, the first kernel with the same centre and bandwidth (itself when none before it). */
function twinKernels(mus: Float64Array, sigmas: Float64Array): Int32Array {
  const twins = new Int32Array(mus.length);
  const firstAt = new Map<number, number[]>();
  for (let k = 0; k < mus.length; k++) {
    const before = firstAt.get(mus[k]);
    const twin = before?.find((i) => sigmas[i] === sigmas[k]);
    twins[k] = twin ?? k;
    if (twin === undefined) {
      if (before) before.push(k);
      else firstAt.set(mus[k], [k]);
    }
  }
  return twins;
}

/**
 * Optuna's univariate bandwidths: each centre (the prior's included) gets the larger of the gaps
 * to its two neighbours, the interval ends counting as neighbours; unless endpoints are
 * considered, the outermost centres take the gap on their inner side instead.
 */
function neighbourBandwidths(
  mus: Float64Array,
  low: number,
  high: number,
  considerEndpoints: boolean,
  out: Float64Array,
): void {
  const m = mus.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => mus[a] - mus[b] || a - b);
  const sorted = new Float64Array(m + 2);
  sorted[0] = low;
  for (let i = 0; i < m; i++) sorted[i + 1] = mus[order[i]];
  sorted[m + 1] = high;
  const bw = new Float64Array(m);
  for (let i = 0; i < m; i++) bw[i] = Math.max(sorted[i + 1] - sorted[i], sorted[i + 2] - sorted[i + 1]);
  if (!considerEndpoints && m + 2 >= 4) {
    bw[0] = sorted[2] - sorted[1];
    bw[m - 1] = sorted[m] - sorted[m - 1];
  }
  for (let i = 0; i < m; i++) out[order[i]] = bw[i];
}

/** Each observation's kernel puts weight 1 on its choice plus priorWeight / kernels spread evenly; the prior kernel is uniform. */
function categoricalKernels(
  dim: CategoricalDimension,
  observed: Float64Array,
  priorWeight: number,
): CategoricalKernels {
  const n = observed.length;
  const nk = n + 1;
  const size = dim.size;
  const base = priorWeight / nk;
  const logProbs = new Float64Array(nk * size);
  const cumProbs = new Float64Array(nk * size);
  for (let k = 0; k < nk; k++) {
    const choice = k < n ? observed[k] : -1;
    if (k < n && !(Number.isInteger(choice) && choice >= 0 && choice < size)) {
      throw new Error(`Observed choice index ${choice} is outside 0..${size - 1}`);
    }
    const total = base * size + (k < n ? 1 : 0);
    let cum = 0;
    for (let c = 0; c < size; c++) {
      const p = (base + (c === choice ? 1 : 0)) / total;
      logProbs[k * size + c] = Math.log(p);
      cum += p;
      cumProbs[k * size + c] = cum;
    }
  }
  return { dim, logProbs, cumProbs };
}
