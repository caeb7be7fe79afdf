import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createStudy as createEngine } from "../../core/search/index";
import { openStudyDb, type StudyDb } from "../db/index";
import { epochReport, steppingClock, studyConfig, uniqueDbName } from "../db/test-fixtures";
import { EPOCH_FLUSH_MS, StudyStore } from "./study-store";

// The store buffers epochs: they reach IndexedDB with the trial's end, on a timer while the trial
// runs, or when the page is hidden or left; never one transaction per epoch.

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
  db.close();
});

/** Waits for the store's queued writes without flushing its buffer (idle() would flush). */
const settled = () => (store as unknown as { queue: Promise<void> }).queue;

describe("StudyStore epochs", () => {
  it("writes a trial's epochs and intermediate values with its end, in one transaction", async () => {
    const writes = vi.spyOn(db, "appendEpoch");
    const batches = vi.spyOn(db, "appendEpochs");
    store.startTrial(0, { lr: 0.1 }, 0);
    for (let e = 1; e <= 3; e++) store.appendEpoch(0, epochReport(e), 1 / e);
    await settled();
    expect(await db.getAllEpochs(store.studyId!)).toEqual([]);
    store.finishTrial(0, { state: "complete", value: 1 / 3 }, engineJson());
    await settled();
    expect(writes).not.toHaveBeenCalled();
    expect(batches).not.toHaveBeenCalled();
    const epochs = await db.getEpochs(store.studyId!, 0);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(epochs.every((e) => !("boundary" in e))).toBe(true);
    const [trial] = await db.getTrials(store.studyId!);
    expect(trial).toMatchObject({
      state: "complete",
      value: 1 / 3,
      intermediate: { 1: 1, 2: 0.5, 3: 1 / 3 },
    });
    expect((await db.getStudy(store.studyId!))?.engine).toEqual(engineJson());
  });

  it("writes the running trials' epochs together once the flush interval has passed", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const flushes = vi.spyOn(store, "flushEpochs");
    const batches = vi.spyOn(db, "appendEpochs");
    store.startTrial(0, {}, 0);
    store.startTrial(1, {}, 1);
    store.appendEpoch(0, epochReport(1), 1);
    store.appendEpoch(1, epochReport(1), 1);
    store.appendEpoch(0, epochReport(2), 0.5);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(EPOCH_FLUSH_MS - 1);
    expect(flushes).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(flushes).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
    await settled();
    expect(batches).toHaveBeenCalledTimes(1);
    const all = await db.getAllEpochs(store.studyId!);
    expect(all.map((e) => [e.trialNumber, e.epoch])).toEqual([
      [0, 1],
      [0, 2],
      [1, 1],
    ]);
    // The trial records are not rewritten while the trials run; the end brings the whole curve.
    expect((await db.getTrials(store.studyId!)).map((t) => t.intermediate)).toEqual([{}, {}]);
    store.appendEpoch(0, epochReport(3), 0.25);
    store.finishTrial(0, { state: "complete", value: 0.25 }, engineJson());
    await settled();
    expect((await db.getEpochs(store.studyId!, 0)).map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect((await db.getTrials(store.studyId!))[0].intermediate).toEqual({ 1: 1, 2: 0.5, 3: 0.25 });
  });

  it("writes at once when the page is hidden or left, and idle() writes what waits", async () => {
    store.startTrial(0, {}, 0);
    store.appendEpoch(0, epochReport(1), 1);
    page.dispatchEvent(new Event("pagehide"));
    await settled();
    expect((await db.getEpochs(store.studyId!, 0)).map((e) => e.epoch)).toEqual([1]);
    store.appendEpoch(0, epochReport(2), 0.5);
    await store.idle();
    expect((await db.getEpochs(store.studyId!, 0)).map((e) => e.epoch)).toEqual([1, 2]);
  });

  it("a failed batch turns the history off, names what it could not save, and drops the buffer", async () => {
    const problems: string[] = [];
    const failing = new StudyStore(db, null, (m) => problems.push(m), page);
    await failing.create(studyConfig("Other"), "Spiral", "running");
    failing.appendEpoch(4, epochReport(1), 1);
    await failing.idle();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /could not save 1 epochs of the running trials: Study "study-[0-9a-f]+" has no trial 4/,
    );
    expect(failing.saving).toBe(false);
    failing.appendEpoch(4, epochReport(2), 1);
    await failing.idle();
    expect(problems).toHaveLength(1);
    failing.dispose();
  });
});
