/**
 * Bayesian optimisation with a Gaussian process. After random start-up trials: warp the complete
 * trials' values towards normality (Yeo-Johnson, fitted), fit a Matérn 5/2 GP with one length
 * scale per input (MAP hyperparameters by L-BFGS, warm-started from the previous fit), let
 * running trials enter as if they had returned the posterior mean (kriging believer), and propose
 * the untried point of largest log expected improvement. Pruned and failed trials are not used.
 */
import { Rng, type RngState } from "../../../rng";
import { paramsKey, topologicalOrder } from "../../space";
import type { Direction, Params, Sampler, SearchSpace, TrialRecord } from "../../types";
import { checkSeed, drawUnseen, trialKeys } from "../options";
import { sampleRandomParams } from "../random";
import { maximizeLogEi } from "./acquisition";
import { SpaceEncoding } from "./encoding";
import { GaussianProcess, type GpInputs } from "./gaussian-process";
import { defaultTheta, FitWorkspace, fitHyperparameters, paramsFromTheta } from "./hyperparameters";
import { type GpOptions, parseGpOptions } from "./options";
import { standardise, warpOutputs } from "./output-warping";

export interface GpState {
  rng: RngState;
  /** The last fitted hyperparameters (log scale) and the encoding they belong to, for warm starts. */
  theta: number[] | null;
  signature: string | null;
}

/** Random draws tried for an untried point (as the random sampler does). */
const RANDOM_ATTEMPTS = 64;
/** L-BFGS iterations per hyperparameter fit. */
const FIT_ITERATIONS = 60;

/** The GP sampler; see GpOptions for the options, all optional. */
export class GpSampler implements Sampler {
  readonly name = "gp";
  readonly options: GpOptions;
  private rng: Rng;
  private theta: Float64Array | null = null;
  private signature: string | null = null;
  /** Work done by the last model-based proposal, for benchmarks and diagnostics. */
  lastStats: { fitEvaluations: number; acquisitionEvaluations: number } | null = null;

  constructor(options: Record<string, unknown> = {}, seed = 0) {
    checkSeed("The gp sampler", seed);
    this.options = parseGpOptions(options);
    this.rng = new Rng(seed);
  }

  sample(space: SearchSpace, trials: readonly TrialRecord[], direction: Direction): Params {
    topologicalOrder(space);
    const seen = trialKeys(trials);
    const random = (): Params => drawUnseen(() => sampleRandomParams(space, this.rng), seen, RANDOM_ATTEMPTS);
    const sign = direction === "maximize" ? -1 : 1;
    const complete = trials.filter(
      (t) => t.state === "complete" && typeof t.value === "number" && !Number.isNaN(t.value),
    );
    if (complete.length < Math.max(this.options.nStartupTrials, 1)) return random();
    const encoding = new SpaceEncoding(space);
    const dim = encoding.dim;
    if (dim === 0) return random();

    const rows: Float64Array[] = [];
    const values: number[] = [];
    for (const t of complete) {
      const row = encoding.encode(t.params);
      if (row === null) continue;
      rows.push(row);
      values.push(sign * (t.value as number));
    }
    const finite = values.filter((v) => Number.isFinite(v));
    if (finite.length < 2) return random();
    // An infinite loss (a diverged run) counts as the worst finite one, so it still marks a bad region.
    const worst = Math.max(...finite);
    const bestFinite = Math.min(...finite);
    for (let i = 0; i < values.length; i++)
      if (!Number.isFinite(values[i])) values[i] = values[i] > 0 ? worst : bestFinite;
    const y = this.options.warping === "power" ? warpOutputs(values) : standardise(values);
    const inputs = stackRows(rows, dim, encoding);
    const ws = new FitWorkspace(inputs, y);
    const signature = encoding.signature();
    const starts = [defaultTheta(dim)];
    if (this.theta !== null && this.signature === signature) starts.unshift(this.theta);
    const fit = fitHyperparameters(ws, starts, {
      maxIterations: FIT_ITERATIONS,
      optimiseBestStartOnly: true,
    });
    const theta = fit.theta;
    this.theta = theta;
    this.signature = signature;
    const kernel = paramsFromTheta(theta, dim);
    let gp = new GaussianProcess(inputs, y, kernel, ws.sqDiff);

    // Kriging believer: running trials enter as if they had returned the posterior mean.
    const running = trials
      .map((t) => (t.state === "running" ? encoding.encode(t.params) : null))
      .filter((r) => r !== null);
    const fantasies: number[] = [];
    if (running.length > 0) {
      const pred = new Float64Array(2);
      for (const row of running) {
        gp.predict(row, pred);
        fantasies.push(pred[0]);
      }
      gp = new GaussianProcess(
        stackRows([...rows, ...running], dim, encoding),
        Float64Array.from([...y, ...fantasies]),
        kernel,
      );
    }

    // The incumbent counts fantasies too, so a running trial predicted to be the best is not worth repeating.
    let best = Infinity;
    for (const v of y) best = Math.min(best, v);
    for (const v of fantasies) best = Math.min(best, v);
    let incumbent = 0;
    for (let i = 1; i < y.length; i++) if (y[i] < y[incumbent]) incumbent = i;
    const warm = rows[incumbent].map((u, d) => (Number.isNaN(u) ? encoding.snap(d, 0.5) : u));
    const isUntried = (latent: Float64Array): boolean => !seen.has(paramsKey(encoding.decode(latent)));
    const result = maximizeLogEi(
      gp,
      encoding,
      best,
      kernel.lengthscales,
      [warm],
      this.rng,
      { candidates: this.options.candidates, localSearches: this.options.localSearches },
      isUntried,
    );
    this.lastStats = { fitEvaluations: fit.evaluations, acquisitionEvaluations: result?.evaluations ?? 0 };
    return result === null ? random() : encoding.decode(result.latent);
  }

  state(): GpState {
    return {
      rng: this.rng.state(),
      theta: this.theta === null ? null : Array.from(this.theta),
      signature: this.signature,
    };
  }

  restore(state: unknown): void {
    const s = state as Partial<GpState> | null;
    if (typeof s !== "object" || s === null || s.rng === undefined) {
      throw new Error(`Invalid gp sampler state: ${JSON.stringify(state)}`);
    }
    const theta = s.theta ?? null;
    if (
      theta !== null &&
      (!Array.isArray(theta) || !theta.every((v) => typeof v === "number" && Number.isFinite(v)))
    ) {
      throw new Error(
        `Invalid gp sampler state: theta must be a list of finite numbers, got ${JSON.stringify(theta)}`,
      );
    }
    this.rng = Rng.fromState(s.rng);
    this.theta = theta === null ? null : Float64Array.from(theta);
    this.signature = typeof s.signature === "string" ? s.signature : null;
  }
}

function stackRows(rows: Float64Array[], dim: number, encoding: SpaceEncoding): GpInputs {
  const x = new Float64Array(rows.length * dim);
  rows.forEach((row, i) => x.set(row, i * dim));
  const categorical = Uint8Array.from(encoding.dims, (d) => (d.kind === "categorical" ? 1 : 0));
  return { n: rows.length, dim, x, categorical };
}
