/**
 * Makes objective values look more Gaussian before the GP sees them: standardise, apply the
 * Yeo-Johnson power transform with the exponent that maximises the normal likelihood, and
 * standardise again. Heavy tails (a few huge losses, or a few very good values among many
 * mediocre ones) otherwise dominate the fit and starve the acquisition of exploration.
 */

/** The Yeo-Johnson transform of y with exponent lambda. */
export function yeoJohnson(y: number, lambda: number): number {
  if (y >= 0) return Math.abs(lambda) < 1e-12 ? Math.log1p(y) : (Math.pow(y + 1, lambda) - 1) / lambda;
  const mu = 2 - lambda;
  return Math.abs(mu) < 1e-12 ? -Math.log1p(-y) : -(Math.pow(1 - y, mu) - 1) / mu;
}

/** The profile log-likelihood of lambda: a normal fit to the transformed values plus the log-Jacobian. */
export function yeoJohnsonLogLikelihood(values: ArrayLike<number>, lambda: number): number {
  const n = values.length;
  let mean = 0;
  const t = new Float64Array(n);
  let jacobian = 0;
  for (let i = 0; i < n; i++) {
    t[i] = yeoJohnson(values[i], lambda);
    mean += t[i];
    jacobian += Math.sign(values[i]) * Math.log1p(Math.abs(values[i]));
  }
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (t[i] - mean) ** 2;
  variance /= n;
  if (!(variance > 0)) return -Infinity;
  return -0.5 * n * Math.log(variance) + (lambda - 1) * jacobian;
}

/** (v - mean) / sd; a constant list becomes zeros. */
export function standardise(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (values[i] - mean) ** 2;
  variance /= n;
  const sd = variance > 0 ? Math.sqrt(variance) : 1;
  return Float64Array.from(values, (v) => (v - mean) / sd);
}

const LAMBDA_RANGE: [number, number] = [-2, 4];

/** The lambda in [-2, 4] of largest likelihood: a coarse grid, then golden-section refinement around the best. */
export function fitYeoJohnsonLambda(values: ArrayLike<number>): number {
  const [lo, hi] = LAMBDA_RANGE;
  const steps = 24;
  let bestI = 0;
  let bestL = -Infinity;
  for (let i = 0; i <= steps; i++) {
    const l = yeoJohnsonLogLikelihood(values, lo + ((hi - lo) * i) / steps);
    if (l > bestL) {
      bestL = l;
      bestI = i;
    }
  }
  let a = lo + ((hi - lo) * Math.max(0, bestI - 1)) / steps;
  let b = lo + ((hi - lo) * Math.min(steps, bestI + 1)) / steps;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = yeoJohnsonLogLikelihood(values, c);
  let fd = yeoJohnsonLogLikelihood(values, d);
  for (let k = 0; k < 30; k++) {
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = yeoJohnsonLogLikelihood(values, c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = yeoJohnsonLogLikelihood(values, d);
    }
  }
  return 0.5 * (a + b);
}

/** Standardised, power-transformed, standardised again (order and ties are preserved). */
export function warpOutputs(values: ArrayLike<number>): Float64Array {
  const z = standardise(values);
  if (z.every((v) => v === 0)) return z;
  const lambda = fitYeoJohnsonLambda(z);
  return standardise(Float64Array.from(z, (v) => yeoJohnson(v, lambda)));
}
