/**
 * Trials and their epochs: starting a trial under a number that is never reused, appending one
 * epoch at a time, finishing a trial together with the study's best, and the reads.
 */
import type { Params, StudyJSON } from "../../core/search/index";
import type { EpochReport } from "../../shared/train";
import type { EpochRecord, StudyRecord, TrialEndState, TrialRecord } from "./schema";
import { issueAll, runTransaction, studyKeyRange, type StudyDbConnection } from "./transaction";
import {
  checkCount,
  checkEndState,
  checkEpochReport,
  checkFinite,
  checkParams,
  checkStudyId,
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
}

/** The reason written on trials that were still running when the page went away. */
export const INTERRUPTED_REASON = "The page was closed or reloaded while this trial ran";

const noStudy = (studyId: string): Error => new Error(`No study with id ${JSON.stringify(studyId)}`);
const noTrial = (studyId: string, n: number): Error =>
  new Error(`Study ${JSON.stringify(studyId)} has no trial ${n}`);

function isBetter(value: number, study: StudyRecord): boolean {
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
    const updated: StudyRecord = {
      ...study,
      nextTrialNumber: number + 1,
      trialCount: study.trialCount + 1,
      updatedAt: now,
    };
    if (start.engine !== undefined) updated.engine = start.engine;
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
  const { boundary: _boundary, ...metrics } = report;
  const record: EpochRecord = { ...metrics, stepLrs: [...metrics.stepLrs], studyId, trialNumber };
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
    const writes: (() => Promise<unknown>)[] = [
      () =>
        tx
          .objectStore("epochs")
          .add(record)
          .catch((error: unknown) => {
            if ((error as { name?: string })?.name !== "ConstraintError") throw error;
            throw new Error(`Epoch ${report.epoch} of trial ${trialNumber} was already saved`, {
              cause: error,
            });
          }),
    ];
    if (intermediate !== undefined) {
      const withValue = { ...trial, intermediate: { ...trial.intermediate, [report.epoch]: intermediate } };
      writes.push(() => trials.put(withValue));
    }
    await issueAll(writes);
    return record;
  });
}

/** Ends a running trial, and in the same transaction makes it the study's best when it is. */
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
  const what = `the result of trial ${trialNumber}`;
  return runTransaction(db, ["studies", "trials"], "readwrite", what, async (tx) => {
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
    const updated: StudyRecord = { ...study, updatedAt: now };
    if (end.engine !== undefined) updated.engine = end.engine;
    if (end.state === "complete" && isBetter(end.value!, study)) {
      updated.bestValue = end.value;
      updated.bestTrialNumber = trialNumber;
    }
    await issueAll([() => tx.objectStore("trials").put(ended), () => tx.objectStore("studies").put(updated)]);
    return { trial: ended, study: updated };
  });
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
    tx.objectStore("epochs").index("by-trial").getAll([studyId, trialNumber]),
  );
}

/** The epochs of every trial of a study, by trial then epoch. */
export async function getAllEpochs(db: StudyDbConnection, studyId: string): Promise<EpochRecord[]> {
  checkStudyId(studyId);
  return runTransaction(db, ["epochs"], "readonly", null, (tx) =>
    tx.objectStore("epochs").getAll(studyKeyRange(studyId)),
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
