/**
 * A small box-constrained limited-memory BFGS minimiser: the two-loop direction on the free
 * variables, projection onto the box, and a backtracking (Armijo) line search along the
 * projected path. Enough for the handful of GP hyperparameters and for the acquisition function.
 */

/** Writes the gradient into `grad` and returns the value. */
export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

/**
 * A function whose gradient costs more than its value: `gradient` is asked only at points the
 * line search accepts, always right after `value` at that same point.
 */
export interface SplitObjective {
  value(x: Float64Array): number;
  /** The gradient at the point of the latest `value` call. */
  gradient(grad: Float64Array): void;
}

/** A SplitObjective from a function that computes both at once. */
export function splitObjective(f: ValueAndGradient): SplitObjective {
  let lastGradient: Float64Array | null = null;
  return {
    value(x) {
      lastGradient ??= new Float64Array(x.length);
      return f(x, lastGradient);
    },
    gradient(grad) {
      if (lastGradient === null) throw new Error("gradient() was called before value()");
      grad.set(lastGradient);
    },
  };
}

export interface LbfgsOptions {
  lower: Float64Array;
  upper: Float64Array;
  maxIterations: number;
  /** Stop when the projected gradient's largest entry falls below this. */
  gradientTolerance: number;
  /** Stop when an iteration lowers the value by less than this times max(1, |value|). */
  relativeTolerance: number;
  /** History length. */
  memory?: number;
  /** Largest change of any coordinate on a steepest-descent step (no curvature known yet). Default 1. */
  firstStep?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  evaluations: number;
}

/** Minimises `f` from `x0` within [lower, upper]. Never returns a point worse than the (projected) start. */
export function minimizeBox(
  objective: ValueAndGradient | SplitObjective,
  x0: Float64Array,
  options: LbfgsOptions,
): LbfgsResult {
  const f = typeof objective === "function" ? splitObjective(objective) : objective;
  const n = x0.length;
  const { lower, upper } = options;
  const m = options.memory ?? 8;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.min(upper[i], Math.max(lower[i], x0[i]));
  const g = new Float64Array(n);
  let value = f.value(x);
  let evaluations = 1;
  if (!Number.isFinite(value)) return { x, value, iterations: 0, evaluations };
  f.gradient(g);
  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  const rhoHist: number[] = [];
  const d = new Float64Array(n);
  const free = new Uint8Array(n);
  const alpha = new Float64Array(m);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let iterations = 0;
  for (; iterations < options.maxIterations; iterations++) {
    // A variable is held when it sits on a bound and the gradient pushes it outwards.
    let projected = 0;
    for (let i = 0; i < n; i++) {
      const atLow = x[i] <= lower[i] && g[i] > 0;
      const atHigh = x[i] >= upper[i] && g[i] < 0;
      free[i] = atLow || atHigh ? 0 : 1;
      if (free[i]) projected = Math.max(projected, Math.abs(g[i]));
    }
    if (projected < options.gradientTolerance) break;
    twoLoopDirection(g, free, sHist, yHist, rhoHist, alpha, d);
    let slope = 0;
    for (let i = 0; i < n; i++) slope += g[i] * d[i];
    if (!(slope < 0)) {
      // Not a descent direction (stale curvature pairs): restart from steepest descent.
      sHist.length = 0;
      yHist.length = 0;
      rhoHist.length = 0;
      for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
    }
    let step = 1;
    if (sHist.length === 0) {
      let norm = 0;
      for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]));
      step = Math.min(1, (options.firstStep ?? 1) / Math.max(norm, 1e-12));
    }
    let accepted = false;
    let newValue = value;
    for (let tries = 0; tries < 30; tries++) {
      let decrease = 0;
      for (let i = 0; i < n; i++) {
        xNew[i] = Math.min(upper[i], Math.max(lower[i], x[i] + step * d[i]));
        decrease += g[i] * (xNew[i] - x[i]);
      }
      newValue = f.value(xNew);
      evaluations++;
      if (Number.isFinite(newValue) && newValue <= value + 1e-4 * decrease) {
        f.gradient(gNew);
        accepted = true;
        break;
      }
      // Backtrack to the minimiser of the quadratic through f(0), f'(0) and f(step), kept within [0.1, 0.5] of the step.
      const curvature = newValue - value - decrease;
      const ratio = Number.isFinite(newValue) && curvature > 0 ? -decrease / (2 * curvature) : 0.1;
      step *= Math.min(0.5, Math.max(0.1, ratio));
    }
    if (!accepted) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      sy += s[i] * y[i];
    }
    const improvement = value - newValue;
    x.set(xNew);
    g.set(gNew);
    value = newValue;
    if (sy > 1e-12) {
      sHist.push(s);
      yHist.push(y);
      rhoHist.push(1 / sy);
      if (sHist.length > m) {
        sHist.shift();
        yHist.shift();
        rhoHist.shift();
      }
    }
    if (improvement < options.relativeTolerance * Math.max(1, Math.abs(value))) {
      iterations++;
      break;
    }
  }
  return { x, value, iterations, evaluations };
}

/** d = -H g on the free variables (zero elsewhere), H the L-BFGS inverse-Hessian estimate. */
function twoLoopDirection(
  g: Float64Array,
  free: Uint8Array,
  sHist: Float64Array[],
  yHist: Float64Array[],
  rhoHist: number[],
  alpha: Float64Array,
  d: Float64Array,
): void {
  const n = g.length;
  for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
  const k = sHist.length;
  for (let j = k - 1; j >= 0; j--) {
    const s = sHist[j];
    let a = 0;
    for (let i = 0; i < n; i++) if (free[i]) a += s[i] * d[i];
    a *= rhoHist[j];
    alpha[j] = a;
    const y = yHist[j];
    for (let i = 0; i < n; i++) if (free[i]) d[i] -= a * y[i];
  }
  if (k > 0) {
    // Initial scaling gamma = s'y / y'y from the newest pair.
    const s = sHist[k - 1];
    const y = yHist[k - 1];
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    const gamma = yy > 0 ? sy / yy : 1;
    for (let i = 0; i < n; i++) d[i] *= gamma;
  }
  for (let j = 0; j < k; j++) {
    const y = yHist[j];
    let b = 0;
    for (let i = 0; i < n; i++) if (free[i]) b += y[i] * d[i];
    b *= rhoHist[j];
    const s = sHist[j];
    const coef = alpha[j] - b;
    for (let i = 0; i < n; i++) if (free[i]) d[i] += coef * s[i];
  }
}
