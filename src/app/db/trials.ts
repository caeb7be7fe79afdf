/**
 * Trials and their epochs: starting a trial under a number that is never reused, appending epochs
 * (one at a time, or the batch a running study buffered, for several trials at once), finishing a
 * trial together with its last epochs and the study's best, and the reads.
 */
import type { Params, StudyJSON } from "../../core/search/index";
import type { EpochReport } from "../../shared/train";
import type {
  EpochMetrics,
  EpochRecord,
  StoredStudyRecord,
  StudyRecord,
  TestScore,
  TrialEndState,
  TrialRecord,
} from "./schema";
import { fromStoredStudy, storedEngine } from "./engine-text";
import { addEpoch, addEpochRun, epochRecord, epochRun, expandEpochRuns } from "./epoch-runs";
import { issueAll, runTransaction, studyKeyRange, type StudyDbConnection } from "./transaction";
import {
  checkCount,
  checkEndState,
  checkEpochReport,
  checkFinite,
  checkParams,
  checkStudyId,
  checkTestScore,
  checkText,
  checkWorkerIndex,
} from "./validate";

/** What starting a trial needs. */
export interface TrialStart {
  params: Params;
  /** The pool worker that runs it. */
  workerIndex: number | null;
  /**
   * The number the search engine gave the trial (`study.ask().number`). It must not have been
   * used before; left out, the next free number is taken.
   */
  number?: number;
  /** The engine's state after `ask`, saved in the same transaction. */
  engine?: StudyJSON;
}

/** How a trial ended. */
export interface TrialEnd {
  state: TrialEndState;
  /** Required (finite) for a complete trial; a pruned trial's last reported value. */
  value?: number;
  reason?: string;
  /** The engine's state after `tell`, saved in the same transaction. */
  engine?: StudyJSON;
  /** Epochs not saved yet, added in the same transaction (in epoch order). */
  epochs?: readonly (EpochReport | EpochMetrics)[];
  /** The trial's intermediate values by epoch, as the pruner saw them; they replace the stored ones. */
  intermediate?: Record<number, number>;
  /** Its score on the test set, when the training gave one. */
  test?: TestScore;
}

/** Epochs of one running trial that a study buffered, saved together by `appendEpochs`. */
export interface EpochBatch {
  trialNumber: number;
  epochs: readonly (EpochReport | EpochMetrics)[];
}

/** The reason written on trials that were still running when the page went away. */
export const INTERRUPTED_REASON = "The page was closed or reloaded while this trial ran";

export const noStudy = (studyId: string): Error => new Error(`No study with id ${JSON.stringify(studyId)}`);
export const noTrial = (studyId: string, n: number): Error =>
  new Error(`Study ${JSON.stringify(studyId)} has no trial ${n}`);

/** Whether a complete trial's value beats the study's best so far. */
export function isBetter(value: number, study: Pick<StudyRecord, "bestValue" | "direction">): boolean {
  if (study.bestValue === undefined) return true;
  return study.direction === "minimize" ? value < study.bestValue : value > study.bestValue;
}

/** Records a running trial; its number is taken and checked in the same transaction as the study's counter. */
export async function startTrial(
  db: StudyDbConnection,
  now: number,
  studyId: string,
  start: TrialStart,
): Promise<TrialRecord> {
  checkStudyId(studyId);
  checkParams(start.params, "A new trial");
  checkWorkerIndex(start.workerIndex);
  if (start.number !== undefined) checkCount(start.number, "A trial number");
  const what = start.number === undefined ? "a new trial" : `trial ${start.number}`;
  return runTransaction(db, ["studies", "trials"], "readwrite", what, async (tx) => {
    const study = await tx.objectStore("studies").get(studyId);
    if (!study) throw noStudy(studyId);
    const number = start.number ?? study.nextTrialNumber;
    if (number < study.nextTrialNumber) {
      throw new Error(
        `Trial number ${number} of study "${study.name}" is already used (the next free number is ${study.nextTrialNumber})`,
      );
    }
    const trial: TrialRecord = {
      studyId,
      number,
      params: { ...start.params },
      state: "running",
      startedAt: now,
      workerIndex: start.workerIndex,
      intermediate: {},
    };
    const updated: StoredStudyRecord = {
      ...study,
      nextTrialNumber: number + 1,
      trialCount: study.trialCount + 1,
      updatedAt: now,
    };
    if (start.engine !== undefined) updated.engine = storedEngine(start.engine);
    // add, not put: a number already in the store (however it got there) must not be overwritten.
    await issueAll([() => tx.objectStore("trials").add(trial), () => tx.objectStore("studies").put(updated)]);
    return trial;
  });
}

/**
 * Saves one epoch of a running trial, and the objective value the pruner saw for it when given
 * (stored as the trial's intermediate value at this epoch). The boundary grid is not kept.
 */
export async function appendEpoch(
  db: StudyDbConnection,
  studyId: string,
  trialNumber: number,
  report: EpochReport,
  intermediate?: number,
): Promise<EpochRecord> {
  checkStudyId(studyId);
  checkCount(trialNumber, "A trial number");
  checkEpochReport(report, `Trial ${trialNumber}`);
  if (intermediate !== undefined && typeof intermediate !== "number") {
    throw new Error(
      `Trial ${trialNumber}: the intermediate value must be a number, got ${String(intermediate)}`,
    );
  }
  const record = epochRecord(studyId, trialNumber, report);
  const what = `epoch ${report.epoch} of trial ${trialNumber}`;
  return runTransaction(db, ["trials", "epochs"], "readwrite", what, async (tx) => {
    const trials = tx.objectStore("trials");
    const trial = await trials.get([studyId, trialNumber]);
    if (!trial) throw noTrial(studyId, trialNumber);
    if (trial.state !== "running") {
      throw new Error(
        `Cannot save epoch ${report.epoch} of trial ${trialNumber}: the trial has ended (${trial.state})`,
      );
    }
    const writes: (() => Promise<unknown>)[] = [() => addEpoch(tx, record)];
    if (intermediate !== undefined) {
      const withValue = { ...trial, intermediate: { ...trial.intermediate, [report.epoch]: intermediate } };
      writes.push(() => trials.put(withValue));
    }
    await issueAll(writes);
    return record;
  });
}

/**
 * Saves the buffered epochs of several running trials in one transaction, all or nothing. Only
 * epoch records are written: the trial records (and their intermediate values, which the trial's
 * end writes) are read to check that each trial is still running, never rewritten.
 */
export async function appendEpochs(
  db: StudyDbConnection,
  studyId: string,
  batches: readonly EpochBatch[],
): Promise<number> {
  checkStudyId(studyId);
  if (!Array.isArray(batches)) throw new Error(`Epoch batches must be an array, got ${String(batches)}`);
  const runs: (EpochRecord | null)[] = batches.map((batch: EpochBatch) => {
    checkCount(batch?.trialNumber, "A trial number");
    if (!Array.isArray(batch.epochs)) {
      throw new Error(`Trial ${batch.trialNumber}: the epochs must be an array, got ${String(batch.epochs)}`);
    }
    return epochRun(studyId, batch.trialNumber, batch.epochs);
  });
  const total = batches.reduce((n, batch) => n + batch.epochs.length, 0);
  if (total === 0) return 0;
  const what = `${total} epoch${total === 1 ? "" : "s"} of trial${batches.length === 1 ? "" : "s"} ${batches.map((b) => b.trialNumber).join(", ")}`;
  return runTransaction(db, ["trials", "epochs"], "readwrite", what, async (tx) => {
    const found = await Promise.all(
      batches.map((b) => tx.objectStore("trials").get([studyId, b.trialNumber])),
    );
    found.forEach((trial, i) => {
      const n = batches[i].trialNumber;
      if (!trial) throw noTrial(studyId, n);
      const run = runs[i];
      if (trial.state !== "running" && run !== null) {
        throw new Error(`Cannot save epoch ${run.epoch} of trial ${n}: the trial has ended (${trial.state})`);
      }
    });
    await issueAll(runs.map((run) => () => addEpochRun(tx, run)));
    return total;
  });
}

/**
 * Ends a running trial, and in the same transaction saves its last epochs and intermediate values
 * (when given) and makes it the study's best when it is.
 */
export async function finishTrial(
  db: StudyDbConnection,
  now: number,
  studyId: string,
  trialNumber: number,
  end: TrialEnd,
): Promise<{ trial: TrialRecord; study: StudyRecord }> {
  checkStudyId(studyId);
  checkCount(trialNumber, "A trial number");
  checkEndState(end.state);
  if (end.state === "complete" || end.value !== undefined) {
    checkFinite(end.value, `The value of trial ${trialNumber} (${end.state})`);
  }
  if (end.reason !== undefined) checkText(end.reason, `The reason of trial ${trialNumber}`);
  if (end.test !== undefined) checkTestScore(end.test, `Trial ${trialNumber}`);
  const epochs = epochRun(studyId, trialNumber, end.epochs ?? []);
  const intermediate =
    end.intermediate === undefined ? undefined : checkIntermediate(trialNumber, end.intermediate);
  const what = `the result of trial ${trialNumber}`;
  return runTransaction(db, ["studies", "trials", "epochs"], "readwrite", what, async (tx) => {
    const [study, trial] = await Promise.all([
      tx.objectStore("studies").get(studyId),
      tx.objectStore("trials").get([studyId, trialNumber]),
    ]);
    if (!study) throw noStudy(studyId);
    if (!trial) throw noTrial(studyId, trialNumber);
    if (trial.state !== "running") {
      throw new Error(`Trial ${trialNumber} of study "${study.name}" has already ended (${trial.state})`);
    }
    const ended: TrialRecord = { ...trial, state: end.state, endedAt: now };
    if (end.value !== undefined) ended.value = end.value;
    if (end.reason !== undefined) ended.reason = end.reason;
    if (intermediate !== undefined) ended.intermediate = intermediate;
    if (end.test !== undefined) ended.test = { loss: end.test.loss, metric: end.test.metric };
    const updated: StoredStudyRecord = { ...study, updatedAt: now };
    if (end.engine !== undefined) updated.engine = storedEngine(end.engine);
    if (end.state === "complete" && isBetter(end.value!, study)) {
      updated.bestValue = end.value;
      updated.bestTrialNumber = trialNumber;
    }
    await issueAll([
      () => addEpochRun(tx, epochs),
      () => tx.objectStore("trials").put(ended),
      () => tx.objectStore("studies").put(updated),
    ]);
    return {
      trial: ended,
      study: end.engine !== undefined ? { ...updated, engine: end.engine } : fromStoredStudy(updated),
    };
  });
}

/** A copy of an intermediate-value map, checked: integer steps, number values (NaN and ±Infinity allowed). */
export function checkIntermediate(trialNumber: number, values: unknown): Record<number, number> {
  if (typeof values !== "object" || values === null || Array.isArray(values)) {
    throw new Error(`Trial ${trialNumber}: the intermediate values must be an object, got ${String(values)}`);
  }
  const out: Record<number, number> = {};
  for (const [step, v] of Object.entries(values)) {
    if (!/^\d+$/.test(step) || typeof v !== "number") {
      throw new Error(
        `Trial ${trialNumber}: intermediate values map epochs to numbers, got ${JSON.stringify(step)}: ${String(v)}`,
      );
    }
    out[Number(step)] = v;
  }
  return out;
}

/** Every trial of a study, by number. */
export async function getTrials(db: StudyDbConnection, studyId: string): Promise<TrialRecord[]> {
  checkStudyId(studyId);
  return runTransaction(db, ["trials"], "readonly", null, (tx) =>
    tx.objectStore("trials").index("by-study").getAll(studyId),
  );
}

/** The epochs of one trial, by epoch. */
export async function getEpochs(
  db: StudyDbConnection,
  studyId: string,
  trialNumber: number,
): Promise<EpochRecord[]> {
  checkStudyId(studyId);
  checkCount(trialNumber, "A trial number");
  return runTransaction(db, ["epochs"], "readonly", null, (tx) =>
    tx.objectStore("epochs").index("by-trial").getAll([studyId, trialNumber]).then(expandEpochRuns),
  );
}

/** The epochs of every trial of a study, by trial then epoch. */
export async function getAllEpochs(db: StudyDbConnection, studyId: string): Promise<EpochRecord[]> {
  checkStudyId(studyId);
  return runTransaction(db, ["epochs"], "readonly", null, (tx) =>
    tx.objectStore("epochs").getAll(studyKeyRange(studyId)).then(expandEpochRuns),
  );
}

/**
 * After a reload nothing is running any more: the study's trials still marked running become
 * "interrupted". Returns their numbers.
 */
export async function markInterruptedTrials(
  db: StudyDbConnection,
  now: number,
  studyId: string,
): Promise<number[]> {
  checkStudyId(studyId);
  return runTransaction(db, ["trials"], "readwrite", "the interrupted trials", async (tx) => {
    const marked: number[] = [];
    let cursor = await tx.objectStore("trials").index("by-study").openCursor(studyId);
    while (cursor) {
      if (cursor.value.state === "running") {
        await cursor.update({
          ...cursor.value,
          state: "interrupted",
          reason: INTERRUPTED_REASON,
          endedAt: now,
        });
        marked.push(cursor.value.number);
      }
      cursor = await cursor.continue();
    }
    return marked;
  });
}
