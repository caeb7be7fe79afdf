/**
 * Lesson 13, overfitting the validation set: many trials are scored on one small validation set,
 * and the trial picked for its best validation score is then scored on a separate test set. These
 * helpers draw the trials' hyperparameters (the real random sampler) and follow the selection as
 * the trials come in.
 */
import { createStudy, type Params, type SearchSpace } from "../search/index";

/** What each trial of the lesson varies: the learning rate and the width of its one hidden layer. */
export const VALIDATION_OVERFIT_SPACE: SearchSpace = {
  learningRate: { type: "float", low: 0.001, high: 0.3, log: true },
  units: { type: "int", low: 2, high: 32, log: true },
};

/** The hyperparameters of `count` trials, drawn by the random sampler with `seed` (deterministic). */
export function randomTrialParams(
  count: number,
  seed: number,
  space: SearchSpace = VALIDATION_OVERFIT_SPACE,
): Params[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`Need at least 1 trial, got ${count}`);
  const study = createStudy({ space, sampler: "random", seed, direction: "maximize" });
  return Array.from({ length: count }, () => study.ask().params);
}

/** One finished trial's scores (higher is better, e.g. accuracy). */
export interface TrialScores {
  val: number;
  test: number;
}

/** The selection after each trial, in trial order. */
export interface SelectionStep {
  /** 1-based trial number. */
  trial: number;
  /** The best validation score among trials 1..trial, and the trial that has it (the first one on ties). */
  bestVal: number;
  bestTrial: number;
  /** The test score of that same trial. */
  testOfBest: number;
  /** bestVal − testOfBest: how much the validation score overstates the picked trial's test score. */
  gap: number;
  /** Mean of val − test over trials 1..trial: what the validation set's own luck gives without selection. */
  meanGap: number;
}

/**
 * Follows "pick the best validation score so far" over the trials in order. Stops at the first
 * trial without scores (still running), so the curve only grows at its end.
 */
export function selectionCurve(trials: (TrialScores | null)[]): SelectionStep[] {
  const steps: SelectionStep[] = [];
  let best = -1;
  let gapSum = 0;
  for (let i = 0; i < trials.length; i++) {
    const t = trials[i];
    if (!t) break;
    if (!Number.isFinite(t.val) || !Number.isFinite(t.test)) {
      throw new Error(`Trial ${i + 1} needs finite scores, got validation ${t.val} and test ${t.test}`);
    }
    if (best < 0 || t.val > trials[best]!.val) best = i;
    gapSum += t.val - t.test;
    const b = trials[best]!;
    steps.push({
      trial: i + 1,
      bestVal: b.val,
      bestTrial: best + 1,
      testOfBest: b.test,
      gap: b.val - b.test,
      meanGap: gapSum / (i + 1),
    });
  }
  return steps;
}
