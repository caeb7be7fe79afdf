import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createStudy as createEngine } from "../../core/search/index";
import { openStudyDb, type StudyDb } from "../db/index";
import { epochReport, steppingClock, studyConfig, uniqueDbName } from "../db/test-fixtures";
import { SAVE_DELAY_MS, StudyStore } from "./study-store";

// The store saves a running study's progress in batches: trial starts, epochs and ends within
// SAVE_DELAY_MS, a status change at once, and at once when the page is hidden or left; never one
// transaction per trial or epoch, and the engine's state only when it saves.

let db: StudyDb;
let store: StudyStore;
let page: EventTarget;
const engineJson = () =>
  createEngine({ space: studyConfig().space, direction: "minimize", seed: 1 }).toJSON();

beforeEach(async () => {
  db = await openStudyDb(uniqueDbName("store"), { now: steppingClock() });
  page = new EventTarget();
  store = new StudyStore(db, null, () => {}, page);
  await store.create(studyConfig(), "Spiral", "running");
});

afterEach(() => {
  store.dispose();
  vi.useRealTimers();
  vi.restoreAllMocks();
  db.close();
});

/** Waits for the store's queued saves without saving what waits (idle() would). */
const settled = () => (store as unknown as { queue: Promise<void> }).queue;

describe("StudyStore", () => {
  it("saves a trial's start, epochs, intermediate values and end with the engine's state in one transaction", async () => {
    const saves = vi.spyOn(db, "saveProgress");
    const snapshot = vi.fn(engineJson);
    store.startTrial(0, { lr: 0.1 }, 0);
    for (let e = 1; e <= 3; e++) store.appendEpoch(0, epochReport(e), 1 / e);
    store.finishTrial(0, { state: "complete", value: 1 / 3 }, snapshot);
    await settled();
    // Nothing is written, nor the engine's state taken, before the save.
    expect(saves).not.toHaveBeenCalled();
    expect(snapshot).not.toHaveBeenCalled();
    await store.idle();
    expect(saves).toHaveBeenCalledTimes(1);
    expect(snapshot).toHaveBeenCalledTimes(1);
    const epochs = await db.getEpochs(store.studyId!, 0);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(epochs.every((e) => !("boundary" in e))).toBe(true);
    const [trial] = await db.getTrials(store.studyId!);
    expect(trial).toMatchObject({
      state: "complete",
      value: 1 / 3,
      params: { lr: 0.1 },
      workerIndex: 0,
      intermediate: { 1: 1, 2: 0.5, 3: 1 / 3 },
    });
    // Stamped when they happened (the history's clock), not when saved.
    expect(trial.endedAt! - trial.startedAt).toBe(1);
    expect(await db.getStudy(store.studyId!)).toMatchObject({
      engine: engineJson(),
      trialCount: 1,
      nextTrialNumber: 1,
      bestTrialNumber: 0,
    });
  });

  it("many trials share one save: starts, epochs and ends wait at most SAVE_DELAY_MS after the first of them", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const flushes = vi.spyOn(store, "flush");
    const saves = vi.spyOn(db, "saveProgress");
    const snapshot = vi.fn(engineJson);
    store.startTrial(0, {}, 1);
    vi.advanceTimersByTime(SAVE_DELAY_MS - 1);
    expect(flushes).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(flushes).toHaveBeenCalledTimes(1);
    // Epochs alone wait SAVE_DELAY_MS too.
    store.appendEpoch(0, epochReport(1), 1);
    vi.advanceTimersByTime(SAVE_DELAY_MS - 1);
    expect(flushes).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(flushes).toHaveBeenCalledTimes(2);
    // Later epochs, starts and ends join the save the first one scheduled, and do not push it back.
    store.appendEpoch(0, epochReport(2), 1);
    vi.advanceTimersByTime(SAVE_DELAY_MS - 10);
    store.startTrial(1, {}, 0);
    store.startTrial(2, {}, 1);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(8);
    for (let n = 1; n <= 2; n++) store.finishTrial(n, { state: "complete", value: n }, snapshot);
    store.appendEpoch(0, epochReport(3), 1);
    store.startTrial(3, {}, 0);
    vi.advanceTimersByTime(1);
    expect(flushes).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1);
    expect(flushes).toHaveBeenCalledTimes(3);
    expect(snapshot).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    await settled();
    expect(saves).toHaveBeenCalledTimes(3);
    const [, progress] = saves.mock.calls[2];
    expect(progress.starts?.map((s) => s.number)).toEqual([1, 2, 3]);
    expect(progress.ends?.map((e) => e.trialNumber)).toEqual([1, 2]);
    expect(store.problem).toBeNull();
    expect(progress.epochs).toEqual([
      {
        trialNumber: 0,
        epochs: [expect.objectContaining({ epoch: 2 }), expect.objectContaining({ epoch: 3 })],
      },
    ]);
    expect((await db.getTrials(store.studyId!)).map((t) => [t.number, t.state])).toEqual([
      [0, "running"],
      [1, "complete"],
      [2, "complete"],
      [3, "running"],
    ]);
  });

  it("saves a status change at once, with what waits", async () => {
    const saves = vi.spyOn(db, "saveProgress");
    store.startTrial(0, {}, 0);
    store.appendEpoch(0, epochReport(1), 1);
    store.finishTrial(0, { state: "complete", value: 1 }, engineJson);
    store.setStatus("finished", engineJson);
    await settled();
    expect(saves).toHaveBeenCalledTimes(1);
    expect(await db.getStudy(store.studyId!)).toMatchObject({ status: "finished", trialCount: 1 });
    expect((await db.getEpochs(store.studyId!, 0)).map((e) => e.epoch)).toEqual([1]);
  });

  it("saves at once when the page is hidden or left, beginning its transaction before the event returns", async () => {
    const saves = vi.spyOn(db, "saveProgress");
    store.startTrial(0, {}, 0);
    store.appendEpoch(0, epochReport(1), 1);
    page.dispatchEvent(new Event("pagehide"));
    expect(saves).toHaveBeenCalledTimes(1);
    await settled();
    expect((await db.getEpochs(store.studyId!, 0)).map((e) => e.epoch)).toEqual([1]);
    store.appendEpoch(0, epochReport(2), 0.5);
    page.dispatchEvent(new Event("beforeunload"));
    expect(saves).toHaveBeenCalledTimes(2);
    store.appendEpoch(0, epochReport(3), 0.25);
    await store.idle();
    expect((await db.getEpochs(store.studyId!, 0)).map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(saves).toHaveBeenCalledTimes(3);
  });

  it("a failed save turns the history off, names what it could not save, and drops what waits", async () => {
    const problems: string[] = [];
    const failing = new StudyStore(db, null, (m) => problems.push(m), page);
    await failing.create(studyConfig("Other"), "Spiral", "running");
    failing.appendEpoch(4, epochReport(1), 1);
    await failing.idle();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /could not save 1 epoch of the running trials: Study "study-[0-9a-f]+" has no trial 4\)\. The study goes on, but is no longer saved\.$/,
    );
    expect(failing.saving).toBe(false);
    const saves = vi.spyOn(db, "saveProgress");
    failing.startTrial(5, {}, 0);
    failing.appendEpoch(4, epochReport(2), 1);
    await failing.idle();
    expect(saves).not.toHaveBeenCalled();
    expect(problems).toHaveLength(1);
    failing.dispose();
  });

  it("a full disk says so in the person's words", async () => {
    const problems: string[] = [];
    const full = new StudyStore(db, null, (m) => problems.push(m), page);
    await full.create(studyConfig("Full"), "Spiral", "running");
    const real = IDBObjectStore.prototype.add;
    vi.spyOn(IDBObjectStore.prototype, "add").mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === "trials")
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return real.apply(this, args);
    });
    full.startTrial(0, {}, 0);
    await full.idle();
    expect(problems).toEqual([
      "Storage is full: could not save the start of trial 0. Delete old studies to free space. The study goes on, but is no longer saved.",
    ]);
    full.dispose();
  });
});
