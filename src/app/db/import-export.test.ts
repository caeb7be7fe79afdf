import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StorageFullError } from "./errors";
import type { StudyBundle } from "./schema";
import { openStudyDb, type StudyDb } from "./study-db";
import { epochReport, steppingClock, studyConfig, uniqueDbName } from "./test-fixtures";

let db: StudyDb;

beforeEach(async () => {
  db = await openStudyDb(uniqueDbName("import"), { now: steppingClock() });
});

afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

/** A study with three trials (complete, pruned, running) and their epochs, exported. */
async function exportedStudy(): Promise<StudyBundle> {
  const s = await db.createStudy({ config: studyConfig("Exported"), datasetLabel: "Spiral" });
  await db.updateStudy(s.id, { status: "running" });
  for (let t = 0; t < 3; t++) {
    await db.startTrial(s.id, { params: { learningRate: 0.1 * (t + 1) }, workerIndex: t });
    for (let e = 1; e <= 3; e++) await db.appendEpoch(s.id, t, epochReport(e, (t + 1) / e), (t + 1) / e);
  }
  await db.finishTrial(s.id, 0, { state: "complete", value: 1 / 3 });
  await db.finishTrial(s.id, 1, { state: "pruned", value: 2 / 3, reason: "median" });
  const bundle = await db.exportStudy(s.id);
  if (!bundle) throw new Error("export returned nothing");
  return bundle;
}

async function storedCounts(): Promise<{ studies: number; trials: number; epochs: number }> {
  const studies = await db.listStudies();
  let trials = 0;
  let epochs = 0;
  for (const s of studies) {
    trials += (await db.getTrials(s.id)).length;
    epochs += (await db.getAllEpochs(s.id)).length;
  }
  return { studies: studies.length, trials, epochs };
}

describe("export and import", () => {
  it("exports a study with all its trials and epochs", async () => {
    const bundle = await exportedStudy();
    expect(bundle.study.name).toBe("Exported");
    expect(bundle.trials.map((t) => t.state)).toEqual(["complete", "pruned", "running"]);
    expect(bundle.epochs).toHaveLength(9);
    expect(await db.exportStudy("study-nope")).toBeUndefined();
  });

  it("imports into an empty database under the same id", async () => {
    const bundle = await exportedStudy();
    const other = await openStudyDb(uniqueDbName("import-target"));
    const imported = await other.importStudy(bundle);
    expect(imported.id).toBe(bundle.study.id);
    expect(imported.status).toBe("paused");
    expect(imported).toMatchObject({
      trialCount: 3,
      nextTrialNumber: 3,
      bestValue: 1 / 3,
      bestTrialNumber: 0,
    });
    const trials = await other.getTrials(imported.id);
    expect(trials.map((t) => t.state)).toEqual(["complete", "pruned", "interrupted"]);
    expect(trials[2].reason).toBe("It was running when the study was exported");
    expect(trials.slice(0, 2)).toEqual(bundle.trials.slice(0, 2));
    expect(await other.getAllEpochs(imported.id)).toEqual(bundle.epochs);
    other.close();
  });

  it("gives the import a new id when the id is taken, leaving the original alone", async () => {
    const bundle = await exportedStudy();
    const imported = await db.importStudy(bundle);
    expect(imported.id).not.toBe(bundle.study.id);
    const copyEpochs = await db.getAllEpochs(imported.id);
    expect(copyEpochs).toHaveLength(9);
    expect(copyEpochs.every((e) => e.studyId === imported.id)).toBe(true);
    expect((await db.getTrials(imported.id)).every((t) => t.studyId === imported.id)).toBe(true);
    expect(await db.getTrials(bundle.study.id)).toEqual(bundle.trials);
    expect(await storedCounts()).toEqual({ studies: 2, trials: 6, epochs: 18 });
  });

  it("recomputes the counters and the best trial from the trials", async () => {
    const bundle = await exportedStudy();
    const tampered: StudyBundle = {
      ...bundle,
      study: { ...bundle.study, nextTrialNumber: 0, trialCount: 99, bestValue: -5, bestTrialNumber: 7 },
    };
    const imported = await db.importStudy(tampered);
    expect(imported).toMatchObject({
      nextTrialNumber: 3,
      trialCount: 3,
      bestValue: 1 / 3,
      bestTrialNumber: 0,
    });
    const next = await db.startTrial(imported.id, { params: {}, workerIndex: 0 });
    expect(next.number).toBe(3);
  });

  it("stores nothing when a record fails midway (a duplicate epoch after everything else)", async () => {
    const bundle = await exportedStudy();
    await db.deleteStudy(bundle.study.id);
    const bad: StudyBundle = { ...bundle, epochs: [...bundle.epochs, bundle.epochs[4]] };
    await expect(db.importStudy(bad)).rejects.toThrow(
      "The imported study has two records of epoch 2 of trial 1",
    );
    expect(await storedCounts()).toEqual({ studies: 0, trials: 0, epochs: 0 });
    expect(await db.getStudy(bundle.study.id)).toBeUndefined();
  });

  it("stores nothing when the disk fills up midway, and says what could not be saved", async () => {
    const bundle = await exportedStudy();
    await db.deleteStudy(bundle.study.id);
    const realAdd = IDBObjectStore.prototype.add;
    let epochWrites = 0;
    vi.spyOn(IDBObjectStore.prototype, "add").mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === "epochs" && ++epochWrites === 5)
        throw new DOMException("Quota exceeded", "QuotaExceededError");
      return realAdd.apply(this, args);
    });
    const error = await db.importStudy(bundle).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as StorageFullError).message).toBe(
      'Storage is full: could not save the imported study "Exported". Delete old studies to free space.',
    );
    expect(epochWrites).toBe(5);
    vi.restoreAllMocks();
    expect(await storedCounts()).toEqual({ studies: 0, trials: 0, epochs: 0 });
  });

  it("rejects a malformed bundle naming the bad record, before writing anything", async () => {
    const bundle = await exportedStudy();
    await db.deleteStudy(bundle.study.id);
    const badState = {
      ...bundle,
      trials: bundle.trials.map((t, i) => (i === 1 ? { ...t, state: "odd" } : t)),
    };
    await expect(db.importStudy(badState as never)).rejects.toThrow(
      'Trial at position 1 of the study to import: unknown state "odd"',
    );
    const orphan = { ...bundle, epochs: [...bundle.epochs, { ...bundle.epochs[0], trialNumber: 42 }] };
    await expect(db.importStudy(orphan)).rejects.toThrow(
      "Epoch record at position 9 of the study to import: belongs to trial 42, which the study does not have",
    );
    await expect(db.importStudy({ ...bundle, trials: undefined } as never)).rejects.toThrow(
      "The study to import has no trial list",
    );
    await expect(db.importStudy(null as never)).rejects.toThrow(
      "A study to import must be an object, got null",
    );
    expect(await storedCounts()).toEqual({ studies: 0, trials: 0, epochs: 0 });
  });
});
