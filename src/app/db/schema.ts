/**
 * What the app stores in IndexedDB: the study history and the uploaded datasets. The record types
 * and the typed idb schema of the current version, plus the shapes of versions 1 and 2, which the
 * migrations still have to read.
 */
import type { DBSchema } from "idb";
import type { CsvDatasetChoice } from "../../core/datasets/csv";
import type { Direction, Params, StudyJSON } from "../../core/search/index";
import type { StudyConfig } from "../../core/study/study-config";
import type { DatasetArrays, EpochReport } from "../../shared/train";

/** The current schema version; bump it and add an `if (oldVersion < N)` step in migrations.ts. */
export const DB_VERSION = 5;
export const DEFAULT_DB_NAME = "tunelab";

export const STUDY_STATUSES = ["draft", "running", "paused", "stopped", "finished"] as const;
export type StudyStatus = (typeof STUDY_STATUSES)[number];

export const TRIAL_STATES = ["running", "complete", "pruned", "failed", "interrupted"] as const;
export type TrialState = (typeof TRIAL_STATES)[number];
/** The states a running trial can end in. */
export type TrialEndState = Exclude<TrialState, "running">;

/** One study: its configuration, the search engine's state and the summary the list shows. */
export interface StudyRecord {
  id: string;
  name: string;
  /** Milliseconds since 1970 (Date.now()). */
  createdAt: number;
  updatedAt: number;
  status: StudyStatus;
  /** Its `name` is always the record's name, and its objective's direction the record's direction. */
  config: StudyConfig;
  /** The search engine's `study.toJSON()`; null until the study first runs. */
  engine: StudyJSON | null;
  /** `config.objective.direction`, kept beside it because it decides the study's best trial. */
  direction: Direction;
  /** The number the next trial gets; numbers are never reused, even after a failed start. */
  nextTrialNumber: number;
  bestValue?: number;
  bestTrialNumber?: number;
  /** For the list of studies: a short description of the dataset, given by the app. */
  datasetLabel: string;
  /** `config.sampler.name`. */
  samplerName: string;
  /** How many trials the study has recorded. */
  trialCount: number;
}

/**
 * A study record as stored: since version 5 the engine state is its JSON text (engine-text.ts);
 * older records hold the object. Reads give a StudyRecord.
 */
export interface StoredStudyRecord extends Omit<StudyRecord, "engine"> {
  engine: StudyJSON | string | null;
}

/** A study as the list shows it: everything but the configuration and the engine state. */
export type StudySummary = Omit<StudyRecord, "config" | "engine">;

/** A trial's score on the held-out test set, with its final weights (the mean over its folds under cross-validation). */
export interface TestScore {
  loss: number;
  /** Accuracy for classification, RMSE for regression. */
  metric: number;
}

/** One trial of a study. */
export interface TrialRecord {
  studyId: string;
  number: number;
  params: Params;
  state: TrialState;
  /** Objective value: of a complete trial, or a pruned trial's last reported one. */
  value?: number;
  /** Why a trial was pruned, failed or interrupted. */
  reason?: string;
  startedAt: number;
  endedAt?: number;
  /** Index of the worker that ran it in the pool; null when unknown (trials saved before version 2). */
  workerIndex: number | null;
  /** Intermediate objective values by step (the epoch), as the pruner saw them. */
  intermediate: Record<number, number>;
  /** Its test-set score, when the dataset has a test set and the training gave one (absent in trials saved before it was kept). */
  test?: TestScore;
}

/** An epoch report without the decision-boundary grid (too big to keep for every epoch). */
export type EpochMetrics = Omit<EpochReport, "boundary">;

/** One epoch of one trial. */
export interface EpochRecord extends EpochMetrics {
  studyId: string;
  trialNumber: number;
  /**
   * As stored only: the trial's next epochs saved in the same transaction, in order, under this
   * first one's key (one IndexedDB record per trial and save instead of one per epoch; each record
   * costs the page a structured clone and a message to the browser), packed into typed arrays
   * (version 5: cloning a few arrays of numbers costs the page far less than as many objects).
   * Reads give every epoch as a record of its own (expandEpochRuns), never this field; records
   * without it are single epochs.
   */
  packed?: PackedEpochs;
  /** As stored only, by version 4: the same run as a list of objects (version 5 reads it, never writes it). */
  more?: EpochMetrics[];
}

/** The numeric fields of an epoch in the order a packed run keeps them (every field but stepLrs). */
export const PACKED_EPOCH_FIELDS = [
  "epoch",
  "trainLoss",
  "valLoss",
  "trainMetric",
  "valMetric",
  "lr",
  "step",
  "epochMs",
  "samplesPerSec",
] as const satisfies readonly (keyof EpochMetrics)[];

/** Several epochs of one trial in typed arrays (EpochRecord.packed). */
export interface PackedEpochs {
  /** The PACKED_EPOCH_FIELDS of each epoch in turn: epoch i's field f is values[i * fields + f]. */
  values: Float64Array;
  /** How many step learning rates each epoch has. */
  stepCounts: Uint32Array;
  /** Every epoch's step learning rates, one epoch after the other. */
  stepLrs: Float64Array;
}

/** A whole study with its trials and epochs: what an export file holds and `importStudy` takes. */
export interface StudyBundle {
  study: StudyRecord;
  trials: TrialRecord[];
  epochs: EpochRecord[];
}

/** A CSV the person uploaded, converted to the numeric arrays the workers train on. */
export interface DatasetRecord {
  /** "upload-<uuid>"; also `arrays.id`, and the id an ArrayDatasetSpec of kind "upload" names. */
  id: string;
  /** What the person sees in the dataset picker (the file name by default). */
  name: string;
  /** Milliseconds since 1970 (Date.now()). */
  createdAt: number;
  arrays: DatasetArrays;
  /** The target, task and column kinds chosen when it was uploaded, as csvToDataset took them. */
  choice: CsvDatasetChoice;
  /** Size of the CSV file in bytes. */
  csvBytes: number;
}

/** An uploaded dataset as lists show it: everything but its arrays, plus their size. */
export interface DatasetSummary extends Omit<DatasetRecord, "arrays"> {
  task: DatasetArrays["task"];
  classes: number;
  classNames: string[];
  /** Number of rows (examples). */
  examples: number;
  /** Number of numeric input features (after one-hot encoding). */
  features: number;
}

/** The version 2 schema: the study history before uploaded datasets. */
export interface StudyDbSchemaV2 extends DBSchema {
  studies: {
    key: string;
    value: StudyRecord;
    indexes: { "by-updatedAt": number };
  };
  trials: {
    key: [string, number];
    value: TrialRecord;
    indexes: { "by-study": string };
  };
  epochs: {
    key: [string, number, number];
    value: EpochRecord;
    indexes: { "by-trial": [string, number] };
  };
}

/**
 * The current (version 5) schema: the study history and the uploaded datasets (version 3's
 * stores; epochs may be stored in runs; a study's engine state as text).
 */
export interface StudyDbSchema extends DBSchema {
  studies: {
    key: string;
    value: StoredStudyRecord;
    indexes: { "by-updatedAt": number };
  };
  trials: StudyDbSchemaV2["trials"];
  epochs: StudyDbSchemaV2["epochs"];
  datasets: {
    key: string;
    value: DatasetRecord;
    indexes: { "by-createdAt": number };
  };
}

/** A study as version 1 stored it: no list summary fields yet. */
export type StudyRecordV1 = Omit<StudyRecord, "datasetLabel" | "samplerName" | "trialCount">;

/** A trial as version 1 stored it: its epochs inside, no worker index, no "interrupted" state. */
export interface TrialRecordV1 extends Omit<TrialRecord, "state" | "workerIndex"> {
  state: Exclude<TrialState, "interrupted">;
  epochs: EpochMetrics[];
}

/** The first shipped schema: studies, and trials that carried their epochs. */
export interface StudyDbSchemaV1 extends DBSchema {
  studies: {
    key: string;
    value: StudyRecordV1;
  };
  trials: {
    key: [string, number];
    value: TrialRecordV1;
    indexes: { "by-study": string };
  };
}
