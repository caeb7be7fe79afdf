/**
 * Log expected improvement, computed so that it stays finite and accurate far from the incumbent
 * (Ament et al. 2023, "Unexpected improvements to expected improvement"). With
 * z = (best - mean) / sd for minimisation, EI = sd * h(z), h(z) = phi(z) + z Phi(z).
 */
import { erfc, erfcx, LOG_SQRT_2PI, log1mexp } from "../tpe/special-functions";

const SQRT2 = Math.SQRT2;
const HALF_LOG_PI_OVER_2 = 0.5 * Math.log(Math.PI / 2);
/** Below -1/sqrt(machine epsilon) the asymptotic expansion is exact to double precision. */
const ASYMPTOTIC_Z = -1 / Math.sqrt(Number.EPSILON);

/** log h(z), h(z) = phi(z) + z Phi(z), for every finite z. */
export function logH(z: number): number {
  if (z > -1) {
    const phi = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    const cdf = 0.5 * erfc(-z / SQRT2);
    return Math.log(phi + z * cdf);
  }
  if (z > ASYMPTOTIC_Z) {
    // h = phi(z) (1 - |z| Phi(z)/phi(z)) and Phi/phi = sqrt(pi/2) erfcx(-z/sqrt2).
    return -0.5 * z * z - LOG_SQRT_2PI + log1mexp(Math.log(erfcx(-z / SQRT2) * -z) + HALF_LOG_PI_OVER_2);
  }
  return -0.5 * z * z - LOG_SQRT_2PI - 2 * Math.log(-z);
}

/** d log h / dz = Phi(z) / h(z), stable for very negative z (where it tends to -z). */
export function logHDerivative(z: number): number {
  if (z > -1) {
    const phi = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    const cdf = 0.5 * erfc(-z / SQRT2);
    return cdf / (phi + z * cdf);
  }
  if (z > -1e3) {
    const ratio = Math.sqrt(Math.PI / 2) * erfcx(-z / SQRT2); // Phi(z) / phi(z)
    return ratio / (1 + z * ratio);
  }
  // Phi/h = |z| (1 + 2/z^2 + O(z^-4)) where 1 + z Phi/phi cancels catastrophically.
  return -z * (1 + 2 / (z * z));
}

/** log EI for minimisation at posterior mean `mean` and standard deviation `sd` against incumbent `best`. */
export function logExpectedImprovement(mean: number, sd: number, best: number): number {
  if (!(sd > 0)) return mean < best ? Math.log(best - mean) : -Infinity;
  return Math.log(sd) + logH((best - mean) / sd);
}

/**
 * log EI with its partial derivatives: writes d/dmean to out[0] and d/dvariance to out[1]
 * (variance, not sd, because that is what the GP differentiates). Returns log EI.
 */
export function logExpectedImprovementWithGradient(
  mean: number,
  variance: number,
  best: number,
  out: Float64Array,
): number {
  const sd = Math.sqrt(variance);
  if (!(sd > 1e-300)) {
    out[0] = 0;
    out[1] = 0;
    return mean < best ? Math.log(best - mean) : -Infinity;
  }
  const z = (best - mean) / sd;
  const dz = logHDerivative(z);
  // log EI = log sd + log h(z);  dz/dmean = -1/sd;  dz/dsd = -z/sd;  dsd/dvar = 1/(2 sd).
  out[0] = -dz / sd;
  out[1] = (1 / sd - (dz * z) / sd) / (2 * sd);
  return Math.log(sd) + logH(z);
}
