import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStudy as createEngine } from "../../core/search/index";
import { openStudyDb, type StudyDb } from "./study-db";
import { INTERRUPTED_REASON } from "./trials";
import { epochReport, steppingClock, studyConfig, uniqueDbName } from "./test-fixtures";

let db: StudyDb;

beforeEach(async () => {
  db = await openStudyDb(uniqueDbName("api"), { now: steppingClock() });
});

afterEach(() => {
  db.close();
});

const newStudy = (name = "Spiral study", direction: "minimize" | "maximize" = "minimize") =>
  db.createStudy({ config: studyConfig(name, direction), datasetLabel: "Spiral" });

describe("studies", () => {
  it("creates a draft and reads it back with every field", async () => {
    const created = await newStudy();
    expect(created.id).toMatch(/^study-[0-9a-f]{24}$/);
    expect(created).toMatchObject({
      name: "Spiral study",
      status: "draft",
      direction: "minimize",
      samplerName: "tpe",
      datasetLabel: "Spiral",
      nextTrialNumber: 0,
      trialCount: 0,
      engine: null,
    });
    expect(created.createdAt).toBe(created.updatedAt);
    expect(await db.getStudy(created.id)).toEqual(created);
    expect(await db.getStudy("study-missing")).toBeUndefined();
  });

  it("takes the name given over the config's and writes it into the config", async () => {
    const created = await db.createStudy({ config: studyConfig("A"), name: "  B  ", datasetLabel: "Spiral" });
    expect(created.name).toBe("B");
    expect(created.config.name).toBe("B");
  });

  it("rejects bad input with a message naming the value", async () => {
    await expect(db.createStudy({ config: studyConfig(""), datasetLabel: "x" })).rejects.toThrow(
      'A study name must be a non-empty text, got ""',
    );
    const noDirection = { ...studyConfig(), objective: { metric: "valLoss", reduce: "best" } };
    await expect(db.createStudy({ config: noDirection as never, datasetLabel: "x" })).rejects.toThrow(
      'Direction must be "minimize" or "maximize", got undefined',
    );
    await expect(db.getStudy("")).rejects.toThrow('A study id must be a non-empty string, got ""');
    expect(await db.listStudies()).toEqual([]);
  });

  it("lists summaries, most recently updated first, without config or engine", async () => {
    const a = await newStudy("A");
    const b = await newStudy("B");
    const c = await newStudy("C");
    await db.renameStudy(a.id, "A renamed");
    const list = await db.listStudies();
    expect(list.map((s) => s.name)).toEqual(["A renamed", "C", "B"]);
    expect(list.map((s) => s.id)).toEqual([a.id, c.id, b.id]);
    for (const summary of list) {
      expect(summary).not.toHaveProperty("config");
      expect(summary).not.toHaveProperty("engine");
      expect(summary).toHaveProperty("trialCount");
    }
  });

  it("updates a patch, keeps the name in the config and refuses fields it does not own", async () => {
    const s = await newStudy();
    const engine = createEngine({ space: s.config.space, sampler: "random", seed: 3 }).toJSON();
    const updated = await db.updateStudy(s.id, { status: "running", engine });
    expect(updated.status).toBe("running");
    expect(updated.engine).toEqual(engine);
    expect(updated.updatedAt).toBeGreaterThan(s.updatedAt);
    expect(await db.getStudy(s.id)).toEqual(updated);

    const renamed = await db.renameStudy(s.id, "New name");
    expect(renamed.name).toBe("New name");
    expect(renamed.config.name).toBe("New name");

    const config = { ...studyConfig("From config"), sampler: { name: "random" as const } };
    const reconfigured = await db.updateStudy(s.id, { config });
    expect(reconfigured).toMatchObject({ name: "From config", samplerName: "random" });

    await expect(db.updateStudy(s.id, { trialCount: 9 } as never)).rejects.toThrow(
      'Cannot change the study field "trialCount"',
    );
    await expect(db.updateStudy(s.id, { status: "done" as never })).rejects.toThrow(
      'Unknown study status "done"',
    );
    await expect(db.updateStudy("study-nope", { status: "paused" })).rejects.toThrow(
      'No study with id "study-nope"',
    );
  });

  it("refuses to flip the direction of a study that has trials", async () => {
    const s = await newStudy();
    await db.startTrial(s.id, { params: { learningRate: 0.1 }, workerIndex: 0 });
    await expect(db.updateStudy(s.id, { config: studyConfig("Spiral study", "maximize") })).rejects.toThrow(
      'Cannot change the direction of study "Spiral study" to maximize: it already has 1 trials',
    );
  });

  it("duplicates as a new draft with the same config and no trials", async () => {
    const s = await newStudy("Original");
    await db.updateStudy(s.id, { status: "finished" });
    await db.startTrial(s.id, { params: { learningRate: 0.1 }, workerIndex: 0 });
    const copy = await db.duplicateStudy(s.id);
    expect(copy.id).not.toBe(s.id);
    expect(copy).toMatchObject({
      name: "Original (copy)",
      status: "draft",
      trialCount: 0,
      nextTrialNumber: 0,
    });
    expect(copy.config).toEqual({ ...s.config, name: "Original (copy)" });
    expect(copy.engine).toBeNull();
    expect(await db.getTrials(copy.id)).toEqual([]);
    expect((await db.duplicateStudy(s.id, "Second try")).name).toBe("Second try");
  });

  it("deletes a study with its trials and epochs, leaving other studies alone", async () => {
    const doomed = await newStudy("Doomed");
    const kept = await newStudy("Kept");
    for (const id of [doomed.id, kept.id]) {
      for (let t = 0; t < 2; t++) {
        await db.startTrial(id, { params: { learningRate: 0.1 }, workerIndex: t });
        for (let e = 1; e <= 3; e++) await db.appendEpoch(id, t, epochReport(e));
      }
    }
    expect(await db.deleteStudy(doomed.id)).toBe(true);
    expect(await db.getStudy(doomed.id)).toBeUndefined();
    expect(await db.getTrials(doomed.id)).toEqual([]);
    expect(await db.getAllEpochs(doomed.id)).toEqual([]);
    expect(await db.getEpochs(doomed.id, 0)).toEqual([]);
    expect(await db.getTrials(kept.id)).toHaveLength(2);
    expect(await db.getAllEpochs(kept.id)).toHaveLength(6);
    expect(await db.deleteStudy(doomed.id)).toBe(false);
  });
});

describe("trials and epochs", () => {
  it("starts trials under increasing numbers and counts them", async () => {
    const s = await newStudy();
    const t0 = await db.startTrial(s.id, { params: { learningRate: 0.1 }, workerIndex: 1 });
    const t1 = await db.startTrial(s.id, { params: { learningRate: 0.2 }, workerIndex: 0 });
    expect([t0.number, t1.number]).toEqual([0, 1]);
    expect(t0).toMatchObject({ studyId: s.id, state: "running", workerIndex: 1, intermediate: {} });
    const study = await db.getStudy(s.id);
    expect(study).toMatchObject({ nextTrialNumber: 2, trialCount: 2 });
    expect(await db.getTrials(s.id)).toEqual([t0, t1]);
  });

  it("never repeats a trial number under concurrent starts", async () => {
    const s = await newStudy();
    const started = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        db.startTrial(s.id, { params: { learningRate: i }, workerIndex: i % 4 }),
      ),
    );
    const numbers = started.map((t) => t.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => i));
    const stored = await db.getTrials(s.id);
    expect(stored).toHaveLength(25);
    // Each stored trial carries the params of the call that got its number.
    for (const t of started) expect(stored[t.number].params).toEqual(t.params);
    expect(await db.getStudy(s.id)).toMatchObject({ nextTrialNumber: 25, trialCount: 25 });
  });

  it("takes the engine's number, refuses a used one, and saves the engine state with it", async () => {
    const s = await newStudy();
    const engine = createEngine({ space: s.config.space, sampler: "random", seed: 1 });
    const asked = engine.ask();
    const t = await db.startTrial(s.id, {
      params: asked.params,
      workerIndex: 0,
      number: asked.number,
      engine: engine.toJSON(),
    });
    expect(t.number).toBe(asked.number);
    expect((await db.getStudy(s.id))!.engine).toEqual(engine.toJSON());
    const results = await Promise.allSettled([
      db.startTrial(s.id, { params: {}, workerIndex: 0, number: 5 }),
      db.startTrial(s.id, { params: {}, workerIndex: 1, number: 5 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(rejected.reason)).toContain(
      'Trial number 5 of study "Spiral study" is already used (the next free number is 6)',
    );
    await expect(db.startTrial(s.id, { params: {}, workerIndex: 0, number: 0 })).rejects.toThrow(
      "already used",
    );
    expect((await db.getTrials(s.id)).map((x) => x.number)).toEqual([0, 5]);
    await expect(db.startTrial("study-nope", { params: {}, workerIndex: 0 })).rejects.toThrow(
      'No study with id "study-nope"',
    );
    await expect(db.startTrial(s.id, { params: { f: () => 1 } as never, workerIndex: 0 })).rejects.toThrow(
      'parameter "f" must be a number, text or boolean',
    );
  });

  it("appends epochs one by one without the boundary, with intermediate values", async () => {
    const s = await newStudy();
    await db.startTrial(s.id, { params: {}, workerIndex: 0 });
    await db.startTrial(s.id, { params: {}, workerIndex: 1 });
    for (let e = 1; e <= 3; e++) {
      await db.appendEpoch(s.id, 1, epochReport(e), 1 / e);
      await db.appendEpoch(s.id, 0, epochReport(e));
    }
    const epochs = await db.getEpochs(s.id, 1);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    const { boundary: _b, ...expected } = epochReport(2);
    expect(epochs[1]).toEqual({ ...expected, studyId: s.id, trialNumber: 1 });
    expect(epochs[1]).not.toHaveProperty("boundary");
    const all = await db.getAllEpochs(s.id);
    expect(all.map((e) => [e.trialNumber, e.epoch])).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
    const trials = await db.getTrials(s.id);
    expect(trials[1].intermediate).toEqual({ 1: 1, 2: 0.5, 3: 1 / 3 });
    expect(trials[0].intermediate).toEqual({});
  });

  it("keeps NaN and infinite losses of a diverged epoch", async () => {
    const s = await newStudy();
    await db.startTrial(s.id, { params: {}, workerIndex: 0 });
    await db.appendEpoch(s.id, 0, { ...epochReport(1), valLoss: NaN, trainLoss: Infinity }, NaN);
    const [epoch] = await db.getEpochs(s.id, 0);
    expect(epoch.valLoss).toBeNaN();
    expect(epoch.trainLoss).toBe(Infinity);
    expect((await db.getTrials(s.id))[0].intermediate[1]).toBeNaN();
  });

  it("refuses an epoch twice, for a missing trial, for an ended trial, or malformed", async () => {
    const s = await newStudy();
    await db.startTrial(s.id, { params: {}, workerIndex: 0 });
    await db.appendEpoch(s.id, 0, epochReport(1), 0.5);
    await expect(db.appendEpoch(s.id, 0, epochReport(1), 0.25)).rejects.toThrow(
      "Epoch 1 of trial 0 was already saved",
    );
    // The refused epoch changed nothing, not even the intermediate value written beside it.
    expect((await db.getTrials(s.id))[0].intermediate).toEqual({ 1: 0.5 });
    await expect(db.appendEpoch(s.id, 7, epochReport(1))).rejects.toThrow(`Study "${s.id}" has no trial 7`);
    await expect(db.appendEpoch(s.id, 0, { ...epochReport(2), epoch: 0 })).rejects.toThrow(
      "epoch must be a whole number ≥ 1, got 0",
    );
    await expect(db.appendEpoch(s.id, 0, { ...epochReport(2), valLoss: "x" as never })).rejects.toThrow(
      "valLoss must be a number",
    );
    await db.finishTrial(s.id, 0, { state: "complete", value: 0.5 });
    await expect(db.appendEpoch(s.id, 0, epochReport(2))).rejects.toThrow(
      "Cannot save epoch 2 of trial 0: the trial has ended (complete)",
    );
  });

  it("finishes trials and keeps the study's best by its direction", async () => {
    for (const direction of ["minimize", "maximize"] as const) {
      const s = await newStudy(`Best ${direction}`, direction);
      for (let i = 0; i < 5; i++) await db.startTrial(s.id, { params: { i }, workerIndex: 0 });
      await db.finishTrial(s.id, 0, { state: "complete", value: 0.5 });
      await db.finishTrial(s.id, 1, { state: "complete", value: 0.2 });
      await db.finishTrial(s.id, 2, { state: "pruned", value: 0.01, reason: "median pruner" });
      await db.finishTrial(s.id, 3, { state: "complete", value: 0.9 });
      const { trial, study } = await db.finishTrial(s.id, 4, { state: "failed", reason: "diverged" });
      expect(trial).toMatchObject({ state: "failed", reason: "diverged" });
      expect(trial.endedAt).toBeGreaterThan(trial.startedAt);
      const expectedBest =
        direction === "minimize"
          ? { bestValue: 0.2, bestTrialNumber: 1 }
          : { bestValue: 0.9, bestTrialNumber: 3 };
      expect(study).toMatchObject(expectedBest);
      expect(await db.getStudy(s.id)).toMatchObject(expectedBest);
      const trials = await db.getTrials(s.id);
      expect(trials.map((t) => t.state)).toEqual(["complete", "complete", "pruned", "complete", "failed"]);
      expect(trials[2]).toMatchObject({ value: 0.01, reason: "median pruner" });
    }
  });

  it("refuses to finish a trial twice, without a value when complete, or in a bad state", async () => {
    const s = await newStudy();
    await db.startTrial(s.id, { params: {}, workerIndex: 0 });
    await expect(db.finishTrial(s.id, 0, { state: "complete" })).rejects.toThrow(
      "The value of trial 0 (complete) must be a finite number, got undefined",
    );
    await expect(db.finishTrial(s.id, 0, { state: "complete", value: NaN })).rejects.toThrow("got NaN");
    await expect(db.finishTrial(s.id, 0, { state: "running" as never })).rejects.toThrow(
      'A trial cannot end in state "running"',
    );
    await db.finishTrial(s.id, 0, { state: "complete", value: 1 });
    await expect(db.finishTrial(s.id, 0, { state: "failed" })).rejects.toThrow(
      'Trial 0 of study "Spiral study" has already ended (complete)',
    );
    await expect(db.finishTrial(s.id, 3, { state: "failed" })).rejects.toThrow("has no trial 3");
  });

  it("marks the trials still running after a reload as interrupted", async () => {
    const name = uniqueDbName("reload");
    const clock = steppingClock();
    const first = await openStudyDb(name, { now: clock });
    const s = await first.createStudy({ config: studyConfig(), datasetLabel: "Spiral" });
    const other = await first.createStudy({ config: studyConfig("Other"), datasetLabel: "Spiral" });
    for (let i = 0; i < 3; i++) await first.startTrial(s.id, { params: {}, workerIndex: i });
    await first.startTrial(other.id, { params: {}, workerIndex: 0 });
    await first.finishTrial(s.id, 1, { state: "complete", value: 0.3 });
    first.close();

    const second = await openStudyDb(name, { now: clock });
    expect(await second.markInterruptedTrials(s.id)).toEqual([0, 2]);
    const trials = await second.getTrials(s.id);
    expect(trials.map((t) => t.state)).toEqual(["interrupted", "complete", "interrupted"]);
    expect(trials[0].reason).toBe(INTERRUPTED_REASON);
    expect(trials[0].endedAt).toBeDefined();
    expect((await second.getTrials(other.id))[0].state).toBe("running");
    expect(await second.markInterruptedTrials(s.id)).toEqual([]);
    second.close();
  });

  it("throws on use after close", async () => {
    const s = await newStudy();
    db.close();
    expect(db.isOpen).toBe(false);
    await expect(db.getStudy(s.id)).rejects.toThrow("was closed");
  });
});
