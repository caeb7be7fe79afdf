/**
 * Parameter importance by fANOVA (as Optuna's FanovaImportanceEvaluator): a seeded random forest
 * is fitted to the complete trials in the internal representation of the space, and each
 * parameter's importance is the share of the forest's prediction variance explained by that
 * parameter alone, averaged over the trees and normalised to sum to one.
 *
 * Conditional parameters: where a parameter is inactive it takes a "missing" value in an extra
 * slice of its axis, below its range, whose width is the fraction of trials in which it was
 * inactive (so the uniform measure of fANOVA gives "inactive" the weight it had in the data).
 */
import { Rng } from "../../rng";
import {
  countValues,
  internalBounds,
  isActive,
  isValidValue,
  toInternal,
  topologicalOrder,
  validateSpace,
} from "../space";
import type { Direction, SearchSpace, TrialRecord } from "../types";
import { mainEffectFractions } from "./fanova";
import { fitForest, type Columns } from "./forest";

export interface ImportanceOptions {
  /** Seeds the bootstrap samples (default 0). */
  seed?: number;
  /** Trees in the forest (default 32). */
  trees?: number;
  /** Deepest split of a tree (default 32). */
  maxDepth?: number;
  /** Fewest trials in a leaf (default 1). */
  minSamplesLeaf?: number;
}

interface Feature {
  name: string;
  values: Float64Array;
  lower: number;
  upper: number;
}

function positiveInt(key: string, value: unknown, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new Error(`Importance option ${key} must be an integer >= 1, got ${JSON.stringify(value)}`);
  }
  return v;
}

/** One feature per parameter that varies and is active in some trial; inactive trials go to the "missing" slice. */
function buildFeature(name: string, space: SearchSpace, trials: TrialRecord[]): Feature | null {
  const spec = space[name];
  if (countValues(spec) === 1) return null;
  const [lo, hi] = internalBounds(spec);
  const active = trials.map((t) => isActive(name, space, t.params));
  const inactiveShare = active.filter((a) => !a).length / trials.length;
  if (inactiveShare === 1) return null;
  const missingWidth = ((hi - lo) * inactiveShare) / (1 - inactiveShare);
  const missing = lo - missingWidth / 2;
  const values = Float64Array.from(trials, (t, i) =>
    active[i] ? toInternal(spec, t.params[name]) : missing,
  );
  return { name, values, lower: lo - missingWidth, upper: hi };
}

/** Whether a trial can be used: complete, finite value, every active parameter present and valid for the space. */
function usable(trial: TrialRecord, space: SearchSpace): boolean {
  if (trial.state !== "complete" || trial.value === undefined || !Number.isFinite(trial.value)) return false;
  for (const name of Object.keys(space)) {
    if (!isActive(name, space, trial.params)) continue;
    if (!isValidValue(space[name], trial.params[name])) return false;
  }
  return true;
}

/**
 * Importance of every parameter of `space` (keys in the space's order), from the complete trials;
 * values sum to one, or are all zero when the objective does not vary. Needs at least 2 usable trials.
 * The direction does not change a variance decomposition; it is checked and kept for a uniform signature.
 */
export function evaluateImportance(
  space: SearchSpace,
  trials: readonly TrialRecord[],
  direction: Direction,
  options: ImportanceOptions = {},
): Record<string, number> {
  validateSpace(space);
  if (direction !== "minimize" && direction !== "maximize") {
    throw new Error(`Direction must be "minimize" or "maximize", got ${JSON.stringify(direction)}`);
  }
  for (const key of Object.keys(options)) {
    if (!["seed", "trees", "maxDepth", "minSamplesLeaf"].includes(key)) {
      throw new Error(`Unknown importance option "${key}" (allowed: seed, trees, maxDepth, minSamplesLeaf)`);
    }
  }
  const seed = options.seed ?? 0;
  if (typeof seed !== "number" || !Number.isFinite(seed))
    throw new Error(`Importance seed must be a finite number, got ${seed}`);
  const forestOptions = {
    trees: positiveInt("trees", options.trees, 32),
    maxDepth: positiveInt("maxDepth", options.maxDepth, 32),
    minSamplesLeaf: positiveInt("minSamplesLeaf", options.minSamplesLeaf, 1),
  };
  const data = trials.filter((t) => usable(t, space));
  if (data.length < 2) {
    throw new Error(`Importance needs at least 2 complete trials with finite values, got ${data.length}`);
  }
  const result: Record<string, number> = {};
  for (const name of Object.keys(space)) result[name] = 0;
  const features = topologicalOrder(space)
    .map((name) => buildFeature(name, space, data))
    .filter((f): f is Feature => f !== null);
  if (features.length === 0) return result;

  const y = Float64Array.from(data, (t) => t.value as number);
  const columns: Columns = features.map((f) => f.values);
  const forest = fitForest(columns, y, forestOptions, new Rng(seed));
  const lower = features.map((f) => f.lower);
  const upper = features.map((f) => f.upper);
  const sums = new Float64Array(features.length);
  let counted = 0;
  for (const tree of forest) {
    const fractions = mainEffectFractions(tree, lower, upper);
    if (fractions === null) continue;
    fractions.forEach((v, i) => (sums[i] += v));
    counted++;
  }
  const total = sums.reduce((a, b) => a + b, 0);
  if (counted === 0 || !(total > 0)) return result;
  features.forEach((f, i) => (result[f.name] = sums[i] / total));
  return result;
}
