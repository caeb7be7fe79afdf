/**
 * The shape of the study export file (format "tunelab-study"): its types and constants. Version 2
 * added each trial's optional test-set score; version 1 files (without it) still read.
 */
import type { StudyJSON } from "../search/study";
import type { Params } from "../search/types";
import type { StudyConfig } from "../study/study-config";

export const EXPORT_FORMAT = "tunelab-study";
/** The version written. */
export const EXPORT_VERSION = 2;
/** The versions read. */
export const READABLE_EXPORT_VERSIONS = [1, 2] as const;
export type ExportVersion = (typeof READABLE_EXPORT_VERSIONS)[number];

/** "interrupted": the trial was running when the page closed and will not resume. */
export const TRIAL_EXPORT_STATES = ["running", "complete", "pruned", "failed", "interrupted"] as const;
export type TrialExportState = (typeof TRIAL_EXPORT_STATES)[number];

/** One epoch of a trial's training, as the worker reported it. */
export interface EpochExport {
  /** 1-based. */
  epoch: number;
  trainLoss: number;
  valLoss: number;
  /** Accuracy for classification, RMSE for regression. */
  trainMetric: number;
  valMetric: number;
  /** Learning rate at the last step of the epoch. */
  lr: number;
  epochMs: number;
}

export interface TrialExport {
  /** The trial's number in the study (its index, from 0). */
  number: number;
  /** The tuned parameters (only the active ones). */
  params: Params;
  state: TrialExportState;
  /** The objective value: required when complete, possibly set when pruned, otherwise null. */
  value: number | null;
  /** Why it ended as it did (pruner, divergence, error, early stopping...), or null. */
  reason: string | null;
  /** ISO 8601 times (UTC). */
  startedAt: string | null;
  endedAt: string | null;
  /** Index of the worker that trained it, or null. */
  worker: number | null;
  epochs: EpochExport[];
  /**
   * Loss and metric (accuracy, or RMSE for regression) on the held-out test set with the final
   * weights, the mean over the folds under cross-validation; left out when there is none (2D data,
   * a training that gave none, trials saved before it was kept). Version 2 on.
   */
  test?: { loss: number; metric: number };
}

export interface StudyExportBody {
  id?: string;
  name: string;
  /** ISO 8601 (UTC). */
  createdAt: string;
  config: StudyConfig;
  /** The search engine's `study.toJSON()`: sampler state and trial records, to continue the study exactly. */
  engine: StudyJSON;
  trials: TrialExport[];
}

export interface StudyExport {
  format: typeof EXPORT_FORMAT;
  version: ExportVersion;
  /** ISO 8601 (UTC). */
  exportedAt: string;
  study: StudyExportBody;
}
