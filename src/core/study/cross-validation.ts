/**
 * k-fold cross-validation of a study's trials: each trial trains once per fold (validating on that
 * fold, training on the others), its objective is the mean of the folds' objectives, and the
 * spread of those values says how much the score depends on the split.
 *
 * Pruning: the intermediate value at epoch e is the mean, over the folds finished so far, of each
 * fold's objective after e epochs; while fold 0 runs (nothing finished yet) it is fold 0's own.
 * So a trial is compared with the others on fold 0 epoch by epoch, and again on the mean of its
 * finished folds each time a fold ends.
 *
 * Storage: the history keeps one record per (trial, epoch), so the epochs of fold f are stored
 * under the numbers f × E + 1 .. f × E + E, where E is the trial's planned epochs; a fold cut short
 * by early stopping just leaves its numbers unused.
 */
import type { Params } from "../search/types";
import type { EpochReport, TrainConfig } from "../../shared/train";
import {
  objectiveCurve,
  objectiveOf,
  plannedEpochs,
  type EpochScores,
  type Objective,
  type StudyConfig,
} from "./study-config";

/** Fewest and most folds a study may use (as the data split allows). */
export const MIN_FOLDS = 3;
export const MAX_FOLDS = 10;

/** The TrainConfig of fold `index` of `k`. */
export function foldTrainConfig(config: TrainConfig, k: number, index: number): TrainConfig {
  if (!Number.isInteger(k) || k < MIN_FOLDS || k > MAX_FOLDS) {
    throw new Error(
      `Cross-validation folds must be a whole number from ${MIN_FOLDS} to ${MAX_FOLDS}, got ${k}`,
    );
  }
  if (!Number.isInteger(index) || index < 0 || index >= k) {
    throw new Error(`Fold index must be a whole number from 0 to ${k - 1}, got ${index}`);
  }
  return { ...config, fold: { k, index } };
}

/** Mean, standard deviation (population) and range of fold values. */
export interface FoldSpread {
  mean: number;
  std: number;
  min: number;
  max: number;
  /** How many values went in. */
  count: number;
}

/** The spread of some values (NaN fields for none; non-finite values make the mean non-finite). */
export function spreadOf(values: readonly number[]): FoldSpread {
  const count = values.length;
  if (count === 0) return { mean: NaN, std: NaN, min: NaN, max: NaN, count: 0 };
  const mean = values.reduce((s, v) => s + v, 0) / count;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / count;
  return { mean, std: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values), count };
}

/**
 * The curve a CV trial reports for pruning: entry e-1 is the mean at epoch e over the finished
 * folds that reached epoch e, or, while fold 0 runs (`finished` is 0), fold 0's own curve.
 * `foldCurves[f]` is fold f's objective curve (see objectiveCurve).
 */
export function cvPruningCurve(foldCurves: readonly (readonly number[])[], finished: number): number[] {
  if (finished === 0) return [...(foldCurves[0] ?? [])];
  const done = foldCurves.slice(0, finished);
  const length = Math.max(0, ...done.map((c) => c.length));
  const curve: number[] = [];
  for (let e = 0; e < length; e++) {
    const values = done.filter((c) => e < c.length).map((c) => c[e]);
    curve.push(values.reduce((s, v) => s + v, 0) / values.length);
  }
  return curve;
}

/** The curve as intermediate values by step (step = epoch, from 1). */
export function curveToIntermediate(curve: readonly number[]): Record<number, number> {
  const out: Record<number, number> = {};
  curve.forEach((v, i) => (out[i + 1] = v));
  return out;
}

/** The objective of each fold and the trial's value (their mean); NaN if a fold has nothing to score. */
export function cvObjective(
  folds: readonly (readonly EpochScores[])[],
  objective: Objective,
): { values: number[]; value: number } {
  const values = folds.map((epochs) => objectiveOf(epochs, objective));
  return { values, value: spreadOf(values).mean };
}

/** The objective curve of every fold. */
export function foldCurves(folds: readonly (readonly EpochScores[])[], objective: Objective): number[][] {
  return folds.map((epochs) => objectiveCurve(epochs, objective));
}

/** The number under which epoch `epoch` (from 1) of fold `fold` is stored, for a trial of `plannedEpochs` epochs. */
export function storedEpochNumber(fold: number, epoch: number, plannedEpochs: number): number {
  if (!(Number.isInteger(epoch) && epoch >= 1 && epoch <= plannedEpochs)) {
    throw new Error(`Epoch ${epoch} of fold ${fold} is outside 1..${plannedEpochs}`);
  }
  return fold * plannedEpochs + epoch;
}

/**
 * The stored epochs of a CV trial, split back into folds (`k` lists, each with its epochs numbered
 * from 1 again). Throws naming the number when one lies beyond the k folds.
 */
export function epochsByFold<E extends { epoch: number }>(
  stored: readonly E[],
  k: number,
  plannedEpochs: number,
): E[][] {
  const folds: E[][] = Array.from({ length: k }, () => []);
  for (const e of [...stored].sort((a, b) => a.epoch - b.epoch)) {
    const fold = Math.floor((e.epoch - 1) / plannedEpochs);
    if (fold < 0 || fold >= k) {
      throw new Error(
        `Stored epoch ${e.epoch} does not belong to any of ${k} folds of ${plannedEpochs} epochs`,
      );
    }
    folds[fold].push({ ...e, epoch: e.epoch - fold * plannedEpochs });
  }
  return folds;
}

/** An epoch report renumbered for storage (see storedEpochNumber). */
export function storedReport<R extends Pick<EpochReport, "epoch">>(
  report: R,
  fold: number,
  plannedEpochs: number,
): R {
  return { ...report, epoch: storedEpochNumber(fold, report.epoch, plannedEpochs) };
}

/** The folds of one cross-validated trial: each fold's epochs (numbered from 1), objective values, and their spread. */
export interface TrialFoldSummary<E extends EpochScores & { epoch: number }> {
  epochs: E[][];
  /** The objective of each fold that has epochs (NaN where a fold has none to score). */
  values: number[];
  /** Spread of the finite values of the folds that finished (all of them for a complete trial). */
  spread: FoldSpread;
}

/**
 * The folds of a trial of a CV study from its stored epochs, or null when the study does not
 * cross-validate. A trial that did not complete leaves its last fold out of the spread unless that
 * fold trained every planned epoch (it may have been cut short).
 */
export function trialFoldSummary<E extends EpochScores & { epoch: number }>(
  config: StudyConfig,
  params: Params,
  stored: readonly E[],
  complete: boolean,
): TrialFoldSummary<E> | null {
  const k = config.folds;
  if (!k) return null;
  const planned = plannedEpochs(config, params);
  const epochs = epochsByFold(stored, k, planned).filter(
    (fold, i, all) => fold.length > 0 || all.slice(i).some((f) => f.length > 0),
  );
  const { values } = cvObjective(epochs, config.objective);
  const finished = values.filter(
    (v, i) => Number.isFinite(v) && (complete || i < values.length - 1 || epochs[i].length >= planned),
  );
  return { epochs, values, spread: spreadOf(finished) };
}
