/**
 * Schema migrations, cumulative as idb recommends: a database at any old version runs every step
 * after its own, in order, inside the one upgrade transaction, so a failed step leaves the old
 * database exactly as it was.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction } from "idb";
import {
  DB_VERSION,
  type EpochRecord,
  type StudyDbSchemaV1,
  type StudyDbSchemaV2,
  type StudyRecord,
  type StudyRecordV1,
  type TrialRecord,
  type TrialRecordV1,
} from "./schema";

// The stores hold records of an older shape while a migration runs, so the steps work untyped.
export type AnyDb = IDBPDatabase<unknown>;
export type UpgradeTx = IDBPTransaction<unknown, string[], "versionchange">;

/** Version 1: studies, and trials keyed by [studyId, number] that carry their epochs. */
function createVersion1(db: AnyDb): void {
  db.createObjectStore("studies", { keyPath: "id" });
  const trials = db.createObjectStore("trials", { keyPath: ["studyId", "number"] });
  trials.createIndex("by-study", "studyId");
}

/** The dataset id of a stored configuration (`config.base.dataset`), or "" for another shape. */
function datasetIdOf(config: unknown): string {
  const base = (config as { base?: { dataset?: unknown } } | null)?.base;
  return typeof base?.dataset === "string" ? base.dataset : "";
}

/**
 * Version 2: epochs move out of the trial records into their own store (so appending one epoch
 * no longer rewrites the whole trial), trials get a worker index, studies get the summary fields
 * of the list and an index by last update.
 */
async function migrateToVersion2(db: AnyDb, tx: UpgradeTx): Promise<void> {
  const epochs = db.createObjectStore("epochs", { keyPath: ["studyId", "trialNumber", "epoch"] });
  epochs.createIndex("by-trial", ["studyId", "trialNumber"]);
  const studies = tx.objectStore("studies");
  studies.createIndex("by-updatedAt", "updatedAt");

  const trialCounts = new Map<string, number>();
  let trialCursor = await tx.objectStore("trials").openCursor();
  while (trialCursor) {
    const old = trialCursor.value as TrialRecordV1;
    const { epochs: oldEpochs, ...rest } = old;
    for (const epoch of Array.isArray(oldEpochs) ? oldEpochs : []) {
      // An epoch without a usable number cannot be keyed; version 1 never wrote one.
      if (typeof epoch?.epoch !== "number" || !Number.isFinite(epoch.epoch)) continue;
      const record: EpochRecord = { ...epoch, studyId: old.studyId, trialNumber: old.number };
      await epochs.put(record);
    }
    const trial: TrialRecord = { ...rest, workerIndex: null };
    await trialCursor.update(trial);
    trialCounts.set(old.studyId, (trialCounts.get(old.studyId) ?? 0) + 1);
    trialCursor = await trialCursor.continue();
  }

  let studyCursor = await studies.openCursor();
  while (studyCursor) {
    const old = studyCursor.value as StudyRecordV1;
    const study: StudyRecord = {
      ...old,
      datasetLabel: datasetIdOf(old.config),
      samplerName: old.engine?.sampler?.name ?? "",
      trialCount: trialCounts.get(old.id) ?? 0,
    };
    await studyCursor.update(study);
    studyCursor = await studyCursor.continue();
  }
}

/** Version 3: a store for uploaded datasets, listed by when they were uploaded. Nothing to convert. */
function createVersion3(db: AnyDb): void {
  const datasets = db.createObjectStore("datasets", { keyPath: "id" });
  datasets.createIndex("by-createdAt", "createdAt");
}

/*
 * Version 4: an epoch record may hold a run of its trial's next epochs (EpochRecord.more), saved
 * together. Nothing to convert: older records are single epochs, which version 4 reads as they are;
 * the version number only keeps an older page, which would not read the runs, from opening it.
 *
 * Version 5: a run's next epochs are packed into typed arrays (EpochRecord.packed) instead of
 * listed in `more`, and a study's engine state is stored as its JSON text (engine-text.ts).
 * Nothing to convert either: version 5 reads both forms of each; the number keeps a version 4
 * page, which would read neither new form, from opening it.
 */

/** Runs every migration step after `oldVersion` up to and including `upTo`, in order. */
async function runSteps(db: AnyDb, oldVersion: number, upTo: number, tx: UpgradeTx): Promise<void> {
  if (oldVersion < 1 && upTo >= 1) createVersion1(db);
  if (oldVersion < 2 && upTo >= 2) await migrateToVersion2(db, tx);
  if (oldVersion < 3 && upTo >= 3) createVersion3(db);
}

/**
 * Brings a database from `oldVersion` to the current version. Runs inside the upgrade
 * transaction; on any failure it reports the error to `onError` and aborts that transaction, so
 * open() fails and the old database stays as it was.
 */
export function upgradeStudyDb(
  db: AnyDb,
  oldVersion: number,
  tx: UpgradeTx,
  onError: (error: unknown) => void,
): void {
  runSteps(db, oldVersion, DB_VERSION, tx).catch((error: unknown) => {
    onError(error);
    // The abort rejects tx.done; open() reports the failure, so this rejection is expected.
    tx.done.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // Already finished: the request error has aborted it.
    }
  });
}

/** Opens (creating if needed) a database at schema version 1; for migration tests only. */
export function openDbAtVersion1(name: string): Promise<IDBPDatabase<StudyDbSchemaV1>> {
  return openDB<StudyDbSchemaV1>(name, 1, {
    upgrade(db) {
      createVersion1(db as unknown as AnyDb);
    },
  });
}

/** Opens (creating or upgrading from version 1 if needed) a database at schema version 2; for migration tests only. */
export function openDbAtVersion2(name: string): Promise<IDBPDatabase<StudyDbSchemaV2>> {
  return openDB<StudyDbSchemaV2>(name, 2, {
    upgrade(db, oldVersion, _newVersion, tx) {
      void runSteps(db as unknown as AnyDb, oldVersion, 2, tx as unknown as UpgradeTx);
    },
  });
}
