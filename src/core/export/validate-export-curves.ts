/**
 * The checks of a trial's per-epoch curve in an export file: its epoch reports (numbered in order,
 * or by fold under cross-validation) and the engine's intermediate values, which must be the
 * curve the study reported (objectiveCurve, or for a cross-validated trial its fold-mean curve).
 */
import { cvPruningCurve, epochsByFold, foldCurves } from "../study/cross-validation";
import {
  FieldErrors,
  canonicalJson,
  checkNumber,
  checkObject,
  childPath,
  describeValue,
} from "../study/json-checks";
import { objectiveCurve, type Objective, type StudyConfig } from "../study/study-config";
import type { EpochExport } from "./export-format";

const EPOCH_FIELDS = ["epoch", "trainLoss", "valLoss", "trainMetric", "valMetric", "lr", "epochMs"];

/**
 * Epoch reports numbered 1, 2, 3... in order; under cross-validation (`folds` > 0) fold f's epoch
 * e is numbered f × maxEpochs + e, so numbers rise within 1..folds × maxEpochs but may skip those
 * a fold stopped early did not use.
 */
export function checkEpochs(
  value: unknown,
  path: string,
  maxEpochs: number,
  folds: number,
  accuracy: boolean,
  errors: FieldErrors,
): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    errors.add(path, `must be an array of epoch reports, got ${describeValue(value)}`);
    return;
  }
  const most = maxEpochs * Math.max(1, folds);
  if (value.length > most) errors.add(path, `has ${value.length} epochs, more than the trial's ${most}`);
  let previous = 0;
  value.forEach((e, i) => {
    const where = childPath(path, i);
    const epoch = checkObject(e, where, EPOCH_FIELDS, [], errors);
    if (!epoch) return;
    if (folds === 0 && epoch.epoch !== undefined && epoch.epoch !== i + 1) {
      errors.add(
        childPath(where, "epoch"),
        `must be ${i + 1} (epochs are numbered from 1 in order), got ${describeValue(epoch.epoch)}`,
      );
    }
    if (folds > 0 && epoch.epoch !== undefined) {
      const n = epoch.epoch;
      if (typeof n !== "number" || !Number.isInteger(n) || n <= previous || n > most) {
        errors.add(
          childPath(where, "epoch"),
          `must be a whole number above ${previous} and at most ${most} (fold f's epoch e is f × ${maxEpochs} + e), got ${describeValue(n)}`,
        );
      } else {
        previous = n;
      }
    }
    for (const field of ["trainLoss", "valLoss", "lr", "epochMs"]) {
      checkNumber(epoch[field], childPath(where, field), { min: 0 }, errors);
    }
    for (const field of ["trainMetric", "valMetric"]) {
      checkNumber(epoch[field], childPath(where, field), accuracy ? { min: 0, max: 1 } : { min: 0 }, errors);
    }
  });
}

/** The engine's intermediate values of a trial without cross-validation: its objective curve, step = epoch. */
export function checkIntermediate(
  epochs: EpochExport[],
  intermediate: Record<string, unknown>,
  objective: Objective,
  index: number,
  errors: FieldErrors,
): void {
  const where = `study.engine.trials[${index}].intermediate`;
  const curve = objectiveCurve(epochs, objective);
  epochs.forEach((e, k) => {
    const reported = intermediate[String(e.epoch)];
    if (reported !== curve[k]) {
      errors.add(
        childPath(where, String(e.epoch)),
        `(${describeValue(reported)}) differs from the objective after epoch ${e.epoch} of study.trials[${index}] (${curve[k]}, the ${objective.reduce} ${objective.metric} so far)`,
      );
    }
  });
  const extra = Object.keys(intermediate).filter((step) => Number(step) < 1 || Number(step) > epochs.length);
  const diverged =
    extra.length === 1 &&
    Number(extra[0]) === epochs.length + 1 &&
    typeof intermediate[extra[0]] === "string";
  if (extra.length > 0 && !diverged) {
    errors.add(
      where,
      `has steps ${extra.join(", ")} that match no epoch of study.trials[${index}] (steps are epochs 1..${epochs.length})`,
    );
  }
}

/**
 * A CV trial's intermediate values are its pruning curve when it ended (cvPruningCurve): the mean
 * over its first j folds for some j (fold 0 alone for j = 0), or none for a trial never told.
 */
export function checkCvIntermediate(
  epochs: EpochExport[],
  intermediate: Record<string, unknown>,
  config: StudyConfig,
  plannedEpochs: number,
  index: number,
  errors: FieldErrors,
): void {
  const where = `study.engine.trials[${index}].intermediate`;
  const steps = Object.keys(intermediate);
  if (steps.length === 0) return;
  const folds = epochsByFold(epochs, config.folds!, plannedEpochs).filter((f) => f.length > 0);
  const curves = foldCurves(folds, config.objective);
  // The engine's JSON writes NaN and ±Infinity as strings; compare both as text.
  const text = (v: unknown): string => String(v);
  const reported = canonicalJson(Object.fromEntries(steps.map((s) => [s, text(intermediate[s])])));
  for (let j = 0; j <= folds.length; j++) {
    const curve = cvPruningCurve(curves, j);
    const expected = canonicalJson(Object.fromEntries(curve.map((v, k) => [String(k + 1), text(v)])));
    if (expected === reported) return;
  }
  errors.add(
    where,
    `is not the mean objective curve of the finished folds of study.trials[${index}] (cross-validation over ${config.folds} folds)`,
  );
}
