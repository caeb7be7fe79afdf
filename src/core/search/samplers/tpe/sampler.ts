/**
 * Tree-structured Parzen Estimator. After the random start-up trials it splits the observations
 * into the best few ("below", density l) and the rest ("above", density g), draws candidates from
 * l and keeps the one with the largest log l(x) - log g(x).
 *
 * Multivariate by default: each group of parameters that are active together gets one joint
 * product-kernel density, from the trials where the group was active, with bandwidths from
 * Scott's rule on the observations' spread and the good trials weighted by rank. With
 * `multivariate: false` it is Optuna's default univariate TPE (one density per parameter,
 * bandwidths from the gaps between neighbouring observations).
 */
import { Rng, type RngState } from "../../../rng";
import { scanCurves, type CurveReader } from "../../curves";
import { fromInternal, isActive, paramsKey, sampleUniform, topologicalOrder } from "../../space";
import type { Direction, Params, ParamSpec, Sampler, SearchSpace, TrialRecord } from "../../types";
import { checkSeed, drawUnseen, trialKeys } from "../options";
import { sampleRandomParams } from "../random";
import { dimensionOf, isConstant, observedInternal } from "./dimensions";
import { parseTpeOptions, type TpeOptions } from "./options";
import { ParzenEstimator, type ParzenSettings } from "./parzen-estimator";
import {
  defaultWeights,
  gammaCount,
  rankPositions,
  rankWeights,
  type ScoredTrial,
  scoreTrials,
  splitByRank,
} from "./ranking";

/** Model draws before giving up on finding an untried point. */
const MODEL_ATTEMPTS = 8;
/** Random draws tried for an untried point (as the random sampler does). */
const RANDOM_ATTEMPTS = 64;

export interface TpeState {
  rng: RngState;
}

/** The TPE sampler; see TpeOptions for the options, all optional. */
export class TpeSampler implements Sampler {
  readonly name = "tpe";
  readonly options: TpeOptions;
  /** The good trials' weighting in effect: the option, or by default rank with multivariate and uniform without. */
  private readonly weighting: "rank" | "uniform";
  private rng: Rng;

  constructor(options: Record<string, unknown> = {}, seed = 0) {
    checkSeed("The tpe sampler", seed);
    this.options = parseTpeOptions(options);
    const weighting = this.options.weighting;
    this.weighting = weighting === "auto" ? (this.options.multivariate ? "rank" : "uniform") : weighting;
    this.rng = new Rng(seed);
  }

  sample(
    space: SearchSpace,
    trials: readonly TrialRecord[],
    direction: Direction,
    curves: CurveReader = scanCurves,
  ): Params {
    const order = topologicalOrder(space);
    const seen = trialKeys(trials);
    const random = (): Params => drawUnseen(() => sampleRandomParams(space, this.rng), seen, RANDOM_ATTEMPTS);
    const finished = trials.reduce((n, t) => n + (t.state === "complete" || t.state === "pruned" ? 1 : 0), 0);
    if (finished < this.options.nStartupTrials) return random();
    const scored = scoreTrials(trials, direction, this.options.constantLiar, curves);
    const rank = rankPositions(scored);
    const groups = this.options.multivariate ? activationGroups(space, order) : order.map((name) => [name]);
    // In small discrete spaces the model can keep proposing points already tried (or running):
    // redraw a few times, then fall back to an untried random point.
    for (let attempt = 0; attempt < MODEL_ATTEMPTS; attempt++) {
      const params: Params = {};
      for (const group of groups) {
        if (!isActive(group[0], space, params)) continue;
        Object.assign(params, this.sampleGroup(space, group, scored, rank));
      }
      if (!seen.has(paramsKey(params))) return params;
    }
    return random();
  }

  state(): TpeState {
    return { rng: this.rng.state() };
  }

  restore(state: unknown): void {
    const s = state as TpeState | null;
    if (typeof s !== "object" || s === null || !("rng" in s)) {
      throw new Error(`Invalid tpe sampler state: ${JSON.stringify(state)}`);
    }
    this.rng = Rng.fromState(s.rng);
  }

  /** Proposes values for parameters that are active together, from the trials where all of them were. */
  private sampleGroup(
    space: SearchSpace,
    names: string[],
    scored: readonly ScoredTrial[],
    rank: Int32Array,
  ): Params {
    const out: Params = {};
    const modelled: string[] = [];
    for (const name of names) {
      if (isConstant(space[name])) out[name] = constantValue(space[name]);
      else modelled.push(name);
    }
    if (modelled.length === 0) return out;
    const specs = modelled.map((name) => space[name]);
    const dimCount = specs.length;
    // values[i * dimCount + d]: trial i's internal coordinate in dimension d, for the trials where every one is set.
    const values = new Float64Array(scored.length * dimCount);
    const usable: number[] = [];
    for (let i = 0; i < scored.length; i++) {
      const params = scored[i].trial.params;
      let ok = true;
      for (let d = 0; d < dimCount && ok; d++) {
        const x = observedInternal(specs[d], params[modelled[d]]);
        if (x === null) ok = false;
        else values[i * dimCount + d] = x;
      }
      if (ok) usable.push(i);
    }
    const n = usable.length;
    if (n === 0 || n < this.options.nStartupTrials) {
      for (let d = 0; d < dimCount; d++) out[modelled[d]] = sampleUniform(specs[d], this.rng);
      return out;
    }
    const { below, above } = splitByRank(
      usable,
      rank,
      gammaCount(n, this.options.gammaRatio, this.options.gammaMax),
    );
    const dims = specs.map(dimensionOf);
    const settings: ParzenSettings = {
      priorWeight: this.options.priorWeight,
      considerMagicClip: this.options.considerMagicClip,
      considerEndpoints: this.options.considerEndpoints,
      multivariate: this.options.multivariate,
      multivariateBandwidth: this.options.bandwidth,
    };
    const columns = (set: number[]): Float64Array[] => {
      const out: Float64Array[] = [];
      for (let d = 0; d < dimCount; d++) {
        const column = new Float64Array(set.length);
        for (let r = 0; r < set.length; r++) column[r] = values[set[r] * dimCount + d];
        out.push(column);
      }
      return out;
    };
    const goodWeights = this.weighting === "rank" ? rankWeights(below, rank) : defaultWeights(below.length);
    const good = new ParzenEstimator(dims, columns(below), goodWeights, settings);
    const bad = new ParzenEstimator(dims, columns(above), defaultWeights(above.length), settings);
    const count = this.options.nEiCandidates;
    const candidates = good.sample(this.rng, count);
    const logGood = good.logPdf(candidates, count);
    const logBad = bad.logPdf(candidates, count);
    let best = 0;
    let bestScore = -Infinity;
    for (let j = 0; j < count; j++) {
      const score = logGood[j] - logBad[j];
      if (score > bestScore) {
        bestScore = score;
        best = j;
      }
    }
    for (let d = 0; d < dimCount; d++) out[modelled[d]] = fromInternal(specs[d], candidates[d][best]);
    return out;
  }
}

/** The only value of a parameter that has one. */
function constantValue(spec: ParamSpec): Params[string] {
  return spec.type === "categorical" ? spec.choices[0] : spec.low;
}

/**
 * Partitions the parameters into groups that are active under exactly the same circumstances:
 * those with the same chain of conditions up to an unconditional ancestor. Groups come in the
 * order of their first member, so a parent's group always precedes its children's.
 */
export function activationGroups(space: SearchSpace, order: readonly string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const name of order) {
    const chain: unknown[] = [];
    let current = space[name].condition;
    while (current !== undefined) {
      chain.push([current.param, current.values ?? null, current.min ?? null, current.max ?? null]);
      current = space[current.param].condition;
    }
    const key = JSON.stringify(chain);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [name]);
    else group.push(name);
  }
  return [...groups.values()];
}
