/**
 * Checks on what callers hand the study history, so that a bad value fails with a message naming
 * it instead of as an opaque IndexedDB DataError (or, worse, a stored record nothing can read).
 */
import type { StudyConfig } from "../../core/study/study-config";
import {
  PACKED_EPOCH_FIELDS,
  STUDY_STATUSES,
  TRIAL_STATES,
  type EpochMetrics,
  type StudyBundle,
  type StudyStatus,
  type TestScore,
  type TrialEndState,
} from "./schema";

const show = (value: unknown): string => {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

/** Throws unless `id` is a non-empty string. */
export function checkStudyId(id: unknown): asserts id is string {
  if (typeof id !== "string" || id.length === 0) {
    throw new Error(`A study id must be a non-empty string, got ${show(id)}`);
  }
}

/** The trimmed name; throws on an empty or non-string name. */
export function checkStudyName(name: unknown): string {
  if (typeof name !== "string" || name.trim().length === 0) {
    throw new Error(`A study name must be a non-empty text, got ${show(name)}`);
  }
  return name.trim();
}

/** Throws unless `status` is a study status. */
export function checkStudyStatus(status: unknown): asserts status is StudyStatus {
  if (!STUDY_STATUSES.includes(status as StudyStatus)) {
    throw new Error(`Unknown study status ${show(status)} (expected one of ${STUDY_STATUSES.join(", ")})`);
  }
}

/** Throws unless `direction` is "minimize" or "maximize". */
export function checkDirection(direction: unknown): void {
  if (direction !== "minimize" && direction !== "maximize") {
    throw new Error(`Direction must be "minimize" or "maximize", got ${show(direction)}`);
  }
}

/**
 * Throws unless `config` has the fields the history reads from a study configuration (its name,
 * objective direction and sampler name). Checking the rest is the study-config module's job.
 */
export function checkConfigShape(config: unknown): asserts config is StudyConfig {
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new Error(`A study config must be an object, got ${show(config)}`);
  }
  const c = config as Partial<StudyConfig>;
  checkStudyName(c.name);
  checkDirection(c.objective?.direction);
  if (typeof c.sampler?.name !== "string") {
    throw new Error(`Study "${c.name}": the config's sampler has no name, got ${show(c.sampler)}`);
  }
}

/** Throws unless `text` is a string; `what` names the field. */
export function checkText(text: unknown, what: string): asserts text is string {
  if (typeof text !== "string") throw new Error(`${what} must be a text, got ${show(text)}`);
}

/** Throws unless `n` is a non-negative integer; `what` names it. */
export function checkCount(n: unknown, what: string): asserts n is number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new Error(`${what} must be a whole number ≥ 0, got ${show(n)}`);
  }
}

/** Throws unless `t` is a finite number (a timestamp, a value); `what` names it. */
export function checkFinite(t: unknown, what: string): asserts t is number {
  if (typeof t !== "number" || !Number.isFinite(t)) {
    throw new Error(`${what} must be a finite number, got ${show(t)}`);
  }
}

/** Throws unless `score` is a test score: an object with a finite loss and metric; `where` names the trial. */
export function checkTestScore(score: unknown, where: string): asserts score is TestScore {
  if (typeof score !== "object" || score === null) {
    throw new Error(
      `${where}: the test score must be an object with a loss and a metric, got ${show(score)}`,
    );
  }
  const { loss, metric } = score as Partial<TestScore>;
  checkFinite(loss, `${where}: the test loss`);
  checkFinite(metric, `${where}: the test metric`);
}

/** Throws unless `index` is a worker index (whole number ≥ 0) or null. */
export function checkWorkerIndex(index: unknown): void {
  if (index !== null) checkCount(index, "A worker index");
}

/** Throws unless `state` is a state a running trial can end in. */
export function checkEndState(state: unknown): asserts state is TrialEndState {
  if (state === "running" || !TRIAL_STATES.includes(state as TrialEndState)) {
    const allowed = TRIAL_STATES.filter((s) => s !== "running").join(", ");
    throw new Error(`A trial cannot end in state ${show(state)} (expected one of ${allowed})`);
  }
}

/** Throws unless `params` is an object of numbers, texts and booleans. */
export function checkParams(params: unknown, where: string): void {
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw new Error(`${where}: params must be an object, got ${show(params)}`);
  }
  for (const [key, value] of Object.entries(params)) {
    if (typeof value !== "number" && typeof value !== "string" && typeof value !== "boolean") {
      throw new Error(`${where}: parameter "${key}" must be a number, text or boolean, got ${show(value)}`);
    }
  }
}

// The numeric fields of an epoch report but its number; NaN and ±Infinity are allowed (a diverged training).
const EPOCH_NUMBER_FIELDS = PACKED_EPOCH_FIELDS.filter((field) => field !== "epoch");

/** Throws unless `report` looks like an epoch report: a 1-based epoch and numeric metrics. */
export function checkEpochReport(report: unknown, where: string): asserts report is EpochMetrics {
  if (typeof report !== "object" || report === null) {
    throw new Error(`${where}: an epoch report must be an object, got ${show(report)}`);
  }
  const r = report as Partial<EpochMetrics>;
  if (typeof r.epoch !== "number" || !Number.isInteger(r.epoch) || r.epoch < 1) {
    throw new Error(`${where}: epoch must be a whole number ≥ 1, got ${show(r.epoch)}`);
  }
  for (const field of EPOCH_NUMBER_FIELDS) {
    if (typeof r[field] !== "number") {
      throw new Error(`${where}, epoch ${r.epoch}: ${field} must be a number, got ${show(r[field])}`);
    }
  }
  if (!Array.isArray(r.stepLrs) || r.stepLrs.some((lr) => typeof lr !== "number")) {
    throw new Error(`${where}, epoch ${r.epoch}: stepLrs must be a list of numbers, got ${show(r.stepLrs)}`);
  }
}

/**
 * Checks the parts of an exported study that the database relies on: keys, states, counts and
 * that every epoch belongs to a trial of the file. Duplicate records are left to the database,
 * which refuses them inside the import transaction.
 */
export function checkBundle(bundle: unknown): asserts bundle is StudyBundle {
  if (typeof bundle !== "object" || bundle === null) {
    throw new Error(`A study to import must be an object, got ${show(bundle)}`);
  }
  const { study, trials, epochs } = bundle as Partial<StudyBundle>;
  if (typeof study !== "object" || study === null) {
    throw new Error(`The study to import has no study record, got ${show(study)}`);
  }
  checkStudyId(study.id);
  checkStudyName(study.name);
  checkStudyStatus(study.status);
  checkConfigShape(study.config);
  checkFinite(study.createdAt, "The study's createdAt");
  checkFinite(study.updatedAt, "The study's updatedAt");
  checkCount(study.nextTrialNumber, "The study's nextTrialNumber");
  checkText(study.datasetLabel, "The study's datasetLabel");
  if (!Array.isArray(trials)) throw new Error(`The study to import has no trial list, got ${show(trials)}`);
  if (!Array.isArray(epochs)) throw new Error(`The study to import has no epoch list, got ${show(epochs)}`);
  const numbers = new Set<number>();
  // Indexed loops, not forEach: a hole in a sparse array must be refused, not skipped.
  for (let i = 0; i < trials.length; i++) {
    const trial = trials[i];
    const where = `Trial at position ${i} of the study to import`;
    if (typeof trial !== "object" || trial === null) throw new Error(`${where} is ${show(trial)}`);
    checkCount(trial.number, `${where}: number`);
    if (!TRIAL_STATES.includes(trial.state)) {
      throw new Error(
        `${where}: unknown state ${show(trial.state)} (expected one of ${TRIAL_STATES.join(", ")})`,
      );
    }
    checkParams(trial.params, where);
    checkFinite(trial.startedAt, `${where}: startedAt`);
    checkWorkerIndex(trial.workerIndex ?? null);
    if (trial.test !== undefined) checkTestScore(trial.test, where);
    if (typeof trial.intermediate !== "object" || trial.intermediate === null) {
      throw new Error(`${where}: intermediate must be an object, got ${show(trial.intermediate)}`);
    }
    numbers.add(trial.number);
  }
  for (let i = 0; i < epochs.length; i++) {
    const epoch = epochs[i];
    const where = `Epoch record at position ${i} of the study to import`;
    checkEpochReport(epoch, where);
    const trialNumber = (epoch as { trialNumber?: unknown }).trialNumber;
    if (!numbers.has(trialNumber as number)) {
      throw new Error(`${where}: belongs to trial ${show(trialNumber)}, which the study does not have`);
    }
  }
}
