/**
 * What crosses the boundary of the analysis worker (workers/analysis.worker.ts): plain,
 * structured-clone safe objects, like the training worker's types in ./train.
 */
import type { Direction, SearchSpace, TrialRecord } from "../core/search/types";

/** A parameter-importance fit: the study's space, its trials as the engine records them, and its direction. */
export interface ImportanceRequest {
  space: SearchSpace;
  trials: TrialRecord[];
  direction: Direction;
}

/** The importance of each parameter (shares summing to one), or why there is none. */
export type ImportanceOutcome = { importance: Record<string, number> } | { error: string };
