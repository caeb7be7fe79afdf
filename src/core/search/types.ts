/**
 * The search engine's vocabulary. Everything is plain JSON so that a space, a trial and a whole
 * study can live in the URL, in IndexedDB and in export files.
 */

/** A condition: the parameter exists only when `param` takes one of `values` (categorical) or lies within [min, max] (numeric). */
export interface Condition {
  param: string;
  values?: (string | number | boolean)[];
  min?: number;
  max?: number;
}

export interface FloatParam {
  type: "float";
  low: number;
  high: number;
  log?: boolean;
  step?: number;
  condition?: Condition;
}

export interface IntParam {
  type: "int";
  low: number;
  high: number;
  log?: boolean;
  step?: number;
  condition?: Condition;
}

export interface CategoricalParam {
  type: "categorical";
  choices: (string | number | boolean)[];
  condition?: Condition;
}

export type ParamSpec = FloatParam | IntParam | CategoricalParam;
export type SearchSpace = Record<string, ParamSpec>;
import type { CurveReader } from "./curves";

export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

export type Direction = "minimize" | "maximize";
export type TrialState = "running" | "complete" | "pruned" | "failed";

export interface TrialRecord {
  number: number;
  params: Params;
  state: TrialState;
  /** Final objective value (complete trials; pruned trials carry their last reported value). */
  value?: number;
  /** Intermediate values by step, e.g. one per epoch. */
  intermediate: Record<number, number>;
  reason?: string;
}

/**
 * A sampler proposes the parameters of the next trial from the finished and running ones.
 * It sees every trial, including running ones, so that parallel workers do not all try the same point.
 */
export interface Sampler {
  readonly name: string;
  /**
   * Returns the parameters of the next trial, or null when the sampler is exhausted (grid).
   * `curves` reads the trials' learning curves (default: from the records; a study passes its index).
   */
  sample(
    space: SearchSpace,
    trials: readonly TrialRecord[],
    direction: Direction,
    curves?: CurveReader,
  ): Params | null;
  /** Optional: whether the sampler has nothing left to propose (grid); samplers without it never run out. */
  exhausted?(space: SearchSpace, trials: readonly TrialRecord[]): boolean;
  /** State to serialise (random generator position, grid cursor...). */
  state(): unknown;
  restore(state: unknown): void;
}

export interface Pruner {
  readonly name: string;
  /**
   * Whether the trial should stop now, given all trials (its own intermediate values included).
   * `curves` reads the trials' curves (default: read from the records on each call; a study passes
   * its index of them).
   */
  shouldPrune(
    trial: TrialRecord,
    trials: readonly TrialRecord[],
    direction: Direction,
    curves?: CurveReader,
  ): boolean;
}
