/** The study history and uploaded datasets in IndexedDB: open it with `openStudyDb`; see study-db.ts. */
export { openStudyDb, StudyDb, type OpenStudyDbOptions } from "./study-db";
export {
  StorageFullError,
  StorageUnavailableError,
  isQuotaError,
  type StorageUnavailableReason,
} from "./errors";
export {
  DB_VERSION,
  DEFAULT_DB_NAME,
  STUDY_STATUSES,
  TRIAL_STATES,
  type DatasetRecord,
  type DatasetSummary,
  type EpochMetrics,
  type EpochRecord,
  type StudyBundle,
  type StudyRecord,
  type StudyStatus,
  type StudySummary,
  type TestScore,
  type TrialEndState,
  type TrialRecord,
  type TrialState,
} from "./schema";
export type { NewStudy, StudyPatch } from "./studies";
export { describeProgress, type ProgressEnd, type ProgressStart, type StudyProgress } from "./progress";
export { INTERRUPTED_REASON, type EpochBatch, type TrialEnd, type TrialStart } from "./trials";
export { isUploadId, newUploadId, type NewDataset } from "./datasets";
