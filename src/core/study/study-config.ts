/**
 * A study's configuration: the playground settings every trial shares (the base), the search
 * space over the tuned ones, the sampler, pruner, objective, budget and seed. It is plain JSON, so
 * the same object goes into the URL, IndexedDB and export files; `validateStudyConfig` checks an
 * untrusted one. This file also turns a trial's parameters into the worker's TrainConfig and a
 * trial's epoch reports into its objective value.
 */
import { toTrainConfig, type PlaygroundConfig } from "../playground-config";
import type { PrunerOptions } from "../search/pruners/index";
import { DEFAULT_GRID_POINTS, gridSize } from "../search/samplers/grid";
import type { SamplerOptions } from "../search/samplers/index";
import type { Direction, ParamValue, Params, SearchSpace } from "../search/types";
import type { Task, TrainConfig } from "../../shared/train";
import { dataNameOf, taskOfData, type StudyUpload } from "./study-dataset";
import {
  DEFAULT_UNITS,
  MAX_LAYERS,
  applyTrainLevelParams,
  defaultParamSpec,
  layerOfUnits,
  setsConfigField,
  tunableOf,
} from "./tunables";

export const STUDY_CONFIG_VERSION = 1;
/** Most trials a worker pool may run at once. */
export const MAX_WORKERS = 8;
/** A grid with more points than this would take days at a few seconds a trial; the UI warns. */
export const ENORMOUS_GRID_POINTS = 10_000;

export type ObjectiveMetric = "valLoss" | "valMetric";
export type ObjectiveReduce = "final" | "best";

/** What a trial is scored on: validation loss, or the validation metric (accuracy; RMSE for regression). */
export interface Objective {
  metric: ObjectiveMetric;
  direction: Direction;
  /** The value of the last epoch, or of the best epoch in `direction`. */
  reduce: ObjectiveReduce;
}

export interface Budget {
  /** Trials to run in all. */
  trials: number;
  /** Stop starting trials after this many seconds; null for no limit. */
  timeLimitSec: number | null;
  /** Trials trained at once, each in its own worker (1 to MAX_WORKERS). */
  workers: number;
}

export interface StudyConfig {
  version: 1;
  name: string;
  /** The fixed settings of every trial; tuned parameters are applied over them. */
  base: PlaygroundConfig;
  space: SearchSpace;
  sampler: SamplerOptions;
  pruner: PrunerOptions;
  objective: Objective;
  budget: Budget;
  /** Seeds the sampler and the pruner (each trial's data and weights follow base.seed). */
  seed: number;
  /**
   * k-fold cross-validation (3 to 10): every trial trains once per fold and scores the mean of
   * the folds' objectives. Absent: one training on the dataset's own validation split.
   */
  folds?: number;
  /** The uploaded CSV the base trains on (required exactly when it trains on an upload). */
  upload?: StudyUpload;
}

/** What objectiveOf reads from each epoch report. */
export interface EpochScores {
  valLoss: number;
  valMetric: number;
}

/** The task of the base configuration's dataset (an upload's from `upload`, which a study records). */
export function taskOfBase(base: PlaygroundConfig, upload?: StudyUpload): Task {
  return taskOfData(base, upload);
}

/** The task a study's trials solve. */
export function taskOfStudy(config: Pick<StudyConfig, "base" | "upload">): Task {
  return taskOfData(config.base, config.upload);
}

/** The direction that makes sense for a metric on a task: loss and RMSE go down, accuracy goes up. */
export function naturalDirection(metric: ObjectiveMetric, task: Task): Direction {
  return metric === "valMetric" && task !== "regression" ? "maximize" : "minimize";
}

/** The objective a study starts with: best validation loss for classification, best validation RMSE for regression. */
export function defaultObjective(task: Task): Objective {
  return task === "regression"
    ? { metric: "valMetric", direction: "minimize", reduce: "best" }
    : { metric: "valLoss", direction: "minimize", reduce: "best" };
}

/**
 * "Tune this": the playground's configuration becomes the fixed values, and the space covers the
 * learning rate (a decade either side of the current one), dropout, and 1 to 3 hidden layers
 * (more if the playground has more) of 4 to 64 units each, chosen by TPE with median pruning
 * after a warm-up of about a fifth of the epochs.
 */
export function defaultStudyConfig(base: PlaygroundConfig, upload?: StudyUpload): StudyConfig {
  const fixed = JSON.parse(JSON.stringify(base)) as PlaygroundConfig;
  const space: SearchSpace = {};
  space.learningRate = defaultParamSpec("learningRate", fixed, space);
  space.dropout = defaultParamSpec("dropout", fixed, space);
  const layers = defaultParamSpec("layers", fixed, space);
  const widest = Math.max(0, ...fixed.hiddenLayers);
  if (layers.type === "int")
    layers.high = Math.min(MAX_LAYERS, Math.max(layers.high, fixed.hiddenLayers.length));
  space.layers = layers;
  const maxLayers = layers.type === "int" ? layers.high : MAX_LAYERS;
  for (let k = 1; k <= maxLayers; k++) {
    const units = defaultParamSpec(`units_${k}`, fixed, space);
    if (units.type === "int") units.high = Math.max(units.high, widest);
    space[`units_${k}`] = units;
  }
  const config: StudyConfig = {
    version: 1,
    name: `${dataNameOf(fixed, upload)} study`,
    base: fixed,
    space,
    sampler: { name: "tpe" },
    pruner: { name: "median", nWarmupSteps: suggestedWarmupEpochs(fixed.epochs) },
    objective: defaultObjective(taskOfData(fixed, upload)),
    budget: { trials: 30, timeLimitSec: null, workers: 2 },
    seed: fixed.seed,
  };
  if (upload) config.upload = JSON.parse(JSON.stringify(upload)) as StudyUpload;
  return config;
}

/**
 * The warm-up the app suggests for a median or percentile pruner: about a fifth of the epochs (at
 * least 1). The first epochs' losses are noisy, and a trial pruned at epoch 1 may well have caught
 * up; Optuna's own default (and the engine's, when the option is absent) is 0.
 */
export function suggestedWarmupEpochs(epochs: number): number {
  return Math.max(1, Math.round(0.2 * epochs));
}

/**
 * The hidden layers of a trial: `layers` (else the base's count) layers, layer k sized by
 * `units_k`, else the shared `units`, else the base's layer k, else the base's last layer (or
 * DEFAULT_UNITS). `units_k` beyond the layer count is ignored.
 */
export function trialLayers(baseLayers: readonly number[], params: Params): number[] {
  const count = typeof params.layers === "number" ? params.layers : baseLayers.length;
  const fallback = baseLayers.length > 0 ? baseLayers[baseLayers.length - 1] : DEFAULT_UNITS;
  const layers: number[] = [];
  for (let k = 1; k <= count; k++) {
    const own = params[`units_${k}`];
    const shared = params.units;
    layers.push(
      typeof own === "number" ? own : typeof shared === "number" ? shared : (baseLayers[k - 1] ?? fallback),
    );
  }
  return layers;
}

function checkParamValue(name: string, value: ParamValue): void {
  const tunable = tunableOf(name);
  if (!tunable) throw new Error(`Trial parameter "${name}" is not a tunable setting`);
  const ok =
    tunable.kind === "categorical"
      ? tunable.choices.includes(value)
      : typeof value === "number" &&
        value >= tunable.min &&
        value <= tunable.max &&
        (tunable.kind === "float" || Number.isInteger(value));
  if (!ok) throw new Error(`Trial parameter "${name}" has an impossible value ${JSON.stringify(value)}`);
}

/** The worker's TrainConfig of one trial: the study's base with the trial's parameters applied. */
export function trialTrainConfig(config: StudyConfig, params: Params): TrainConfig {
  const merged: Record<string, unknown> = JSON.parse(JSON.stringify(config.base));
  for (const [name, value] of Object.entries(params)) {
    checkParamValue(name, value);
    if (setsConfigField(name)) merged[name] = value;
  }
  merged.hiddenLayers = trialLayers(config.base.hiddenLayers, params);
  return applyTrainLevelParams(toTrainConfig(merged as unknown as PlaygroundConfig), params);
}

/** Epochs a trial trains (each fold, under cross-validation) unless stopped early. */
export function plannedEpochs(config: StudyConfig, params: Params): number {
  return typeof params.epochs === "number" ? params.epochs : config.base.epochs;
}

/**
 * A trial's objective value from its epoch reports: the last epoch's metric, or the best one in
 * the objective's direction (non-finite values skipped). NaN when there is nothing to score,
 * which the study records as a failed trial.
 */
export function objectiveOf(reports: readonly EpochScores[], objective: Objective): number {
  if (reports.length === 0) return NaN;
  const values = reports.map((r) => r[objective.metric]);
  if (objective.reduce === "final") return values[values.length - 1];
  let best = NaN;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (Number.isNaN(best) || (objective.direction === "minimize" ? v < best : v > best)) best = v;
  }
  return best;
}

/**
 * The objective after each epoch, as if the trial had stopped there: entry k is
 * `objectiveOf(reports.slice(0, k + 1), objective)`. These are the intermediate values a study
 * reports (step = epoch), so the pruner, the export and Optuna all see the same curve.
 */
export function objectiveCurve(reports: readonly EpochScores[], objective: Objective): number[] {
  const curve: number[] = [];
  let best = NaN;
  for (const r of reports) {
    const v = r[objective.metric];
    if (objective.reduce === "final") {
      curve.push(v);
      continue;
    }
    if (
      Number.isFinite(v) &&
      (Number.isNaN(best) || (objective.direction === "minimize" ? v < best : v > best))
    ) {
      best = v;
    }
    curve.push(best);
  }
  return curve;
}

/**
 * The number of points a grid over the study's space has, with `nPerRange` points per numeric
 * range (default: the grid sampler's `n` option, else the engine's default) and the grid
 * sampler's explicit value lists if the study uses the grid sampler.
 */
export function gridPointCount(config: StudyConfig, nPerRange?: number): number {
  const grid = config.sampler.name === "grid" ? config.sampler : null;
  const n = nPerRange ?? (typeof grid?.n === "number" ? grid.n : DEFAULT_GRID_POINTS);
  const values = (grid?.values ?? {}) as Record<string, ParamValue[]>;
  return gridSize(config.space, n, values);
}

/** Whether a grid of this many points is too big to run to the end (more than ENORMOUS_GRID_POINTS). */
export function isEnormousGrid(pointCount: number): boolean {
  return pointCount > ENORMOUS_GRID_POINTS;
}

/** Whether a parameter name is one of the per-layer units parameters (`units_1`..). */
export function isLayerUnits(name: string): boolean {
  return layerOfUnits(name) !== null;
}

export { validateStudyConfig, type StudyConfigValidation } from "./validate-study-config";
