import "fake-indexeddb/auto";
import { openDB } from "idb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createStudy as createEngine } from "../../core/search/index";
import { StorageUnavailableError } from "./errors";
import { newUploadId } from "./datasets";
import { openDbAtVersion1, openDbAtVersion2 } from "./migrations";
import {
  DB_VERSION,
  type EpochMetrics,
  type EpochRecord,
  type StudyRecord,
  type StudyRecordV1,
  type TrialRecord,
  type TrialRecordV1,
} from "./schema";
import { openStudyDb } from "./study-db";
import { epochReport, newDataset, studyConfig, uniqueDbName } from "./test-fixtures";

afterEach(() => {
  vi.restoreAllMocks();
});

function metrics(epoch: number): EpochMetrics {
  const { boundary: _boundary, ...rest } = epochReport(epoch);
  return rest;
}

function v1Study(id: string, name: string, updatedAt: number, withEngine: boolean): StudyRecordV1 {
  const config = studyConfig(name);
  const engine = withEngine ? createEngine({ space: config.space, sampler: "qmc", seed: 2 }).toJSON() : null;
  return {
    id,
    name,
    createdAt: updatedAt - 100,
    updatedAt,
    status: withEngine ? "running" : "draft",
    config,
    engine,
    direction: "minimize",
    nextTrialNumber: withEngine ? 3 : 0,
    ...(withEngine ? { bestValue: 0.25, bestTrialNumber: 1 } : {}),
  };
}

function v1Trial(
  studyId: string,
  number: number,
  epochs: number,
  state: TrialRecordV1["state"],
): TrialRecordV1 {
  const trial: TrialRecordV1 = {
    studyId,
    number,
    params: { learningRate: 0.01 * (number + 1), layers: number + 1 },
    state,
    startedAt: 1000 + number,
    intermediate: Object.fromEntries(Array.from({ length: epochs }, (_, i) => [i + 1, 1 / (i + 1)])),
    epochs: Array.from({ length: epochs }, (_, i) => metrics(i + 1)),
  };
  if (state !== "running") {
    trial.endedAt = 2000 + number;
    trial.value = 0.25 * (number + 1);
  }
  return trial;
}

/** A version-1 database with two studies: one with three trials and their epochs, one draft. */
async function fillVersion1(name: string): Promise<{ studies: StudyRecordV1[]; trials: TrialRecordV1[] }> {
  const studies = [v1Study("study-a", "First", 5000, true), v1Study("study-b", "Draft", 6000, false)];
  const trials = [
    v1Trial("study-a", 0, 4, "complete"),
    v1Trial("study-a", 1, 3, "complete"),
    v1Trial("study-a", 2, 2, "running"),
  ];
  const old = await openDbAtVersion1(name);
  const tx = old.transaction(["studies", "trials"], "readwrite");
  await Promise.all([
    ...studies.map((s) => tx.objectStore("studies").put(s)),
    ...trials.map((t) => tx.objectStore("trials").put(t)),
    tx.done,
  ]);
  expect(old.version).toBe(1);
  expect([...old.objectStoreNames].sort()).toEqual(["studies", "trials"]);
  old.close();
  return { studies, trials };
}

describe("migration from version 1", () => {
  it("keeps every study, trial and epoch, moving epochs to their own store", async () => {
    const name = uniqueDbName("migrate");
    const { studies, trials } = await fillVersion1(name);

    const db = await openStudyDb(name);
    const list = await db.listStudies();
    expect(list.map((s) => s.id)).toEqual(["study-b", "study-a"]);

    for (const old of studies) {
      const study = await db.getStudy(old.id);
      const count = trials.filter((t) => t.studyId === old.id).length;
      expect(study).toEqual({
        ...old,
        datasetLabel: old.config.base.dataset,
        samplerName: old.engine ? "qmc" : "",
        trialCount: count,
      });
    }

    const stored = await db.getTrials("study-a");
    expect(stored).toHaveLength(3);
    for (const old of trials) {
      const { epochs, ...rest } = old;
      expect(stored[old.number]).toEqual({ ...rest, workerIndex: null });
      expect(stored[old.number]).not.toHaveProperty("epochs");
      const movedEpochs = await db.getEpochs("study-a", old.number);
      expect(movedEpochs).toEqual(epochs.map((e) => ({ ...e, studyId: "study-a", trialNumber: old.number })));
    }
    expect(await db.getAllEpochs("study-a")).toHaveLength(4 + 3 + 2);

    // The migrated database works like a new one: numbering goes on from version 1's counter.
    const next = await db.startTrial("study-a", { params: {}, workerIndex: 0 });
    expect(next.number).toBe(3);
    expect(await db.markInterruptedTrials("study-a")).toEqual([2, 3]);
    db.close();

    const raw = await openDB(name);
    expect(raw.version).toBe(DB_VERSION);
    expect([...raw.objectStoreNames].sort()).toEqual(["datasets", "epochs", "studies", "trials"]);
    raw.close();
  });

  it("goes on through version 3: the migrated database stores uploads too", async () => {
    const name = uniqueDbName("migrate-1-3");
    await fillVersion1(name);
    const db = await openStudyDb(name);
    const id = newUploadId();
    await db.saveDataset(newDataset(id));
    expect((await db.listDatasets()).map((d) => d.id)).toEqual([id]);
    expect(await db.getTrials("study-a")).toHaveLength(3);
    db.close();
  });

  it("migrates an empty version-1 database", async () => {
    const name = uniqueDbName("migrate-empty");
    (await openDbAtVersion1(name)).close();
    const db = await openStudyDb(name);
    expect(await db.listStudies()).toEqual([]);
    db.close();
  });

  it("leaves the version-1 database as it was when a migration step fails", async () => {
    const name = uniqueDbName("migrate-fail");
    const { studies, trials } = await fillVersion1(name);
    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, "put").mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === "epochs") throw new DOMException("Simulated failure", "UnknownError");
      return realPut.apply(this, args);
    });
    const error = await openStudyDb(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as StorageUnavailableError).reason).toBe("upgrade-failed");
    expect((error as Error).message).toBe(
      "History is off: the saved history could not be upgraded to this version of Tunelab (Simulated failure)",
    );
    vi.restoreAllMocks();

    const old = await openDbAtVersion1(name);
    expect(old.version).toBe(1);
    expect([...old.objectStoreNames].sort()).toEqual(["studies", "trials"]);
    expect(await old.getAll("studies")).toEqual(studies);
    expect(await old.getAll("trials")).toEqual(trials);
    old.close();

    // Once the cause is gone, the upgrade goes through.
    const db = await openStudyDb(name);
    expect(await db.getAllEpochs("study-a")).toHaveLength(9);
    db.close();
  });
});

/** A version-2 database with one study, two trials and their epochs. */
async function fillVersion2(
  name: string,
): Promise<{ study: StudyRecord; trials: TrialRecord[]; epochs: EpochRecord[] }> {
  const config = studyConfig("Second");
  const study: StudyRecord = {
    id: "study-v2",
    name: "Second",
    createdAt: 7000,
    updatedAt: 7100,
    status: "finished",
    config,
    engine: createEngine({ space: config.space, sampler: "random", seed: 4 }).toJSON(),
    direction: "minimize",
    nextTrialNumber: 2,
    bestValue: 0.5,
    bestTrialNumber: 1,
    datasetLabel: "Spiral",
    samplerName: "random",
    trialCount: 2,
  };
  const trials: TrialRecord[] = [0, 1].map((number) => ({
    studyId: study.id,
    number,
    params: { learningRate: 0.1 / (number + 1) },
    state: number === 0 ? "pruned" : "complete",
    value: 1 / (number + 1),
    startedAt: 7000 + number,
    endedAt: 7050 + number,
    workerIndex: number,
    intermediate: { 1: 1 / (number + 1) },
  }));
  const epochs: EpochRecord[] = trials.flatMap((t) =>
    [1, 2].map((epoch) => ({ ...metrics(epoch), studyId: t.studyId, trialNumber: t.number })),
  );
  const old = await openDbAtVersion2(name);
  const tx = old.transaction(["studies", "trials", "epochs"], "readwrite");
  await Promise.all([
    tx.objectStore("studies").put(study),
    ...trials.map((t) => tx.objectStore("trials").put(t)),
    ...epochs.map((e) => tx.objectStore("epochs").put(e)),
    tx.done,
  ]);
  expect(old.version).toBe(2);
  expect([...old.objectStoreNames].sort()).toEqual(["epochs", "studies", "trials"]);
  old.close();
  return { study, trials, epochs };
}

describe("migration from version 2", () => {
  it("keeps every study, trial and epoch and adds an empty datasets store", async () => {
    const name = uniqueDbName("migrate-2");
    const { study, trials, epochs } = await fillVersion2(name);

    const db = await openStudyDb(name);
    expect(await db.getStudy(study.id)).toEqual(study);
    expect(await db.listStudies()).toHaveLength(1);
    expect(await db.getTrials(study.id)).toEqual(trials);
    expect(await db.getAllEpochs(study.id)).toEqual(epochs);
    expect(await db.listDatasets()).toEqual([]);

    const id = newUploadId();
    const saved = await db.saveDataset(newDataset(id, "wine.csv"));
    expect(await db.getDataset(id)).toEqual(saved);
    db.close();

    const raw = await openDB(name);
    expect(raw.version).toBe(DB_VERSION);
    expect([...raw.objectStoreNames].sort()).toEqual(["datasets", "epochs", "studies", "trials"]);
    expect([...raw.transaction("datasets").store.indexNames]).toEqual(["by-createdAt"]);
    raw.close();
  });

  it("keeps uploads across a reopen", async () => {
    const name = uniqueDbName("reopen");
    await fillVersion2(name);
    const first = await openStudyDb(name);
    const id = newUploadId();
    await first.saveDataset(newDataset(id));
    first.close();
    const second = await openStudyDb(name);
    expect((await second.getDataset(id))?.arrays.classNames).toEqual(["setosa", "versicolor", "virginica"]);
    second.close();
  });

  it("leaves the version-2 database as it was when the step fails", async () => {
    const name = uniqueDbName("migrate-2-fail");
    const { study, trials, epochs } = await fillVersion2(name);
    const realCreate = IDBDatabase.prototype.createObjectStore;
    vi.spyOn(IDBDatabase.prototype, "createObjectStore").mockImplementation(function (
      this: IDBDatabase,
      ...args
    ) {
      if (args[0] === "datasets") throw new DOMException("Simulated failure", "UnknownError");
      return realCreate.apply(this, args);
    });
    const error = await openStudyDb(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as StorageUnavailableError).reason).toBe("upgrade-failed");
    vi.restoreAllMocks();

    const old = await openDbAtVersion2(name);
    expect(old.version).toBe(2);
    expect([...old.objectStoreNames].sort()).toEqual(["epochs", "studies", "trials"]);
    expect(await old.getAll("studies")).toEqual([study]);
    expect(await old.getAll("trials")).toEqual(trials);
    expect(await old.getAll("epochs")).toEqual(epochs);
    old.close();

    const db = await openStudyDb(name);
    expect(await db.listDatasets()).toEqual([]);
    db.close();
  });
});
