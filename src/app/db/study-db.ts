/**
 * The study history and the uploaded datasets: `openStudyDb()` opens (creating or upgrading) the
 * IndexedDB database and returns a StudyDb whose methods each run one short transaction.
 */
import { openDB } from "idb";
import type { EpochReport } from "../../shared/train";
import { StorageUnavailableError } from "./errors";
import * as datasets from "./datasets";
import type { NewDataset } from "./datasets";
import { upgradeStudyDb, type AnyDb, type UpgradeTx } from "./migrations";
import {
  DB_VERSION,
  DEFAULT_DB_NAME,
  type DatasetRecord,
  type DatasetSummary,
  type EpochRecord,
  type StudyBundle,
  type StudyDbSchema,
  type StudyRecord,
  type StudySummary,
  type TrialRecord,
} from "./schema";
import * as studies from "./studies";
import type { NewStudy, StudyPatch } from "./studies";
import type { StudyDbConnection } from "./transaction";
import * as progress from "./progress";
import type { StudyProgress } from "./progress";
import * as trials from "./trials";
import type { EpochBatch, TrialEnd, TrialStart } from "./trials";

export interface OpenStudyDbOptions {
  /** The clock of every timestamp; Date.now by default. */
  now?: () => number;
  /**
   * Called once if the open database is taken away later: another tab upgrades it (this
   * connection closes itself to let it) or the browser closes it. Later calls then throw the same error.
   */
  onUnavailable?: (error: StorageUnavailableError) => void;
}

/** The study history in one IndexedDB database. Get one with `openStudyDb`. */
export class StudyDb {
  readonly name: string;
  /** The clock of every timestamp the history writes (a study stamps its trials' starts and ends with it). */
  readonly now: () => number;
  private readonly db: StudyDbConnection;
  private readonly onUnavailable?: (error: StorageUnavailableError) => void;
  private closedError: Error | null = null;

  constructor(name: string, db: StudyDbConnection, options: OpenStudyDbOptions = {}) {
    this.name = name;
    this.db = db;
    this.now = options.now ?? Date.now;
    this.onUnavailable = options.onUnavailable;
  }

  /** Closes the connection; later calls throw. */
  close(): void {
    if (this.closedError) return;
    this.closedError = new Error(`The study history "${this.name}" was closed`);
    this.db.close();
  }

  /** Whether this connection still works. */
  get isOpen(): boolean {
    return this.closedError === null;
  }

  /** Closes the connection because it was taken away (see OpenStudyDbOptions.onUnavailable). */
  lose(): void {
    if (this.closedError) return;
    const error = new StorageUnavailableError("closed");
    this.closedError = error;
    this.db.close();
    this.onUnavailable?.(error);
  }

  private connection(): StudyDbConnection {
    if (this.closedError) throw this.closedError;
    return this.db;
  }

  /** Stores a new study (a draft unless `status` says otherwise) and returns it with its id. */
  async createStudy(input: NewStudy): Promise<StudyRecord> {
    return studies.createStudy(this.connection(), this.now(), input);
  }

  /** One study with its configuration and engine state, or undefined. */
  async getStudy(id: string): Promise<StudyRecord | undefined> {
    return studies.getStudy(this.connection(), id);
  }

  /** Every study's summary, the most recently updated first. */
  async listStudies(): Promise<StudySummary[]> {
    return studies.listStudies(this.connection());
  }

  /** Changes some fields of a study; returns it as stored. */
  async updateStudy(id: string, patch: StudyPatch): Promise<StudyRecord> {
    return studies.updateStudy(this.connection(), this.now(), id, patch);
  }

  /** Gives a study a new name. */
  async renameStudy(id: string, name: string): Promise<StudyRecord> {
    return studies.updateStudy(this.connection(), this.now(), id, { name });
  }

  /** A new draft with the same configuration and no trials; named "<name> (copy)" unless `name` is given. */
  async duplicateStudy(id: string, name?: string): Promise<StudyRecord> {
    return studies.duplicateStudy(this.connection(), this.now(), id, name);
  }

  /** Deletes a study, its trials and its epochs in one transaction; false if it did not exist. */
  async deleteStudy(id: string): Promise<boolean> {
    return studies.deleteStudy(this.connection(), id);
  }

  /** A whole study (record, trials, epochs) as one consistent snapshot, or undefined. */
  async exportStudy(id: string): Promise<StudyBundle | undefined> {
    return studies.exportStudy(this.connection(), id);
  }

  /** Stores an exported study all at once or not at all; a new id if its id is taken. */
  async importStudy(bundle: StudyBundle): Promise<StudyRecord> {
    return studies.importStudy(this.connection(), this.now(), bundle);
  }

  /** Records a running trial under a number never used before in the study. */
  async startTrial(studyId: string, start: TrialStart): Promise<TrialRecord> {
    return trials.startTrial(this.connection(), this.now(), studyId, start);
  }

  /** Ends a running trial and updates the study's best in the same transaction. */
  async finishTrial(
    studyId: string,
    trialNumber: number,
    end: TrialEnd,
  ): Promise<{ trial: TrialRecord; study: StudyRecord }> {
    return trials.finishTrial(this.connection(), this.now(), studyId, trialNumber, end);
  }

  /** Saves one epoch of a running trial (without its boundary grid), and its intermediate value if given. */
  async appendEpoch(
    studyId: string,
    trialNumber: number,
    report: EpochReport,
    intermediate?: number,
  ): Promise<EpochRecord> {
    return trials.appendEpoch(this.connection(), studyId, trialNumber, report, intermediate);
  }

  /** Saves the buffered epochs of several running trials in one transaction; returns how many were saved. */
  async appendEpochs(studyId: string, batches: readonly EpochBatch[]): Promise<number> {
    return trials.appendEpochs(this.connection(), studyId, batches);
  }

  /**
   * Saves a running study's progress since its last save (trials started, epochs, trials ended,
   * engine state, status) in one transaction; returns the study's summary as stored (its counters,
   * best trial and status; not its configuration and engine state, which getStudy reads).
   */
  async saveProgress(studyId: string, changes: StudyProgress): Promise<StudySummary> {
    return progress.saveProgress(this.connection(), this.now(), studyId, changes);
  }

  /** Every trial of a study, by number. */
  async getTrials(studyId: string): Promise<TrialRecord[]> {
    return trials.getTrials(this.connection(), studyId);
  }

  /** The epochs of one trial, by epoch. */
  async getEpochs(studyId: string, trialNumber: number): Promise<EpochRecord[]> {
    return trials.getEpochs(this.connection(), studyId, trialNumber);
  }

  /** The epochs of all trials of a study, by trial then epoch. */
  async getAllEpochs(studyId: string): Promise<EpochRecord[]> {
    return trials.getAllEpochs(this.connection(), studyId);
  }

  /** After a reload: the study's trials still "running" become "interrupted"; returns their numbers. */
  async markInterruptedTrials(studyId: string): Promise<number[]> {
    return trials.markInterruptedTrials(this.connection(), this.now(), studyId);
  }

  /** Stores an uploaded dataset under its (new) id, all of it or nothing. */
  async saveDataset(input: NewDataset): Promise<DatasetRecord> {
    return datasets.saveDataset(this.connection(), this.now(), input);
  }

  /** One uploaded dataset with its arrays, or undefined. */
  async getDataset(id: string): Promise<DatasetRecord | undefined> {
    return datasets.getDataset(this.connection(), id);
  }

  /** Every uploaded dataset's summary (no arrays), the newest first. */
  async listDatasets(): Promise<DatasetSummary[]> {
    return datasets.listDatasets(this.connection());
  }

  /** Deletes an uploaded dataset; false if it did not exist. */
  async deleteDataset(id: string): Promise<boolean> {
    return datasets.deleteDataset(this.connection(), id);
  }
}

function openFailure(error: unknown, upgradeError: unknown): StorageUnavailableError {
  if (upgradeError !== undefined) {
    const detail = upgradeError instanceof Error ? upgradeError.message : String(upgradeError);
    return new StorageUnavailableError("upgrade-failed", { cause: upgradeError, detail });
  }
  if ((error as { name?: unknown } | null)?.name === "VersionError") {
    return new StorageUnavailableError("newer-version", { cause: error });
  }
  return new StorageUnavailableError("denied", { cause: error });
}

/**
 * Opens the study history, creating it or upgrading an older version first. Rejects with
 * StorageUnavailableError when IndexedDB is missing, refused, held at an older version by
 * another tab, newer than this page, or cannot be upgraded.
 */
export function openStudyDb(
  name: string = DEFAULT_DB_NAME,
  options: OpenStudyDbOptions = {},
): Promise<StudyDb> {
  if (typeof indexedDB === "undefined" || indexedDB === null) {
    return Promise.reject(new StorageUnavailableError("unsupported"));
  }
  return new Promise<StudyDb>((resolve, reject) => {
    let settled = false;
    let upgradeError: unknown;
    let studyDb: StudyDb | undefined;
    const fail = (error: StorageUnavailableError): void => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    let opening: Promise<StudyDbConnection>;
    try {
      opening = openDB<StudyDbSchema>(name, DB_VERSION, {
        upgrade(db, oldVersion, _newVersion, tx) {
          upgradeStudyDb(db as unknown as AnyDb, oldVersion, tx as unknown as UpgradeTx, (error) => {
            upgradeError = error;
          });
        },
        // Another tab holds an older version open and did not close it when asked.
        blocked() {
          fail(new StorageUnavailableError("blocked"));
        },
        // This tab is in the way of a newer version opened elsewhere: step aside.
        blocking() {
          studyDb?.lose();
        },
        terminated() {
          studyDb?.lose();
        },
      });
    } catch (error) {
      // Some browsers throw from open() itself (SecurityError on opaque origins).
      fail(new StorageUnavailableError("denied", { cause: error }));
      return;
    }
    opening.then(
      (db) => {
        // Opened after all, once the blocking tab went away, but the caller was already told it failed.
        if (settled) {
          db.close();
          return;
        }
        settled = true;
        studyDb = new StudyDb(name, db, options);
        resolve(studyDb);
      },
      (error: unknown) => fail(openFailure(error, upgradeError)),
    );
  });
}
