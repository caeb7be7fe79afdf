import "fake-indexeddb/auto";
import { openDB } from "idb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StorageFullError, StorageUnavailableError, isQuotaError } from "./errors";
import { openDbAtVersion1 } from "./migrations";
import { openStudyDb } from "./study-db";
import { epochReport, studyConfig, uniqueDbName } from "./test-fixtures";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

async function unavailable(promise: Promise<unknown>): Promise<StorageUnavailableError> {
  const error = await promise.then(
    () => new Error("expected the history to be unavailable"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageUnavailableError);
  return error as StorageUnavailableError;
}

/** Makes put/add on the store `storeName` throw QuotaExceededError, as a full disk does. */
function fillDisk(storeName: string): void {
  for (const method of ["put", "add"] as const) {
    const real = IDBObjectStore.prototype[method];
    vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === storeName)
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return real.apply(this, args);
    });
  }
}

describe("history unavailable", () => {
  it("says so when there is no IndexedDB", async () => {
    vi.stubGlobal("indexedDB", undefined);
    const error = await unavailable(openStudyDb(uniqueDbName("none")));
    expect(error.reason).toBe("unsupported");
    expect(error.message).toBe("History is off: this browser does not allow storage here");
  });

  it("says so when the browser refuses to open it", async () => {
    const refusal = new DOMException("The operation is insecure.", "SecurityError");
    vi.spyOn(indexedDB, "open").mockImplementation(() => {
      throw refusal;
    });
    const error = await unavailable(openStudyDb(uniqueDbName("refused")));
    expect(error.reason).toBe("denied");
    expect(error.message).toBe("History is off: this browser does not allow storage here");
    expect(error.cause).toBe(refusal);
  });

  it("says so when the database is newer than the page", async () => {
    const name = uniqueDbName("newer");
    (await openDB(name, 9)).close();
    const error = await unavailable(openStudyDb(name));
    expect(error.reason).toBe("newer-version");
    expect(error.message).toContain("written by a newer version of Tunelab");
  });

  it("says so when another tab holds an older version open, and recovers once it is closed", async () => {
    const name = uniqueDbName("blocked");
    const oldTab = await openDbAtVersion1(name);
    await oldTab.put("studies", {
      id: "study-old",
      name: "Old",
      createdAt: 1,
      updatedAt: 2,
      status: "draft",
      config: studyConfig("Old"),
      engine: null,
      direction: "minimize",
      nextTrialNumber: 0,
    });
    const error = await unavailable(openStudyDb(name));
    expect(error.reason).toBe("blocked");
    expect(error.message).toContain("another Tunelab tab has an older version of the saved history open");
    oldTab.close();
    // The blocked open goes through in the background and is closed again; a new open works.
    const db = await openStudyDb(name);
    expect((await db.listStudies()).map((s) => s.name)).toEqual(["Old"]);
    db.close();
  });

  it("steps aside when a newer version is opened elsewhere, and reports it", async () => {
    const name = uniqueDbName("versionchange");
    const lost: StorageUnavailableError[] = [];
    const db = await openStudyDb(name, { onUnavailable: (e) => lost.push(e) });
    const s = await db.createStudy({ config: studyConfig(), datasetLabel: "Spiral" });
    const newer = await openDB(name, 9);
    expect(newer.version).toBe(9);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBe("closed");
    expect(db.isOpen).toBe(false);
    const error = await unavailable(db.getStudy(s.id));
    expect(error.reason).toBe("closed");
    newer.close();
  });
});

describe("storage full", () => {
  it("recognises quota errors by name", () => {
    expect(isQuotaError(new DOMException("x", "QuotaExceededError"))).toBe(true);
    expect(isQuotaError({ name: "NS_ERROR_DOM_QUOTA_REACHED" })).toBe(true);
    expect(isQuotaError(new DOMException("x", "AbortError"))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });

  it("names what could not be saved, and keeps nothing of that write", async () => {
    const db = await openStudyDb(uniqueDbName("full"));
    const s = await db.createStudy({ config: studyConfig("Moons"), datasetLabel: "Moons" });
    await db.startTrial(s.id, { params: {}, workerIndex: 0 });
    await db.appendEpoch(s.id, 0, epochReport(1), 0.5);

    fillDisk("epochs");
    const epochError = await db.appendEpoch(s.id, 0, epochReport(2), 0.4).catch((e: unknown) => e);
    expect(epochError).toBeInstanceOf(StorageFullError);
    expect((epochError as StorageFullError).message).toBe(
      "Storage is full: could not save epoch 2 of trial 0. Delete old studies to free space.",
    );
    expect((epochError as StorageFullError).cause).toBeInstanceOf(DOMException);
    vi.restoreAllMocks();
    expect((await db.getEpochs(s.id, 0)).map((e) => e.epoch)).toEqual([1]);
    expect((await db.getTrials(s.id))[0].intermediate).toEqual({ 1: 0.5 });

    fillDisk("studies");
    await expect(db.createStudy({ config: studyConfig("Circle"), datasetLabel: "Circle" })).rejects.toThrow(
      'Storage is full: could not save the new study "Circle".',
    );
    await expect(db.startTrial(s.id, { params: {}, workerIndex: 1 })).rejects.toThrow(
      "Storage is full: could not save a new trial.",
    );
    await expect(db.finishTrial(s.id, 0, { state: "complete", value: 0.4 })).rejects.toThrow(
      "Storage is full: could not save the result of trial 0.",
    );
    await expect(db.renameStudy(s.id, "Moons 2")).rejects.toThrow(
      'Storage is full: could not save the study "Moons 2".',
    );
    vi.restoreAllMocks();
    // The trial was neither added nor finished, and the counters did not move.
    expect((await db.listStudies()).map((x) => x.name)).toEqual(["Moons"]);
    expect(await db.getTrials(s.id)).toMatchObject([{ number: 0, state: "running" }]);
    expect(await db.getStudy(s.id)).toMatchObject({ nextTrialNumber: 1, trialCount: 1 });
    db.close();
  });

  it("explains a value that cannot be stored", async () => {
    const db = await openStudyDb(uniqueDbName("clone"));
    const config = { ...studyConfig("Proxy"), seed: (() => 1) as unknown as number };
    await expect(db.createStudy({ config, datasetLabel: "x" })).rejects.toThrow(
      'Could not save the new study "Proxy": it holds a value IndexedDB cannot store',
    );
    expect(await db.listStudies()).toEqual([]);
    db.close();
  });
});
