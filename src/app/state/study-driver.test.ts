import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { openStudyDb, type StudyDb } from "../db/index";
import { uniqueDbName } from "../db/test-fixtures";
import { StudyDriver } from "./study-driver";
import { failureReason } from "./study-trial-run";
import { RELOAD_REASON, restoreStudy } from "./study-restore";
import { StudyStore } from "./study-store";
import { fakeTraining, smallStudyConfig, type FakeBehaviour } from "./study-test-fakes";
import type { StudyConfig } from "../../core/study/study-config";
import { WorkerCrashError } from "../bridge/worker-pool";

const open: StudyDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

async function history(): Promise<StudyDb> {
  const db = await openStudyDb(uniqueDbName("driver"));
  open.push(db);
  return db;
}

async function savedDriver(config: StudyConfig, behaviour?: (c: never, i: number) => FakeBehaviour) {
  const db = await history();
  const store = new StudyStore(db, null);
  const id = await store.create(config, "Circle", "running");
  const training = fakeTraining(behaviour as never);
  const driver = new StudyDriver({ config, store, createPool: training.createPool, onChange: () => {} });
  return { db, store, id: id!, training, driver };
}

const until = async (check: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`Timed out waiting for ${what}`);
};

describe("StudyDriver", () => {
  it("runs the budget on two workers, numbers 0..5, and saves every trial, epoch and the engine", async () => {
    const config = smallStudyConfig();
    const { db, id, training, driver } = await savedDriver(config);
    await driver.start();
    await driver.whenIdle();

    expect(driver.status).toBe("finished");
    expect(driver.endReason).toBe("budget");
    expect(driver.trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(driver.trials.every((t) => t.state === "complete" && t.epochs.length === 4)).toBe(true);
    expect(new Set(driver.trials.map((t) => t.worker))).toEqual(new Set([0, 1]));
    // Studies draw no decision boundary.
    expect(training.configs.every((c) => c.boundaryResolution === 0 && c.epochs === 4)).toBe(true);
    // The value is the best validation loss of the trial's epochs.
    for (const t of driver.trials) {
      expect(t.value).toBeCloseTo(Math.min(...t.epochs.map((e) => e.valLoss)), 12);
    }

    const saved = await db.getTrials(id);
    expect(saved.map((t) => [t.number, t.state])).toEqual(driver.trials.map((t) => [t.number, "complete"]));
    expect(await db.getAllEpochs(id)).toHaveLength(24);
    const record = await db.getStudy(id);
    expect(record?.status).toBe("finished");
    expect(record?.engine?.trials).toHaveLength(6);
    expect(record?.engine?.trials.every((t) => t.state === "complete")).toBe(true);
    expect(record?.bestTrialNumber).toBe(driver.study?.bestTrial?.number);
  });

  it("keeps the ended trials' array while only running trials change, so their charts redraw only when a trial ends", async () => {
    const config = smallStudyConfig();
    const training = fakeTraining();
    const seen: { trials: unknown; ended: unknown; endedCount: number }[] = [];
    const driver: StudyDriver = new StudyDriver({
      config,
      store: new StudyStore(null, "History is off: test"),
      createPool: training.createPool,
      onChange: () =>
        seen.push({
          trials: driver.trials,
          ended: driver.endedTrials,
          endedCount: driver.endedTrials.length,
        }),
    });
    await driver.start();
    expect(driver.endedTrials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(driver.endedTrials.every((t) => t.state !== "running")).toBe(true);
    const distinct = (key: "trials" | "ended") => new Set(seen.map((s) => s[key])).size;
    // Every epoch report makes a new trials array (24 epochs), but the ended trials change only
    // when one of the 6 trials ends (and once more for a final state change at most).
    expect(distinct("trials")).toBeGreaterThan(24);
    expect(distinct("ended")).toBeLessThanOrEqual(6 + 1);
    for (let i = 1; i < seen.length; i++) {
      if (seen[i].ended !== seen[i - 1].ended) expect(seen[i].endedCount).not.toBe(seen[i - 1].endedCount);
    }
  });

  it("stops a trial the pruner rejects at that epoch and records it as pruned", async () => {
    // Trials far from lr 0.01 lose to the median of the first, good ones.
    const config = smallStudyConfig({
      space: { learningRate: { type: "categorical", choices: [0.01, 0.011, 0.012, 0.5] } },
      sampler: { name: "grid" },
      pruner: { name: "median", nStartupTrials: 2 },
      budget: { trials: 4, timeLimitSec: null, workers: 1 },
    });
    const { db, id, training, driver } = await savedDriver(config);
    await driver.start();
    await driver.whenIdle();

    const bad = driver.trials.find((t) => t.params.learningRate === 0.5)!;
    expect(bad.state).toBe("pruned");
    expect(bad.reason).toBe("pruned at epoch 1");
    expect(bad.epochs).toHaveLength(1);
    expect(bad.value).toBeCloseTo(bad.epochs[0].valLoss, 12);
    expect(training.stopCalls).toBeGreaterThanOrEqual(1);
    const saved = (await db.getTrials(id)).find((t) => t.number === bad.number)!;
    expect(saved.state).toBe("pruned");
    expect(saved.intermediate[1]).toBeCloseTo(bad.epochs[0].valLoss, 12);
    for (const t of driver.trials) {
      expect(["complete", "pruned"]).toContain(t.state);
      expect(t.epochs.length).toBe(
        t.state === "pruned" ? Number(t.reason!.replace("pruned at epoch ", "")) : 4,
      );
    }
  });

  it("records a diverged trial and a crashed worker as failed with the reason, and goes on", async () => {
    const config = smallStudyConfig({ budget: { trials: 5, timeLimitSec: null, workers: 2 } });
    const { db, id, driver, training } = await savedDriver(config, (_c, i) =>
      i === 1 ? { kind: "diverge", epoch: 3 } : i === 2 ? { kind: "crash", epoch: 2 } : { kind: "train" },
    );
    await driver.start();
    await driver.whenIdle();

    expect(driver.status).toBe("finished");
    const states = driver.trials.map((t) => t.state);
    expect(states.filter((s) => s === "failed")).toHaveLength(2);
    expect(states.filter((s) => s === "complete")).toHaveLength(3);
    const reasons = driver.trials.filter((t) => t.state === "failed").map((t) => t.reason);
    expect(reasons).toContain("diverged at epoch 3 — learning rate too high?");
    expect(reasons.some((r) => /worker crashed: out of memory/.test(r ?? ""))).toBe(true);
    // The crashed worker was replaced by a fresh one.
    expect(training.workers.length).toBe(3);
    expect(training.workers.filter((w) => w.terminated)).toHaveLength(3);
    const saved = await db.getTrials(id);
    expect(
      saved
        .filter((t) => t.state === "failed")
        .map((t) => t.reason)
        .sort(),
    ).toEqual([...reasons].sort());
  });

  it("Pause lets running trials finish and starts no new one; Resume completes the budget", async () => {
    const config = smallStudyConfig({ budget: { trials: 6, timeLimitSec: null, workers: 2 } });
    const { db, id, driver, store } = await savedDriver(config);
    const first = driver.start();
    await until(() => driver.trials.length >= 2, "two trials");
    driver.pause();
    expect(driver.pausing).toBe(true);
    await first;
    expect(driver.status).toBe("paused");
    const pausedAt = driver.trials.length;
    expect(pausedAt).toBeLessThan(6);
    expect(driver.trials.every((t) => t.state === "complete")).toBe(true);
    await store.idle();
    expect((await db.getStudy(id))?.status).toBe("paused");

    await driver.start();
    await driver.whenIdle();
    expect(driver.status).toBe("finished");
    expect(driver.trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("Stop ends running trials at once as failed, stopped by Stop, and the study as stopped", async () => {
    const config = smallStudyConfig({ base: { ...smallStudyConfig().base, epochs: 200 } });
    const { db, id, driver } = await savedDriver(config);
    const loop = driver.start();
    await until(() => driver.trials.some((t) => t.epochs.length >= 2), "a trial with 2 epochs");
    driver.stop();
    await loop;
    await driver.whenIdle();
    expect(driver.status).toBe("stopped");
    const stopped = driver.trials.filter((t) => t.state === "failed");
    expect(stopped.length).toBeGreaterThanOrEqual(1);
    for (const t of stopped) expect(t.reason).toMatch(/^stopped by Stop after \d+ epochs?$/);
    expect(driver.trials.every((t) => t.epochs.length < 200)).toBe(true);
    expect((await db.getStudy(id))?.status).toBe("stopped");
  });

  it("a worker that ignores Stop is terminated after the grace time", async () => {
    const config = smallStudyConfig({ budget: { trials: 2, timeLimitSec: null, workers: 1 } });
    const training = fakeTraining(() => ({ kind: "hang" }));
    const store = new StudyStore(null, "History is off: test");
    const driver = new StudyDriver({
      config,
      store,
      createPool: training.createPool,
      onChange: () => {},
      stopGraceMs: 20,
    });
    const loop = driver.start();
    await until(() => training.configs.length === 1, "the first trial to start");
    driver.stop();
    await loop;
    expect(driver.status).toBe("stopped");
    expect(driver.trials).toHaveLength(1);
    expect(driver.trials[0].reason).toBe("stopped by Stop after 0 epochs");
    expect(training.workers[0].terminated).toBe(true);
  });

  it("after a reload, running trials are interrupted, numbers never repeat and Resume completes the budget", async () => {
    const config = smallStudyConfig({ budget: { trials: 6, timeLimitSec: null, workers: 2 } });
    // Trials 2 and 3 never end: the page "goes away" while they run.
    const saved0 = await savedDriver(config, (_c, i) => (i >= 2 ? { kind: "hang" } : { kind: "train" }));
    const { db, id, driver } = saved0;
    void driver.start();
    await until(
      () => driver.trials.length === 4 && driver.trials.filter((t) => t.state === "complete").length === 2,
      "2 complete and 2 running",
    );
    await saved0.store.idle();

    const restored = await restoreStudy(db, id);
    expect(restored.problem).toBeNull();
    expect(restored.status).toBe("paused");
    expect(restored.interrupted).toEqual([2, 3]);
    expect(restored.trials.filter((t) => t.state === "interrupted").map((t) => t.number)).toEqual([2, 3]);
    expect(restored.engine?.trials.filter((t) => t.state === "failed").map((t) => t.reason)).toEqual([
      RELOAD_REASON,
      RELOAD_REASON,
    ]);

    const store = new StudyStore(db, null);
    store.attach(id);
    const training = fakeTraining();
    const after = new StudyDriver({
      config: restored.config,
      store,
      createPool: training.createPool,
      onChange: () => {},
      engine: restored.engine,
      trials: restored.trials,
      status: restored.status,
    });
    await after.start();
    await after.whenIdle();
    expect(after.status).toBe("finished");
    expect(after.trials.map((t) => [t.number, t.state])).toEqual([
      [0, "complete"],
      [1, "complete"],
      [2, "interrupted"],
      [3, "interrupted"],
      [4, "complete"],
      [5, "complete"],
    ]);
    const saved = await db.getTrials(id);
    expect(saved.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
    expect((await db.getStudy(id))?.engine?.trials).toHaveLength(6);
  });

  it("stops starting trials once the time limit is spent", async () => {
    let clock = 1_000_000;
    const config = smallStudyConfig({ budget: { trials: 50, timeLimitSec: 10, workers: 1 } });
    const training = fakeTraining();
    const store = new StudyStore(null, "History is off: test");
    // Every reading of the clock moves it 1 s, so each trial takes a few "seconds".
    const driver = new StudyDriver({
      config,
      store,
      createPool: training.createPool,
      onChange: () => {},
      now: () => (clock += 1000),
    });
    await driver.start();
    expect(driver.status).toBe("finished");
    expect(driver.endReason).toBe("time-limit");
    expect(driver.trials.length).toBeGreaterThan(0);
    expect(driver.trials.length).toBeLessThan(50);
  });

  it("works in memory when the history is off, and a grid ends the study when it is exhausted", async () => {
    const config = smallStudyConfig({
      space: { learningRate: { type: "categorical", choices: [0.001, 0.01, 0.1] } },
      sampler: { name: "grid" },
      budget: { trials: 10, timeLimitSec: null, workers: 2 },
    });
    const training = fakeTraining();
    const store = new StudyStore(null, "History is off: this browser does not allow storage here");
    const driver = new StudyDriver({ config, store, createPool: training.createPool, onChange: () => {} });
    await driver.start();
    expect(driver.status).toBe("finished");
    expect(driver.endReason).toBe("exhausted");
    expect(driver.trials.map((t) => t.params.learningRate).sort()).toEqual([0.001, 0.01, 0.1]);
    expect(store.problem).toMatch(/History is off/);
    expect(driver.study?.bestTrial?.params.learningRate).toBe(0.01);
  });

  it("names a crash, an out-of-memory error and any other failure", () => {
    expect(failureReason(new WorkerCrashError("The training worker crashed: boom", 3))).toBe(
      "The training worker crashed: boom",
    );
    expect(failureReason(new Error("Failed to allocate: out of memory"))).toBe(
      "out of memory: Failed to allocate: out of memory",
    );
    expect(failureReason(new Error("bad shape"))).toBe("training failed: bad shape");
  });
});
