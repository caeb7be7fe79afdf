/**
 * Quasi-random search: the i-th trial takes the i-th point of a scrambled Sobol' sequence, one
 * dimension per parameter (in topological order), mapped through each parameter's internal
 * bounds, so ints, steps, log ranges and categoricals come out evenly spread.
 */
import { fromInternal, internalBounds, isActive, paramsKey, topologicalOrder } from "../space";
import type { Params, Sampler, SearchSpace, TrialRecord } from "../types";
import { checkOptionKeys, checkSeed, trialKeys } from "./options";
import { SOBOL_MAX_DIMENSIONS, ScrambledSobol } from "./sobol";

/** How many further points to try before accepting a repeat (only reachable in small discrete spaces). */
const SKIP_ATTEMPTS = 64;

export interface QmcState {
  index: number;
}

/** Scrambled Sobol' sampler; its state is just the index of the next point. */
export class QmcSampler implements Sampler {
  readonly name = "qmc";
  private readonly sobol: ScrambledSobol;
  private index = 0;

  /** `options` takes no keys; `seed` chooses the scramble. */
  constructor(options: object, seed: number) {
    checkOptionKeys("the qmc sampler", options, []);
    checkSeed("The qmc sampler", seed);
    this.sobol = new ScrambledSobol(seed);
  }

  sample(space: SearchSpace, trials: readonly TrialRecord[]): Params {
    const order = topologicalOrder(space);
    if (order.length > SOBOL_MAX_DIMENSIONS) {
      throw new Error(
        `The qmc sampler supports at most ${SOBOL_MAX_DIMENSIONS} parameters, the space has ${order.length}`,
      );
    }
    const seen = trialKeys(trials);
    let params = this.pointAt(this.index++, space, order);
    for (let i = 1; i < SKIP_ATTEMPTS && seen.has(paramsKey(params)); i++) {
      params = this.pointAt(this.index++, space, order);
    }
    return params;
  }

  state(): QmcState {
    return { index: this.index };
  }

  restore(state: unknown): void {
    const index = (state as QmcState | null)?.index;
    if (!Number.isInteger(index) || (index as number) < 0) {
      throw new Error(`Invalid qmc sampler state: ${JSON.stringify(state)}`);
    }
    this.index = index as number;
  }

  private pointAt(index: number, space: SearchSpace, order: string[]): Params {
    const params: Params = {};
    order.forEach((name, dimension) => {
      if (!isActive(name, space, params)) return;
      const [lo, hi] = internalBounds(space[name]);
      params[name] = fromInternal(space[name], lo + (hi - lo) * this.sobol.coordinate(index, dimension));
    });
    return params;
  }
}
