/**
 * Maximising log expected improvement over a mixed space: score many quasi-random candidates,
 * then refine the best few (and the best observed points) by local search that alternates
 * L-BFGS on the continuous inputs (large integer ranges relaxed to continuous, then rounded and
 * nudged along their grid) with exhaustive sweeps over categorical and small discrete inputs.
 */
import type { Rng } from "../../../rng";
import { SOBOL_MAX_DIMENSIONS, ScrambledSobol } from "../sobol";
import type { SpaceEncoding } from "./encoding";
import { MAX_ENUMERATED_VALUES } from "./encoding";
import type { GaussianProcess } from "./gaussian-process";
import { minimizeBox } from "./lbfgs";
import { logExpectedImprovement, logExpectedImprovementWithGradient } from "./log-ei";

export interface AcquisitionOptions {
  /** Quasi-random candidates scored before local search. */
  candidates: number;
  /** How many of the best candidates are refined by local search. */
  localSearches: number;
}

export interface AcquisitionResult {
  latent: Float64Array;
  logEi: number;
  /** Posterior evaluations spent. */
  evaluations?: number;
}

/** log EI of a GP against an incumbent, evaluated on latent points of an encoding. */
class LogEiSurface {
  readonly dim: number;
  private readonly eff: Float64Array;
  private readonly pred = new Float64Array(2);
  private readonly gradMean: Float64Array;
  private readonly gradVar: Float64Array;
  private readonly dEi = new Float64Array(2);
  evaluations = 0;

  constructor(
    private readonly gp: GaussianProcess,
    private readonly encoding: SpaceEncoding,
    private readonly best: number,
  ) {
    this.dim = encoding.dim;
    this.eff = new Float64Array(this.dim);
    this.gradMean = new Float64Array(this.dim);
    this.gradVar = new Float64Array(this.dim);
  }

  /** log EI at a latent point, every input snapped to its grid. */
  value(latent: Float64Array): number {
    this.evaluations++;
    this.encoding.effectiveInputs(latent, this.eff, null);
    this.gp.predict(this.eff, this.pred);
    return logExpectedImprovement(this.pred[0], Math.sqrt(this.pred[1]), this.best);
  }

  /** log EI with `relaxed` inputs left continuous (not snapped to their grid). */
  relaxedValue(latent: Float64Array, relaxed: Uint8Array): number {
    this.evaluations++;
    this.encoding.effectiveInputs(latent, this.eff, relaxed);
    this.gp.predict(this.eff, this.pred);
    return logExpectedImprovement(this.pred[0], Math.sqrt(this.pred[1]), this.best);
  }

  /** The gradient of relaxedValue with respect to every latent input. */
  relaxedGradient(latent: Float64Array, relaxed: Uint8Array, grad: Float64Array): void {
    this.encoding.effectiveInputs(latent, this.eff, relaxed);
    this.gp.predictWithGradient(this.eff, this.pred, this.gradMean, this.gradVar);
    logExpectedImprovementWithGradient(this.pred[0], this.pred[1], this.best, this.dEi);
    for (let d = 0; d < this.dim; d++)
      grad[d] = this.dEi[0] * this.gradMean[d] + this.dEi[1] * this.gradVar[d];
  }
}

/**
 * The latent point (and its log EI) that maximises log EI among points for which `isUntried`
 * holds (so known points are not proposed again), found as described above; null if every
 * point examined was already tried.
 */
export function maximizeLogEi(
  gp: GaussianProcess,
  encoding: SpaceEncoding,
  best: number,
  lengthscales: Float64Array,
  warmStarts: readonly Float64Array[],
  rng: Rng,
  options: AcquisitionOptions,
  isUntried: (latent: Float64Array) => boolean,
): AcquisitionResult | null {
  const surface = new LogEiSurface(gp, encoding, best);
  const dim = encoding.dim;
  const sobol = new ScrambledSobol(rng.nextUint32());
  const count = options.candidates;
  const points = new Float64Array(count * dim);
  const scores = new Float64Array(count);
  const point = new Float64Array(dim);
  const effective = new Float64Array(count * dim);
  const eff = new Float64Array(dim);
  // Sobol' points cover the space evenly; beyond its table of dimensions, plain uniform draws.
  const useSobol = dim <= SOBOL_MAX_DIMENSIONS;
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dim; d++)
      point[d] = latentFromUnit(encoding, d, useSobol ? sobol.coordinate(i, d) : rng.next());
    points.set(point, i * dim);
    encoding.effectiveInputs(point, eff, null);
    effective.set(eff, i * dim);
  }
  const means = new Float64Array(count);
  const variances = new Float64Array(count);
  gp.predictBatch(effective, count, means, variances);
  for (let i = 0; i < count; i++) scores[i] = logExpectedImprovement(means[i], Math.sqrt(variances[i]), best);
  surface.evaluations += count;
  const ranked = Array.from({ length: count }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const starts: Float64Array[] = [];
  for (const i of ranked) {
    if (starts.length >= options.localSearches) break;
    if (!Number.isFinite(scores[i]) && starts.length > 0) break;
    starts.push(points.slice(i * dim, (i + 1) * dim));
  }
  starts.push(...warmStarts.map((w) => w.slice()));
  let bestLatent: Float64Array | null = null;
  let bestValue = -Infinity;
  for (const start of starts) {
    const result = localSearch(surface, encoding, start, lengthscales);
    if ((bestLatent === null || result.logEi > bestValue) && isUntried(result.latent)) {
      bestValue = result.logEi;
      bestLatent = result.latent;
    }
  }
  // Fall back to the best scored candidate that is new, if it beats the refined points.
  for (const i of ranked) {
    if (bestLatent !== null && scores[i] <= bestValue) break;
    const candidate = points.slice(i * dim, (i + 1) * dim);
    if (isUntried(candidate)) {
      bestLatent = candidate;
      bestValue = scores[i];
      break;
    }
  }
  if (bestLatent === null) return null;
  return { latent: bestLatent, logEi: bestValue, evaluations: surface.evaluations };
}

/** A latent coordinate from a uniform number: categorical index, grid-snapped or continuous input. */
function latentFromUnit(encoding: SpaceEncoding, d: number, u: number): number {
  const dim = encoding.dims[d];
  if (dim.kind === "categorical") return Math.min(dim.size - 1, Math.floor(u * dim.size));
  return encoding.snap(d, u);
}

const MAX_ROUNDS = 8;

/** Coordinate-block ascent from `start`: gradient block, then discrete sweeps, until nothing improves. */
function localSearch(
  surface: LogEiSurface,
  encoding: SpaceEncoding,
  start: Float64Array,
  lengthscales: Float64Array,
): AcquisitionResult {
  const dim = encoding.dim;
  const relaxed = new Uint8Array(dim);
  const gradientDims: number[] = [];
  const enumerated: number[] = [];
  encoding.dims.forEach((d, i) => {
    if (d.kind === "continuous") gradientDims.push(i);
    else if (d.kind === "discrete" && d.size > MAX_ENUMERATED_VALUES) {
      gradientDims.push(i);
      relaxed[i] = 1;
    } else enumerated.push(i);
  });
  const x = start.slice();
  let value = surface.value(x);
  // Each block is revisited only after the other one moved the point.
  let gradientDue = gradientDims.length > 0;
  let discreteDue = enumerated.length > 0;
  for (let round = 0; round < MAX_ROUNDS && (gradientDue || discreteDue); round++) {
    if (gradientDue) {
      gradientDue = false;
      const candidate = gradientStep(surface, x, gradientDims, relaxed, lengthscales);
      for (const d of gradientDims) if (relaxed[d]) candidate[d] = encoding.snap(d, candidate[d]);
      let candidateValue = surface.value(candidate);
      for (const d of gradientDims) {
        if (relaxed[d]) candidateValue = gridWalk(surface, encoding, candidate, d, candidateValue);
      }
      if (candidateValue > value + 1e-9 * Math.max(1, Math.abs(value))) {
        x.set(candidate);
        value = candidateValue;
        discreteDue = enumerated.length > 0;
      }
    }
    if (discreteDue) {
      discreteDue = false;
      for (const d of enumerated) {
        const size = encoding.dims[d].size;
        const current = x[d];
        let bestU = current;
        for (let c = 0; c < size; c++) {
          const u =
            encoding.dims[d].kind === "categorical" ? c : encoding.encodeValue(d, gridValue(encoding, d, c));
          if (u === current) continue;
          x[d] = u;
          const v = surface.value(x);
          if (v > value) {
            value = v;
            bestU = u;
            gradientDue = gradientDims.length > 0;
          }
        }
        x[d] = bestU;
      }
    }
  }
  return { latent: x, logEi: value };
}

/** The c-th value of a discrete numeric range. */
function gridValue(encoding: SpaceEncoding, d: number, c: number): number {
  const spec = encoding.dims[d].spec;
  if (spec.type === "categorical") return c;
  const step = spec.type === "int" ? (spec.step ?? 1) : (spec.step as number);
  return Math.min(spec.high, spec.low + c * step);
}

/** L-BFGS on the gradient inputs, in coordinates scaled by the length scales so the problem is well conditioned. */
function gradientStep(
  surface: LogEiSurface,
  start: Float64Array,
  dims: number[],
  relaxed: Uint8Array,
  lengthscales: Float64Array,
): Float64Array {
  const m = dims.length;
  const scale = Float64Array.from(dims, (d) => lengthscales[d]);
  const x = start.slice();
  const fullGrad = new Float64Array(x.length);
  const z0 = Float64Array.from(dims, (d, i) => x[d] / scale[i]);
  const lower = new Float64Array(m);
  const upper = Float64Array.from(scale, (s) => 1 / s);
  // The gradient (two triangular solves) is only needed at points the line search accepts.
  const objective = {
    value(z: Float64Array): number {
      for (let i = 0; i < m; i++) x[dims[i]] = z[i] * scale[i];
      const v = surface.relaxedValue(x, relaxed);
      return Number.isFinite(v) ? -v : Infinity;
    },
    gradient(grad: Float64Array): void {
      surface.relaxedGradient(x, relaxed, fullGrad);
      for (let i = 0; i < m; i++) grad[i] = -fullGrad[dims[i]] * scale[i];
    },
  };
  const result = minimizeBox(objective, z0, {
    lower,
    upper,
    maxIterations: 40,
    gradientTolerance: 1e-5,
    relativeTolerance: 1e-9,
    // Coordinates are in length scales: a first move of a tenth of one stays local.
    firstStep: 0.1,
  });
  const out = start.slice();
  for (let i = 0; i < m; i++) out[dims[i]] = result.x[i] * scale[i];
  return out;
}

/** Moves a rounded relaxed input one grid value at a time while log EI improves. */
function gridWalk(
  surface: LogEiSurface,
  encoding: SpaceEncoding,
  x: Float64Array,
  d: number,
  value: number,
): number {
  const spec = encoding.dims[d].spec;
  if (spec.type === "categorical") return value;
  const step = spec.type === "int" ? (spec.step ?? 1) : (spec.step as number);
  for (const direction of [1, -1]) {
    for (let moves = 0; moves < 64; moves++) {
      const current = encoding.decodeValue(d, x[d]) as number;
      const next = current + direction * step;
      if (next < spec.low - 1e-12 || next > spec.high + 1e-12) break;
      const before = x[d];
      x[d] = encoding.encodeValue(d, Math.min(spec.high, Math.max(spec.low, next)));
      const v = surface.value(x);
      if (v > value) value = v;
      else {
        x[d] = before;
        break;
      }
    }
  }
  return value;
}
