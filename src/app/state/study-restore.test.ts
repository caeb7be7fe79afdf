import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { createStudy as createEngine } from "../../core/search/index";
import { objectiveCurve } from "../../core/study/study-config";
import { openStudyDb, type StudyDb } from "../db/index";
import { epochReport, uniqueDbName } from "../db/test-fixtures";
import { RELOAD_REASON, restoreStudy } from "./study-restore";
import { StudyStore } from "./study-store";
import { smallStudyConfig } from "./study-test-fakes";

// The engine's state is saved with the trials in each save (histories written before that hold it
// as of the last trial's end only), and a trial's intermediate values with its end: a reload while
// a trial runs must still give a study that resumes without reusing a number, with the
// interrupted trial's curve.

let db: StudyDb;

/** The search engine a study of `config` starts with. */
const engineOf = (config: ReturnType<typeof smallStudyConfig>) =>
  createEngine({
    space: config.space,
    sampler: config.sampler,
    pruner: config.pruner,
    direction: config.objective.direction,
    seed: config.seed,
  });
afterEach(() => db?.close());

describe("restoreStudy after a reload in the middle of a trial", () => {
  it("adds the trials started after the engine's last save to it as failed, and rebuilds their curves from the epochs", async () => {
    db = await openStudyDb(uniqueDbName("restore"));
    const config = smallStudyConfig();
    const store = new StudyStore(db, null, () => {}, null);
    const id = (await store.create(config, "Circle", "running"))!;
    const engine = engineOf(config);
    const first = engine.ask();
    store.startTrial(first.number, first.params, 0);
    store.appendEpoch(first.number, epochReport(1, 0.8), 0.8);
    engine.tell(first.number, 0.8);
    // As an older page saved it: the engine's state as of trial 0's end, without the later start.
    const atEnd = engine.toJSON();
    store.finishTrial(first.number, { state: "complete", value: 0.8 }, () => atEnd);
    // Trial 1 starts after the engine's last save, and has two epochs saved when the page goes away.
    const second = engine.ask();
    store.startTrial(second.number, second.params, 1);
    const reports = [epochReport(1, 0.9), epochReport(2, 0.95)];
    for (const r of reports) store.appendEpoch(second.number, r, 0);
    await store.idle();
    expect((await db.getStudy(id))?.engine?.trials).toHaveLength(1);

    const restored = await restoreStudy(db, id);
    expect(restored.problem).toBeNull();
    expect(restored.interrupted).toEqual([1]);
    expect(restored.engine?.trials.map((t) => [t.number, t.state, t.reason])).toEqual([
      [0, "complete", undefined],
      [1, "failed", RELOAD_REASON],
    ]);
    expect(restored.engine?.trials[1].params).toEqual(second.params);
    expect(restored.engine?.ask().number).toBe(2);
    const curve = objectiveCurve(reports, config.objective);
    expect(restored.trials[1].intermediate).toEqual({ 1: curve[0], 2: curve[1] });
    expect(restored.trials[0].intermediate).toEqual({ 1: 0.8 });
    // The caught-up engine is saved, so the next load finds nothing to add.
    expect((await db.getStudy(id))?.engine?.trials).toHaveLength(2);
    store.dispose();
  });

  it("with repair off, reads a running study as it is: nothing marked or written, running curves from the epochs", async () => {
    db = await openStudyDb(uniqueDbName("restore-readonly"));
    const config = smallStudyConfig();
    const store = new StudyStore(db, null, () => {}, null);
    const id = (await store.create(config, "Circle", "running"))!;
    const engine = engineOf(config);
    const first = engine.ask();
    store.startTrial(first.number, first.params, 0);
    const reports = [epochReport(1, 0.7), epochReport(2, 0.75)];
    for (const r of reports) store.appendEpoch(first.number, r, 0);
    await store.idle();
    const before = await db.getStudy(id);

    const seen = await restoreStudy(db, id, { repair: false });
    expect(seen.status).toBe("running");
    expect(seen.interrupted).toEqual([]);
    expect(seen.trials.map((t) => [t.number, t.state])).toEqual([[0, "running"]]);
    const curve = objectiveCurve(reports, config.objective);
    expect(seen.trials[0].intermediate).toEqual({ 1: curve[0], 2: curve[1] });
    // The history is untouched: the study still runs, its trial too.
    expect(await db.getStudy(id)).toEqual(before);
    expect((await db.getTrials(id)).map((t) => t.state)).toEqual(["running"]);

    // The tab that runs it ends the trial; a repairing open afterwards sees it complete.
    engine.tell(first.number, 0.75);
    store.finishTrial(first.number, { state: "complete", value: 0.75 }, () => engine.toJSON());
    await store.idle();
    const repaired = await restoreStudy(db, id);
    expect(repaired.interrupted).toEqual([]);
    expect(repaired.status).toBe("paused");
    store.dispose();
  });

  it("a save holds the engine's state with the trials it started: the running ones become failed, the next number is new", async () => {
    db = await openStudyDb(uniqueDbName("restore-saved-running"));
    const config = smallStudyConfig();
    const store = new StudyStore(db, null, () => {}, null);
    const id = (await store.create(config, "Circle", "running"))!;
    const engine = engineOf(config);
    const snapshot = () => engine.toJSON();
    const first = engine.ask();
    store.startTrial(first.number, first.params, 0);
    engine.report(first.number, 1, 0.6);
    store.appendEpoch(first.number, epochReport(1, 0.6), 0.6);
    engine.tell(first.number, 0.6);
    store.finishTrial(first.number, { state: "complete", value: 0.6 }, snapshot);
    const second = engine.ask();
    store.startTrial(second.number, second.params, 1);
    engine.report(second.number, 1, 0.9);
    store.appendEpoch(second.number, epochReport(1, 0.9), 0.9);
    // The page goes away after this save, with trial 1 running.
    await store.idle();
    store.dispose();
    expect((await db.getStudy(id))?.engine?.trials.map((t) => t.state)).toEqual(["complete", "running"]);

    const restored = await restoreStudy(db, id);
    expect(restored.problem).toBeNull();
    expect(restored.status).toBe("paused");
    expect(restored.interrupted).toEqual([1]);
    expect(restored.engine?.trials.map((t) => [t.number, t.state, t.reason])).toEqual([
      [0, "complete", undefined],
      [1, "failed", RELOAD_REASON],
    ]);
    expect(restored.trials.map((t) => [t.number, t.state])).toEqual([
      [0, "complete"],
      [1, "interrupted"],
    ]);
    expect(restored.engine?.ask().number).toBe(2);
  });
});
