/**
 * Statistics the seeds lesson reads out: the mean of a few runs with a Student-t confidence
 * interval, and Welch's t-test of whether two configurations differ (variances not assumed equal).
 */

function requireSample(name: string, values: number[], minLength: number): void {
  if (!Array.isArray(values) || values.length < minLength) {
    throw new Error(
      `${name} needs at least ${minLength} values, got ${Array.isArray(values) ? values.length : String(values)}`,
    );
  }
  const bad = values.find((v) => typeof v !== "number" || !Number.isFinite(v));
  if (bad !== undefined) throw new Error(`${name} must hold finite numbers, got ${String(bad)}`);
}

/** Arithmetic mean of a non-empty sample. */
export function mean(values: number[]): number {
  requireSample("mean", values, 1);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Unbiased sample variance (divides by n − 1); needs two values or more. */
export function sampleVariance(values: number[]): number {
  requireSample("sampleVariance", values, 2);
  const m = mean(values);
  return values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1);
}

/** Natural log of the gamma function (Lanczos approximation, g = 7). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the regularised incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-14) break;
  }
  return h;
}

/** Regularised incomplete beta function I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast on one side of the mean; use the symmetry on the other.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Cumulative distribution function of Student's t with `df` degrees of freedom (df may be fractional). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0) || !Number.isFinite(df))
    throw new Error(`Degrees of freedom must be a positive number, got ${df}`);
  if (!Number.isFinite(t)) {
    if (Number.isNaN(t)) throw new Error(`t must be a number, got ${t}`);
    return t > 0 ? 1 : 0;
  }
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The t value with P(T ≤ t) = p for Student's t with `df` degrees of freedom (bisection on the CDF). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`Probability must be strictly between 0 and 1, got ${p}`);
  let lo = -1e3;
  let hi = 1e3;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface MeanInterval {
  mean: number;
  low: number;
  high: number;
  /** Half the width of the interval. */
  halfWidth: number;
  level: number;
  n: number;
}

/** Mean of a sample with its Student-t confidence interval at `level` (0.95 by default). */
export function meanConfidenceInterval(values: number[], level = 0.95): MeanInterval {
  requireSample("A confidence interval", values, 2);
  if (!(level > 0 && level < 1))
    throw new Error(`Confidence level must be strictly between 0 and 1, got ${level}`);
  const m = mean(values);
  const n = values.length;
  const halfWidth = studentTQuantile(1 - (1 - level) / 2, n - 1) * Math.sqrt(sampleVariance(values) / n);
  return { mean: m, low: m - halfWidth, high: m + halfWidth, halfWidth, level, n };
}

export interface WelchResult {
  /** Mean of a minus mean of b. */
  difference: number;
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value. */
  p: number;
}

/** Welch's two-sample t-test of equal means, two-sided; each sample needs two values or more. */
export function welchTTest(a: number[], b: number[]): WelchResult {
  requireSample("Welch's t-test (first sample)", a, 2);
  requireSample("Welch's t-test (second sample)", b, 2);
  const va = sampleVariance(a) / a.length;
  const vb = sampleVariance(b) / b.length;
  const difference = mean(a) - mean(b);
  const se2 = va + vb;
  if (se2 === 0) {
    // Both samples constant: equal means are certainly equal, different ones certainly differ.
    return difference === 0
      ? { difference, t: 0, df: a.length + b.length - 2, p: 1 }
      : { difference, t: Math.sign(difference) * Infinity, df: a.length + b.length - 2, p: 0 };
  }
  const t = difference / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  const p = Math.min(1, 2 * (1 - studentTCdf(Math.abs(t), df)));
  return { difference, t, df, p };
}
