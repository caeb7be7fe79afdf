/**
 * Fitting the kernel hyperparameters: maximise the log marginal likelihood plus weak priors
 * (MAP), over the log of each parameter, with analytic gradients and L-BFGS.
 *
 * Vector layout theta = [log l_1 .. log l_D, log s, log(noise - MIN_NOISE)].
 * Priors (on the natural parameters, as in Optuna's GP): -(0.1 / l^-2 + 0.1 l^-2) per length
 * scale (mode at l = 1, the input range); Gamma(2, 1) on the signal variance s (targets are
 * standardised); Gamma(1.1, 30) on the noise variance, which favours small noise.
 */
import {
  type GpInputs,
  type KernelParams,
  kernelMatrix,
  pairwiseSquaredDifferences,
} from "./gaussian-process";
import { minimizeBox } from "./lbfgs";
import {
  choleskyWithJitter,
  inverseFromCholesky,
  solveLowerInPlace,
  solveUpperTransposedInPlace,
} from "./linear-algebra";

/** Noise variance floor: keeps the kernel matrix well conditioned for deterministic objectives. */
export const MIN_NOISE = 1e-6;
const LOG_2PI = Math.log(2 * Math.PI);

/** The natural kernel parameters of a theta vector. */
export function paramsFromTheta(theta: Float64Array, dim: number): KernelParams {
  const lengthscales = new Float64Array(dim);
  for (let d = 0; d < dim; d++) lengthscales[d] = Math.exp(theta[d]);
  return {
    lengthscales,
    signalVariance: Math.exp(theta[dim]),
    noiseVariance: MIN_NOISE + Math.exp(theta[dim + 1]),
  };
}

/** The starting point used when there is no previous fit: unit length scales and signal, noise 1e-2. */
export function defaultTheta(dim: number): Float64Array {
  const theta = new Float64Array(dim + 2);
  theta[dim + 1] = Math.log(1e-2);
  return theta;
}

/** Scratch space for one data size, so that the many evaluations of a fit allocate nothing. */
export class FitWorkspace {
  readonly k: Float64Array;
  readonly l: Float64Array;
  readonly kinv: Float64Array;
  readonly work: Float64Array;
  readonly slopes: Float64Array;
  readonly alpha: Float64Array;
  readonly sqDiff: Float64Array;
  /** The theta whose factorisation the buffers hold, or null. */
  lastTheta: Float64Array | null = null;

  constructor(
    readonly inputs: GpInputs,
    readonly y: Float64Array,
  ) {
    const n = inputs.n;
    this.k = new Float64Array(n * n);
    this.l = new Float64Array(n * n);
    this.kinv = new Float64Array(n * n);
    this.work = new Float64Array(n * n);
    this.slopes = new Float64Array((n * (n - 1)) / 2);
    this.alpha = new Float64Array(n);
    this.sqDiff = pairwiseSquaredDifferences(inputs);
  }
}

/**
 * Negative (log marginal likelihood + log prior) at theta. Keeps the factorisation in the
 * workspace so that negativeLogPosteriorGradient can follow at the same theta.
 */
export function negativeLogPosteriorValue(ws: FitWorkspace, theta: Float64Array): number {
  const { n, dim } = ws.inputs;
  const params = paramsFromTheta(theta, dim);
  const { k, l, slopes, alpha, y } = ws;
  ws.lastTheta = null;
  kernelMatrix(n, dim, ws.sqDiff, params, k, slopes);
  try {
    choleskyWithJitter(k, n, l);
  } catch {
    return Infinity;
  }
  alpha.set(y);
  solveLowerInPlace(l, n, alpha);
  let fit = 0;
  for (let i = 0; i < n; i++) fit += alpha[i] * alpha[i];
  let logDet = 0;
  for (let i = 0; i < n; i++) logDet += Math.log(l[i * n + i]);
  solveUpperTransposedInPlace(l, n, alpha);
  const logLik = -0.5 * fit - logDet - 0.5 * n * LOG_2PI;
  let logPrior = 0;
  for (let d = 0; d < dim; d++) {
    const invSq = 1 / params.lengthscales[d] ** 2;
    logPrior -= 0.1 / invSq + 0.1 * invSq;
  }
  logPrior += Math.log(params.signalVariance) - params.signalVariance;
  logPrior += 0.1 * Math.log(params.noiseVariance) - 30 * params.noiseVariance;
  ws.lastTheta = theta.slice();
  return -(logLik + logPrior);
}

/** The gradient of the negative log posterior at the theta of the latest (finite) value call. */
export function negativeLogPosteriorGradient(ws: FitWorkspace, grad: Float64Array): void {
  const theta = ws.lastTheta;
  if (theta === null) throw new Error("negativeLogPosteriorGradient needs a finite value computed first");
  const { n, dim } = ws.inputs;
  const params = paramsFromTheta(theta, dim);
  const { k, l, kinv, work, slopes, alpha } = ws;
  // d logLik / d theta_j = 0.5 tr(W dK/dtheta_j) with W = alpha alpha^T - K^{-1}.
  inverseFromCholesky(l, n, kinv, work);
  grad.fill(0);
  const s = params.signalVariance;
  const invSq = params.lengthscales.map((v) => 1 / (v * v));
  let gradSignal = 0;
  let p = 0;
  for (let i = 1; i < n; i++) {
    const ai = alpha[i];
    const row = i * n;
    for (let j = 0; j < i; j++, p++) {
      const w = ai * alpha[j] - kinv[row + j];
      gradSignal += w * k[row + j];
      // dK_ij / dlog l_d = s (5/3)(1 + sqrt5 r) e^{-sqrt5 r} delta_d^2 / l_d^2; kernelMatrix left s (1 + sqrt5 r) e^{-sqrt5 r} in slopes.
      const c = w * (5 / 3) * slopes[p];
      if (c === 0) continue;
      const base = p * dim;
      for (let d = 0; d < dim; d++) grad[d] += c * ws.sqDiff[base + d];
    }
  }
  let traceW = 0;
  for (let i = 0; i < n; i++) traceW += alpha[i] * alpha[i] - kinv[i * n + i];
  // Off-diagonal pairs counted once above stand for both (i, j) and (j, i), so no factor 0.5 there.
  for (let d = 0; d < dim; d++) grad[d] *= invSq[d];
  grad[dim] = gradSignal + 0.5 * traceW * s;
  const noiseExcess = params.noiseVariance - MIN_NOISE;
  grad[dim + 1] = 0.5 * traceW * noiseExcess;
  // The priors' derivatives with respect to the log parameters.
  for (let d = 0; d < dim; d++) grad[d] += -0.2 / invSq[d] + 0.2 * invSq[d];
  grad[dim] += 1 - s;
  grad[dim + 1] += (0.1 / params.noiseVariance - 30) * noiseExcess;
  for (let j = 0; j < grad.length; j++) grad[j] = -grad[j];
}

/** Negative (log marginal likelihood + log prior) at theta, with its gradient written to `grad`. */
export function negativeLogPosterior(ws: FitWorkspace, theta: Float64Array, grad: Float64Array): number {
  const value = negativeLogPosteriorValue(ws, theta);
  if (Number.isFinite(value)) negativeLogPosteriorGradient(ws, grad);
  else grad.fill(0);
  return value;
}

export interface FitOptions {
  maxIterations: number;
  /** Evaluate every start but run L-BFGS only from the best one (cheap restarts), instead of from each. */
  optimiseBestStartOnly?: boolean;
}

export interface FitResult {
  theta: Float64Array;
  /** Negative log posterior at theta. */
  value: number;
  /** Objective evaluations spent (each one a Cholesky and an inverse). */
  evaluations: number;
}

/**
 * MAP hyperparameters, from each of the given starting points (e.g. the previous fit and the
 * default); returns the best theta found.
 */
export function fitHyperparameters(ws: FitWorkspace, starts: Float64Array[], options: FitOptions): FitResult {
  const dim = ws.inputs.dim;
  const size = dim + 2;
  const lower = new Float64Array(size);
  const upper = new Float64Array(size);
  for (let d = 0; d < dim; d++) {
    lower[d] = Math.log(1e-3);
    upper[d] = Math.log(1e3);
  }
  lower[dim] = Math.log(1e-3);
  upper[dim] = Math.log(1e3);
  lower[dim + 1] = Math.log(1e-12);
  upper[dim + 1] = Math.log(10);
  let best: Float64Array | null = null;
  let bestValue = Infinity;
  for (const start of starts) {
    if (start.length !== size) throw new Error(`A starting theta needs ${size} entries, got ${start.length}`);
  }
  let evaluations = 0;
  let chosen = starts;
  if (options.optimiseBestStartOnly === true && starts.length > 1) {
    let bestStart = starts[0];
    let bestStartValue = Infinity;
    for (const start of starts) {
      const v = negativeLogPosteriorValue(ws, start);
      evaluations++;
      if (v < bestStartValue) {
        bestStart = start;
        bestStartValue = v;
      }
    }
    chosen = [bestStart];
  }
  for (const start of chosen) {
    const objective = {
      value: (t: Float64Array) => negativeLogPosteriorValue(ws, t),
      gradient: (g: Float64Array) => negativeLogPosteriorGradient(ws, g),
    };
    const result = minimizeBox(objective, start, {
      lower,
      upper,
      maxIterations: options.maxIterations,
      // Differences of a few thousandths of a nat in the posterior do not change the model in any way that matters.
      gradientTolerance: 1e-2,
      relativeTolerance: 1e-5,
      // A warm start is usually close: probe with small moves (log scale) before curvature is known.
      firstStep: 0.1,
    });
    evaluations += result.evaluations;
    if (best === null || result.value < bestValue) {
      best = result.x;
      bestValue = result.value;
    }
  }
  if (best === null) throw new Error("fitHyperparameters needs at least one starting point");
  return { theta: best, value: bestValue, evaluations };
}
