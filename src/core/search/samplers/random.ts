/** Independent uniform draws in each parameter's internal space (log-uniform for log ranges). */
import { Rng, type RngState } from "../../rng";
import { isActive, sampleUniform, topologicalOrder } from "../space";
import type { Params, Sampler, SearchSpace, TrialRecord } from "../types";
import { checkOptionKeys, checkSeed, drawUnseen, trialKeys } from "./options";

/** How many fresh draws to try before accepting a repeat (only reachable in small discrete spaces). */
const REDRAW_ATTEMPTS = 64;

/** Draws one assignment uniformly, parents before conditional children. */
export function sampleRandomParams(space: SearchSpace, rng: Rng): Params {
  const params: Params = {};
  for (const name of topologicalOrder(space)) {
    if (isActive(name, space, params)) params[name] = sampleUniform(space[name], rng);
  }
  return params;
}

/** Uniform random search; avoids repeating an earlier or running trial's point while the space allows. */
export class RandomSampler implements Sampler {
  readonly name = "random";
  private rng: Rng;

  /** `options` takes no keys; `seed` fixes the stream of draws. */
  constructor(options: object, seed: number) {
    checkOptionKeys("the random sampler", options, []);
    checkSeed("The random sampler", seed);
    this.rng = new Rng(seed);
  }

  sample(space: SearchSpace, trials: readonly TrialRecord[]): Params {
    return drawUnseen(() => sampleRandomParams(space, this.rng), trialKeys(trials), REDRAW_ATTEMPTS);
  }

  state(): RngState {
    return this.rng.state();
  }

  restore(state: unknown): void {
    this.rng = Rng.fromState(state as RngState);
  }
}
