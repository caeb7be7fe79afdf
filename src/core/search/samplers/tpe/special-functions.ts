/**
 * Normal-distribution numerics shared by the model-based samplers: the scaled complementary error
 * function, log CDFs and interval masses that stay finite deep in the tails, the normal quantile,
 * and draws from a truncated standard normal.
 */

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT2 = Math.SQRT2;
/** log(sqrt(2 pi)). */
export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * erfcx(x) = exp(x^2) erfc(x), accurate to about 1e-14 relative for every x (overflows to
 * Infinity below about -26.6).
 */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) {
    // Reflection: erfc(-x) = 2 - erfc(x).
    return 2 * Math.exp(x * x) - erfcx(-x);
  }
  if (x < 2) {
    // erf(x) = 2/sqrt(pi) e^{-x^2} sum (2x^2)^n x / (2n+1)!!: every term is positive, no cancellation.
    const twoX2 = 2 * x * x;
    let term = x;
    let sum = 0;
    for (let n = 1; n < 60; n++) {
      sum += term;
      term *= twoX2 / (2 * n + 1);
      if (term < 1e-17 * sum) break;
    }
    return Math.exp(x * x) - (2 / SQRT_PI) * sum;
  }
  if (x > 1e8) return 1 / (SQRT_PI * x);
  // Even contraction of Laplace's continued fraction; the depth needed falls quickly with x.
  const depth = x >= 4 ? 8 : x >= 3 ? 14 : 24;
  const s = 2 * x * x + 1;
  let t = s + 4 * depth;
  for (let k = depth; k >= 1; k--) t = s + 4 * (k - 1) - ((2 * k - 1) * (2 * k)) / t;
  return (2 * x) / SQRT_PI / t;
}

/** erfc(x), with full relative accuracy in the right tail (underflows to 0 beyond about 26.5). */
export function erfc(x: number): number {
  if (x < 0.5) {
    if (x > -0.5) return 1 - erfSmall(x);
    return 2 - erfc(-x);
  }
  return Math.exp(-x * x) * erfcx(x);
}

/** erf by its Maclaurin series, for |x| < 0.5 where it converges in a dozen terms. */
function erfSmall(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 30; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / SQRT_PI) * sum;
}

/** The standard normal CDF Phi(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/** log Phi(z), finite for every finite z (the left tail uses erfcx). */
export function logNormalCdf(z: number): number {
  if (z < -1) return Math.log(0.5 * erfcx(-z / SQRT2)) - 0.5 * z * z;
  return Math.log1p(-0.5 * erfc(z / SQRT2));
}

/** log(1 - exp(x)) for x <= 0, accurate on both sides of -log 2. */
export function log1mexp(x: number): number {
  if (x > -Math.LN2) return Math.log(-Math.expm1(x));
  return Math.log1p(-Math.exp(x));
}

/** log(exp(a) + exp(b)) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** log(Phi(b) - Phi(a)) for a <= b, finite even when both ends lie far in the same tail. */
export function logNormalMass(a: number, b: number): number {
  if (!(a <= b)) throw new Error(`logNormalMass needs a <= b, got a = ${a}, b = ${b}`);
  if (a === b) return -Infinity;
  if (a >= 0) {
    // Both in the right tail: work with the upper tails Phi(-a) and Phi(-b), which are not rounded to 1.
    const la = logNormalCdf(-a);
    // The far end's tail is below e^-40 of the near end's: it does not change the result in double precision.
    if ((b - a) * a > 40) return la;
    const lb = logNormalCdf(-b);
    return la + log1mexp(lb - la);
  }
  if (b <= 0) {
    const lb = logNormalCdf(b);
    if ((b - a) * -b > 40) return lb;
    const la = logNormalCdf(a);
    return lb + log1mexp(la - lb);
  }
  // The interval straddles 0: the mass is at least a sizeable fraction of one, no cancellation issue.
  return Math.log1p(-(normalCdf(a) + normalCdf(-b)));
}

// Gauss-Legendre nodes and weights on [-1, 1] (8 points; the rule is symmetric), for masses of narrow intervals.
const GL_NODES = [0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
const GL_WEIGHTS = [0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];

/**
 * log(Phi(b) - Phi(a)) for a <= b. Intervals over which the density is smooth (narrow, and
 * not so far in a tail that it changes by more than e^2 across them) are integrated by 8-point
 * Gauss-Legendre relative to the density at the midpoint, exact to ~1e-15, which avoids the
 * cancellation of subtracting two nearly equal CDFs; the others use logNormalMass.
 */
export function logNormalIntervalMass(a: number, b: number): number {
  const width = b - a;
  const mid = 0.5 * (a + b);
  if (!(width <= 1 && width * Math.abs(mid) <= 2)) return logNormalMass(a, b);
  if (width <= 0) return width === 0 ? -Infinity : logNormalMass(a, b);
  const half = 0.5 * width;
  let sum = 0;
  for (let k = 0; k < 4; k++) {
    const t = half * GL_NODES[k];
    // phi(mid +- t) / phi(mid) = exp(-t (t +- 2 mid) / 2), finite wherever mid lies.
    sum += GL_WEIGHTS[k] * (Math.exp(-0.5 * t * (t + 2 * mid)) + Math.exp(-0.5 * t * (t - 2 * mid)));
  }
  return -0.5 * mid * mid - LOG_SQRT_2PI + Math.log(half * sum);
}

// Acklam's rational approximation of the normal quantile (relative error 1.15e-9), then refined.
const QA = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const QB = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const QC = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const QD = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** The standard normal quantile Phi^{-1}(p) for p in (0, 1), accurate to about 1e-15. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new Error(`A probability in [0, 1] is needed, got ${p}`);
  }
  if (p > 0.5) return -lowerQuantile(1 - p);
  return lowerQuantile(p);
}

/** Quantile for p <= 0.5, computed without forming 1 - p so the left tail keeps full precision. */
function lowerQuantile(p: number): number {
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((QC[0] * q + QC[1]) * q + QC[2]) * q + QC[3]) * q + QC[4]) * q + QC[5]) /
      ((((QD[0] * q + QD[1]) * q + QD[2]) * q + QD[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((QA[0] * r + QA[1]) * r + QA[2]) * r + QA[3]) * r + QA[4]) * r + QA[5]) * q) /
      (((((QB[0] * r + QB[1]) * r + QB[2]) * r + QB[3]) * r + QB[4]) * r + 1);
  }
  // One Halley step on Phi(x) = p brings the error to rounding level.
  const e = 0.5 * erfc(-x / SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

/**
 * A draw from the standard normal truncated to [a, b] by inverting its CDF at `u` in [0, 1).
 * The tail the interval lies in is handled through the upper-tail CDF so no precision is lost.
 */
export function truncatedNormalQuantile(a: number, b: number, u: number): number {
  if (!(a < b)) return a;
  return truncatedNormalQuantileFrom(a, b, truncatedNormalEnd(a, a), truncatedNormalEnd(a, b), u);
}

/**
 * The CDF value at an end `x` of the interval [a, b] that truncatedNormalQuantileFrom needs: the
 * upper tail Phi(-x) when the interval lies right of 0 (a >= 0), else Phi(x). Depends on the
 * interval only, so a sampler drawing many times from one kernel computes it once.
 */
export function truncatedNormalEnd(a: number, x: number): number {
  // Mirror the right tail onto the left one, where the CDF is not rounded to 1.
  return a >= 0 ? normalCdf(-x) : normalCdf(x);
}

/** truncatedNormalQuantile(a, b, u) for a < b, given truncatedNormalEnd(a, a) and truncatedNormalEnd(a, b). */
export function truncatedNormalQuantileFrom(
  a: number,
  b: number,
  endA: number,
  endB: number,
  u: number,
): number {
  let z: number;
  if (a >= 0) {
    const p = endA - u * (endA - endB);
    z = p > 0 ? -normalQuantile(p) : a;
  } else {
    const p = endA + u * (endB - endA);
    z = p <= 0 ? a : p >= 1 ? b : normalQuantile(p);
  }
  // Rounding can push the inverse a hair outside the interval.
  return Math.min(b, Math.max(a, z));
}
