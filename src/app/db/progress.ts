/**
 * A running study's progress since its last save, written in ONE transaction: the trials started,
 * the epochs reported, the trials ended, and the study's counters, best trial, search-engine state
 * and status. A study saves its progress every fraction of a second rather than one transaction per
 * trial start, epoch and end, so the history costs the page little however short the trials are;
 * all or nothing, so the trials and the engine's state stored always agree.
 */
import type { Params, StudyJSON } from "../../core/search/index";
import { storedEngine } from "./engine-text";
import type {
  EpochRecord,
  StoredStudyRecord,
  StudyStatus,
  StudySummary,
  TestScore,
  TrialEndState,
  TrialRecord,
} from "./schema";
import { toSummary } from "./studies";
import { issueAll, runTransaction, type StudyDbConnection } from "./transaction";
import { addEpochRun, epochRun } from "./epoch-runs";
import { checkIntermediate, isBetter, noStudy, noTrial, type EpochBatch } from "./trials";
import {
  checkCount,
  checkEndState,
  checkFinite,
  checkParams,
  checkStudyId,
  checkStudyStatus,
  checkTestScore,
  checkText,
  checkWorkerIndex,
} from "./validate";

/** A trial the study started, under the number the search engine gave it (never used before). */
export interface ProgressStart {
  number: number;
  params: Params;
  /** The pool worker that runs it. */
  workerIndex: number | null;
  /** When it started (default: the time of the save). */
  startedAt?: number;
}

/** A trial that ended: how, with its intermediate values and test score when it has them. */
export interface ProgressEnd {
  trialNumber: number;
  state: TrialEndState;
  /** Required (finite) for a complete trial; a pruned trial's last reported value. */
  value?: number;
  reason?: string;
  /** The trial's intermediate values by epoch, as the pruner saw them; they replace the stored ones. */
  intermediate?: Record<number, number>;
  test?: TestScore;
  /** When it ended (default: the time of the save). */
  endedAt?: number;
}

/** What happened in a study since its last save; every part is optional. */
export interface StudyProgress {
  /** Trials started, in the order they started. */
  starts?: readonly ProgressStart[];
  /** Epochs reported, by trial (each trial's in increasing order), of running or just ended trials. */
  epochs?: readonly EpochBatch[];
  /** Trials ended, in the order they ended (a tie for the best goes to the first). */
  ends?: readonly ProgressEnd[];
  /** The search engine's state, as of the last of these changes. */
  engine?: StudyJSON;
  status?: StudyStatus;
}

/** "trial 3", "trials 3 and 4", "trials 3, 4, 5 and 9 more". */
function trialList(numbers: readonly number[]): string {
  if (numbers.length === 1) return `trial ${numbers[0]}`;
  const shown = numbers.slice(0, 3);
  const rest = numbers.length - shown.length;
  return rest > 0
    ? `trials ${shown.join(", ")} and ${rest} more`
    : `trials ${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

/** What a save of `progress` saves, for messages: "the start of trial 5 and the result of trial 3". */
export function describeProgress(progress: StudyProgress): string {
  const parts: string[] = [];
  const starts = progress.starts ?? [];
  const ends = progress.ends ?? [];
  const epochs = (progress.epochs ?? []).reduce((n, b) => n + (b.epochs?.length ?? 0), 0);
  if (starts.length > 0) {
    parts.push(`the start${starts.length === 1 ? "" : "s"} of ${trialList(starts.map((s) => s.number))}`);
  }
  if (ends.length > 0) {
    parts.push(`the result${ends.length === 1 ? "" : "s"} of ${trialList(ends.map((e) => e.trialNumber))}`);
  }
  if (epochs > 0) parts.push(`${epochs} epoch${epochs === 1 ? "" : "s"} of the running trials`);
  if (progress.status !== undefined) parts.push(`the study's status (${progress.status})`);
  if (parts.length === 0) return progress.engine !== undefined ? "the study's search state" : "nothing";
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** The trial record an end makes of a running one. */
function ended(trial: TrialRecord, end: ProgressEnd, now: number): TrialRecord {
  const out: TrialRecord = { ...trial, state: end.state, endedAt: end.endedAt ?? now };
  if (end.value !== undefined) out.value = end.value;
  if (end.reason !== undefined) out.reason = end.reason;
  if (end.intermediate !== undefined) out.intermediate = end.intermediate;
  if (end.test !== undefined) out.test = { loss: end.test.loss, metric: end.test.metric };
  return out;
}

/** Checks every part of `progress` (throwing with the trial and the value) and returns checked copies. */
function checkProgress(studyId: string, progress: StudyProgress, now: number) {
  if (typeof progress !== "object" || progress === null) {
    throw new Error(`A study's progress must be an object, got ${String(progress)}`);
  }
  if (progress.status !== undefined) checkStudyStatus(progress.status);
  const started = new Map<number, TrialRecord>();
  for (const start of progress.starts ?? []) {
    checkCount(start?.number, "A trial number");
    checkParams(start.params, `Trial ${start.number}`);
    checkWorkerIndex(start.workerIndex);
    if (start.startedAt !== undefined)
      checkFinite(start.startedAt, `The start time of trial ${start.number}`);
    if (started.has(start.number)) throw new Error(`Trial ${start.number} is started twice in one save`);
    started.set(start.number, {
      studyId,
      number: start.number,
      params: { ...start.params },
      state: "running",
      startedAt: start.startedAt ?? now,
      workerIndex: start.workerIndex,
      intermediate: {},
    });
  }
  const ends = new Map<number, ProgressEnd>();
  for (const end of progress.ends ?? []) {
    const n = end?.trialNumber;
    checkCount(n, "A trial number");
    checkEndState(end.state);
    if (end.state === "complete" || end.value !== undefined) {
      checkFinite(end.value, `The value of trial ${n} (${end.state})`);
    }
    if (end.reason !== undefined) checkText(end.reason, `The reason of trial ${n}`);
    if (end.test !== undefined) checkTestScore(end.test, `Trial ${n}`);
    if (end.endedAt !== undefined) checkFinite(end.endedAt, `The end time of trial ${n}`);
    if (ends.has(n)) throw new Error(`Trial ${n} is ended twice in one save`);
    const intermediate = end.intermediate === undefined ? undefined : checkIntermediate(n, end.intermediate);
    ends.set(n, intermediate === undefined ? { ...end } : { ...end, intermediate });
  }
  const batches = progress.epochs ?? [];
  if (!Array.isArray(batches)) throw new Error(`Epoch batches must be an array, got ${String(batches)}`);
  /** One run of consecutive epochs per trial, stored as one record (see epochRun). */
  const epochRuns: EpochRecord[] = [];
  const epochTrials: number[] = [];
  for (const batch of batches) {
    checkCount(batch?.trialNumber, "A trial number");
    if (!Array.isArray(batch.epochs)) {
      throw new Error(`Trial ${batch.trialNumber}: the epochs must be an array, got ${String(batch.epochs)}`);
    }
    const run = epochRun(studyId, batch.trialNumber, batch.epochs);
    if (run === null) continue;
    if (epochTrials.includes(batch.trialNumber)) {
      throw new Error(`Trial ${batch.trialNumber}'s epochs come in two batches in one save`);
    }
    epochTrials.push(batch.trialNumber);
    epochRuns.push(run);
  }
  return { started, ends, epochRuns, epochTrials };
}

/**
 * Saves a study's progress in one transaction, all or nothing: new trials (under numbers never
 * used), epochs of running trials, ended trials (and the study's best), the engine's state and the
 * status. Trials it does not start must be in the history and still running. Returns the study's
 * summary as stored.
 */
export async function saveProgress(
  db: StudyDbConnection,
  now: number,
  studyId: string,
  progress: StudyProgress,
): Promise<StudySummary> {
  checkStudyId(studyId);
  const { started, ends, epochRuns, epochTrials } = checkProgress(studyId, progress, now);
  // Made before the transaction: the page's work for a save is done in one piece, not between its
  // reads and writes (where it would also hold the transaction open).
  const engine = progress.engine === undefined ? undefined : storedEngine(progress.engine);
  // The trials this save touches but did not start: read, to check they are there and running.
  const toRead = [...new Set([...ends.keys(), ...epochTrials])].filter((n) => !started.has(n));
  return runTransaction(
    db,
    ["studies", "trials", "epochs"],
    "readwrite",
    describeProgress(progress),
    async (tx) => {
      const trialStore = tx.objectStore("trials");
      const [study, ...found] = await Promise.all([
        tx.objectStore("studies").get(studyId),
        ...toRead.map((n) => trialStore.get([studyId, n])),
      ]);
      if (!study) throw noStudy(studyId);
      for (const n of started.keys()) {
        if (n < study.nextTrialNumber) {
          throw new Error(
            `Trial number ${n} of study "${study.name}" is already used (the next free number is ${study.nextTrialNumber})`,
          );
        }
      }
      const stored = new Map<number, TrialRecord>();
      toRead.forEach((n, i) => {
        const trial = found[i] as TrialRecord | undefined;
        if (!trial) throw noTrial(studyId, n);
        if (trial.state !== "running") {
          const epoch = epochRuns.find((run) => run.trialNumber === n);
          throw new Error(
            ends.has(n)
              ? `Trial ${n} of study "${study.name}" has already ended (${trial.state})`
              : `Cannot save epoch ${epoch?.epoch} of trial ${n}: the trial has ended (${trial.state})`,
          );
        }
        stored.set(n, trial);
      });
      const updated: StoredStudyRecord = { ...study, updatedAt: now };
      if (started.size > 0) {
        updated.nextTrialNumber = Math.max(study.nextTrialNumber, Math.max(...started.keys()) + 1);
        updated.trialCount = study.trialCount + started.size;
      }
      const writes: (() => Promise<unknown>)[] = [];
      for (const [n, end] of ends) {
        const trial = started.get(n) ?? stored.get(n)!;
        const record = ended(trial, end, now);
        if (started.has(n)) started.set(n, record);
        else writes.push(() => trialStore.put(record));
        if (end.state === "complete" && isBetter(end.value!, updated)) {
          updated.bestValue = end.value;
          updated.bestTrialNumber = n;
        }
      }
      // add, not put: a number already in the store (however it got there) must not be overwritten.
      for (const trial of started.values()) writes.push(() => trialStore.add(trial));
      for (const run of epochRuns) writes.push(() => addEpochRun(tx, run));
      if (engine !== undefined) updated.engine = engine;
      if (progress.status !== undefined) updated.status = progress.status;
      const studyChanged =
        started.size > 0 || ends.size > 0 || progress.engine !== undefined || progress.status !== undefined;
      if (studyChanged) writes.push(() => tx.objectStore("studies").put(updated));
      await issueAll(writes);
      return toSummary(studyChanged ? updated : study);
    },
  );
}
