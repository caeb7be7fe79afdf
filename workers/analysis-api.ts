/**
 * The analysis worker's API as a plain object, so it can be tested in Node; analysis.worker.ts only
 * exposes it with comlink. Pure core code only (no TensorFlow.js): the worker takes the costly
 * statistics of a study (the fANOVA forest fit) off the page's main thread.
 */
import { evaluateImportance } from "../src/core/search/importance/index";
import type { ImportanceOutcome, ImportanceRequest } from "../src/shared/analysis";

/** The seed of the forest, so the same trials always give the same bars. */
export const IMPORTANCE_SEED = 0;

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return value === null ? "null" : typeof value;
}

export const analysisApi = {
  /** Parameter importance (fANOVA) of a study's complete trials; a problem comes back as `{ error }`, never thrown. */
  importance(request: ImportanceRequest): ImportanceOutcome {
    try {
      if (typeof request !== "object" || request === null)
        return { error: `An importance request must be an object, got ${describe(request)}` };
      const { space, trials, direction } = request;
      if (typeof space !== "object" || space === null || Array.isArray(space))
        return { error: `An importance request's space must be an object, got ${describe(space)}` };
      if (!Array.isArray(trials))
        return { error: `An importance request's trials must be an array, got ${describe(trials)}` };
      return { importance: evaluateImportance(space, trials, direction, { seed: IMPORTANCE_SEED }) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  },
};

export type AnalysisApi = typeof analysisApi;
