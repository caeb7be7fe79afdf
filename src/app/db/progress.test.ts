import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openDB } from "idb";
import { createStudy as createEngine } from "../../core/search/index";
import { StorageFullError } from "./errors";
import { describeProgress } from "./progress";
import { openStudyDb, type StudyDb } from "./study-db";
import { epochReport, steppingClock, studyConfig, uniqueDbName } from "./test-fixtures";

// A running study's progress (trials started, epochs, trials ended, engine state, status) saved in
// one transaction, all or nothing.

let db: StudyDb;

beforeEach(async () => {
  db = await openStudyDb(uniqueDbName("progress"), { now: steppingClock() });
});

afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

const engineJson = () => createEngine({ space: studyConfig().space, seed: 3 }).toJSON();

async function newStudy(): Promise<string> {
  return (await db.createStudy({ config: studyConfig(), datasetLabel: "Spiral", status: "running" })).id;
}

/** Runs `body` on a database of its own (which it may open raw by `name`) holding one running study. */
async function withOwnStudy(
  label: string,
  body: (own: StudyDb, id: string, name: string) => Promise<void>,
): Promise<void> {
  const name = uniqueDbName(label);
  const own = await openStudyDb(name, { now: steppingClock() });
  try {
    const { id } = await own.createStudy({
      config: studyConfig(),
      datasetLabel: "Spiral",
      status: "running",
    });
    await body(own, id, name);
  } finally {
    own.close();
  }
}

describe("saveProgress", () => {
  it("stores the engine state as its text, reads it back as the state, and returns the study's summary", async () => {
    await withOwnStudy("progress-engine-text", async (own, id, name) => {
      const engine = createEngine({ space: studyConfig().space, seed: 3 });
      const t = engine.ask();
      engine.report(t.number, 1, 0.5);
      engine.tell(t.number, 0.5);
      const saved = await own.saveProgress(id, {
        starts: [{ number: t.number, params: t.params, workerIndex: 0 }],
        ends: [{ trialNumber: t.number, state: "complete", value: 0.5, intermediate: { 1: 0.5 } }],
        engine: engine.toJSON(),
      });
      expect(saved).toMatchObject({ id, trialCount: 1, bestValue: 0.5, bestTrialNumber: 0 });
      expect(saved).not.toHaveProperty("engine");
      expect(saved).not.toHaveProperty("config");
      const raw = await openDB(name);
      try {
        const stored = await raw.get("studies", id);
        expect(typeof stored.engine).toBe("string");
        expect((await own.getStudy(id))?.engine).toEqual(engine.toJSON());
        expect((await own.exportStudy(id))?.study.engine).toEqual(engine.toJSON());
        // A record as version 4 stored it (the state as an object) reads as it is.
        await raw.put("studies", { ...stored, engine: engine.toJSON() });
        expect((await own.getStudy(id))?.engine).toEqual(engine.toJSON());
        await raw.put("studies", { ...stored, engine: '{"format":' });
        await expect(own.getStudy(id)).rejects.toThrow(/The saved search state of study ".*" is damaged/);
      } finally {
        raw.close();
      }
    });
  });

  it("stores a trial's epochs of one save as one record, and reads them back one by one", async () => {
    await withOwnStudy("progress-runs", async (own, id, name) => {
      await own.saveProgress(id, {
        starts: [{ number: 0, params: { lr: 0.1 }, workerIndex: 0 }],
        epochs: [{ trialNumber: 0, epochs: [epochReport(1), epochReport(2), epochReport(3)] }],
      });
      await own.saveProgress(id, { epochs: [{ trialNumber: 0, epochs: [epochReport(4), epochReport(5)] }] });
      const raw = await openDB(name);
      try {
        const stored = await raw.getAll("epochs");
        expect(
          stored.map((r) => [r.epoch, Array.from(r.packed?.stepCounts ?? []).length, "more" in r]),
        ).toEqual([
          [1, 2, false],
          [4, 1, false],
        ]);
        expect(stored[0].packed.values).toBeInstanceOf(Float64Array);
        // A run as version 4 stored it (its next epochs listed in `more`) reads back the same way.
        const { boundary: _b6, ...six } = epochReport(6);
        const { boundary: _b7, ...seven } = epochReport(7);
        await raw.add("epochs", { ...six, studyId: id, trialNumber: 0, more: [seven] });
      } finally {
        raw.close();
      }
      const expected = [1, 2, 3, 4, 5, 6, 7].map((n) => {
        const { boundary: _b, ...metrics } = epochReport(n);
        return { ...metrics, studyId: id, trialNumber: 0 };
      });
      expect(await own.getAllEpochs(id)).toEqual(expected);
      expect(await own.getEpochs(id, 0)).toEqual(expected);
      expect((await own.exportStudy(id))!.epochs).toEqual(expected);
      // A run that starts on an epoch already saved is refused, naming it.
      await expect(
        own.saveProgress(id, { epochs: [{ trialNumber: 0, epochs: [epochReport(4), epochReport(6)] }] }),
      ).rejects.toThrow(/Epoch 4 of trial 0 was already saved/);
    });
  });

  it("saves starts, epochs, ends, the best trial, the engine and the status together", async () => {
    const id = await newStudy();
    const engine = engineJson();
    const study = await db.saveProgress(id, {
      starts: [
        { number: 0, params: { lr: 0.1 }, workerIndex: 0, startedAt: 100 },
        { number: 1, params: { lr: 0.2 }, workerIndex: 1, startedAt: 101 },
        { number: 2, params: { lr: 0.3 }, workerIndex: 0, startedAt: 150 },
      ],
      epochs: [
        { trialNumber: 0, epochs: [epochReport(1), epochReport(2)] },
        { trialNumber: 2, epochs: [epochReport(1)] },
      ],
      ends: [
        { trialNumber: 1, state: "complete", value: 0.4, intermediate: { 1: 0.5 }, endedAt: 140 },
        { trialNumber: 0, state: "complete", value: 0.4, endedAt: 149 },
      ],
      engine,
    });
    expect(study).toMatchObject({ nextTrialNumber: 3, trialCount: 3, bestValue: 0.4, bestTrialNumber: 1 });
    const trials = await db.getTrials(id);
    expect(trials.map((t) => [t.number, t.state, t.startedAt, t.endedAt, t.value])).toEqual([
      [0, "complete", 100, 149, 0.4],
      [1, "complete", 101, 140, 0.4],
      [2, "running", 150, undefined, undefined],
    ]);
    expect(trials[1].intermediate).toEqual({ 1: 0.5 });
    expect((await db.getAllEpochs(id)).map((e) => [e.trialNumber, e.epoch, "boundary" in e])).toEqual([
      [0, 1, false],
      [0, 2, false],
      [2, 1, false],
    ]);
    expect((await db.getStudy(id))?.engine).toEqual(engine);

    // A later save ends a trial started earlier, with its last epochs, and the study's status.
    await db.saveProgress(id, {
      epochs: [{ trialNumber: 2, epochs: [epochReport(2)] }],
      ends: [{ trialNumber: 2, state: "pruned", value: 0.9, reason: "pruned at epoch 2" }],
      status: "finished",
    });
    const stored = await db.getStudy(id);
    expect(stored).toMatchObject({
      status: "finished",
      nextTrialNumber: 3,
      trialCount: 3,
      bestTrialNumber: 1,
    });
    expect((await db.getTrials(id))[2]).toMatchObject({ state: "pruned", reason: "pruned at epoch 2" });
    expect((await db.getEpochs(id, 2)).map((e) => e.epoch)).toEqual([1, 2]);
  });

  it("epochs alone leave the study record as it was", async () => {
    const id = await newStudy();
    await db.saveProgress(id, { starts: [{ number: 0, params: {}, workerIndex: 0 }] });
    const before = await db.getStudy(id);
    await db.saveProgress(id, { epochs: [{ trialNumber: 0, epochs: [epochReport(1)] }] });
    expect(await db.getStudy(id)).toEqual(before);
  });

  it("keeps nothing of a save that fails, and says which trial and why", async () => {
    const id = await newStudy();
    await db.saveProgress(id, { starts: [{ number: 0, params: {}, workerIndex: 0 }] });
    const before = await db.getStudy(id);
    await expect(
      db.saveProgress(id, {
        starts: [{ number: 1, params: {}, workerIndex: 1 }],
        epochs: [{ trialNumber: 0, epochs: [epochReport(1)] }],
        ends: [{ trialNumber: 7, state: "complete", value: 1 }],
        engine: engineJson(),
      }),
    ).rejects.toThrow(/has no trial 7/);
    expect(await db.getStudy(id)).toEqual(before);
    expect((await db.getTrials(id)).map((t) => t.number)).toEqual([0]);
    expect(await db.getAllEpochs(id)).toEqual([]);

    await expect(
      db.saveProgress(id, { starts: [{ number: 0, params: {}, workerIndex: 0 }] }),
    ).rejects.toThrow(/Trial number 0 of study "Spiral study" is already used \(the next free number is 1\)/);
    await db.saveProgress(id, { ends: [{ trialNumber: 0, state: "failed", reason: "diverged" }] });
    await expect(
      db.saveProgress(id, { epochs: [{ trialNumber: 0, epochs: [epochReport(3)] }] }),
    ).rejects.toThrow("Cannot save epoch 3 of trial 0: the trial has ended (failed)");
    await expect(
      db.saveProgress(id, { ends: [{ trialNumber: 0, state: "complete", value: 1 }] }),
    ).rejects.toThrow('Trial 0 of study "Spiral study" has already ended (failed)');
  });

  it("refuses bad parts before anything is written, naming the trial and the value", async () => {
    const id = await newStudy();
    await expect(db.saveProgress(id, { ends: [{ trialNumber: 0, state: "complete" }] })).rejects.toThrow(
      /The value of trial 0 \(complete\)/,
    );
    await expect(
      db.saveProgress(id, {
        starts: [
          { number: 4, params: {}, workerIndex: 0 },
          { number: 4, params: {}, workerIndex: 1 },
        ],
      }),
    ).rejects.toThrow("Trial 4 is started twice in one save");
    await expect(
      db.saveProgress(id, { epochs: [{ trialNumber: 0, epochs: [epochReport(2), epochReport(1)] }] }),
    ).rejects.toThrow("Trial 0: epochs must be saved in increasing order, got 2 then 1");
    await expect(db.saveProgress(id, { status: "gone" as "running" })).rejects.toThrow(/gone/);
    expect((await db.getStudy(id))?.trialCount).toBe(0);
  });

  it("a full disk becomes StorageFullError naming what could not be saved", async () => {
    const id = await newStudy();
    const real = IDBObjectStore.prototype.add;
    vi.spyOn(IDBObjectStore.prototype, "add").mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === "trials")
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return real.apply(this, args);
    });
    const error = await db
      .saveProgress(id, {
        starts: [
          { number: 0, params: {}, workerIndex: 0 },
          { number: 1, params: {}, workerIndex: 1 },
        ],
        ends: [{ trialNumber: 0, state: "complete", value: 0.5 }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toBe(
      "Storage is full: could not save the starts of trials 0 and 1 and the result of trial 0. Delete old studies to free space.",
    );
    vi.restoreAllMocks();
    expect((await db.getStudy(id))?.trialCount).toBe(0);
  });
});

describe("describeProgress", () => {
  it("names what a save holds", () => {
    const start = (number: number) => ({ number, params: {}, workerIndex: 0 });
    expect(describeProgress({ starts: [start(5)] })).toBe("the start of trial 5");
    expect(
      describeProgress({
        starts: [3, 4, 5, 6, 7].map(start),
        ends: [{ trialNumber: 2, state: "complete", value: 1 }],
        epochs: [{ trialNumber: 2, epochs: [epochReport(1), epochReport(2)] }],
        status: "paused",
      }),
    ).toBe(
      "the starts of trials 3, 4, 5 and 2 more, the result of trial 2, 2 epochs of the running trials and the study's status (paused)",
    );
    expect(describeProgress({ engine: engineJson() })).toBe("the study's search state");
  });
});
