import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStudyDb, type StudyDb } from "./study-db";
import { epochReport, steppingClock, studyConfig, uniqueDbName } from "./test-fixtures";

// The batched epoch writes a running study uses: several trials' buffered epochs in one
// transaction, and a trial's last epochs saved with its end.

let db: StudyDb;

beforeEach(async () => {
  db = await openStudyDb(uniqueDbName("trials"), { now: steppingClock() });
});

afterEach(() => {
  db.close();
});

async function studyWithTrials(count: number): Promise<string> {
  const s = await db.createStudy({ config: studyConfig(), datasetLabel: "Spiral" });
  for (let i = 0; i < count; i++) await db.startTrial(s.id, { params: { i }, workerIndex: i });
  return s.id;
}

describe("appendEpochs", () => {
  it("saves the epochs of several running trials without their boundary and leaves the trial records alone", async () => {
    const id = await studyWithTrials(2);
    const before = await db.getTrials(id);
    const saved = await db.appendEpochs(id, [
      { trialNumber: 0, epochs: [epochReport(1), epochReport(2)] },
      { trialNumber: 1, epochs: [epochReport(1)] },
    ]);
    expect(saved).toBe(3);
    expect(await db.appendEpochs(id, [{ trialNumber: 1, epochs: [epochReport(2), epochReport(3)] }])).toBe(2);
    const all = await db.getAllEpochs(id);
    expect(all.map((e) => [e.trialNumber, e.epoch])).toEqual([
      [0, 1],
      [0, 2],
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
    expect(all.every((e) => !("boundary" in e))).toBe(true);
    const { boundary: _b, ...metrics } = epochReport(2);
    expect(all[1]).toEqual({ ...metrics, studyId: id, trialNumber: 0 });
    expect(await db.getTrials(id)).toEqual(before);
    expect(await db.appendEpochs(id, [])).toBe(0);
  });

  it("saves all of a batch or nothing: an ended trial, a missing one or an epoch saved before refuses it whole", async () => {
    const id = await studyWithTrials(2);
    await db.finishTrial(id, 1, { state: "complete", value: 0.5 });
    await expect(
      db.appendEpochs(id, [
        { trialNumber: 0, epochs: [epochReport(1)] },
        { trialNumber: 1, epochs: [epochReport(1)] },
      ]),
    ).rejects.toThrow("Cannot save epoch 1 of trial 1: the trial has ended (complete)");
    await expect(db.appendEpochs(id, [{ trialNumber: 5, epochs: [epochReport(1)] }])).rejects.toThrow(
      `Study "${id}" has no trial 5`,
    );
    expect(await db.getAllEpochs(id)).toEqual([]);
    await db.appendEpochs(id, [{ trialNumber: 0, epochs: [epochReport(1)] }]);
    await expect(
      db.appendEpochs(id, [{ trialNumber: 0, epochs: [epochReport(2), epochReport(1)] }]),
    ).rejects.toThrow("Trial 0: epochs must be saved in increasing order, got 2 then 1");
    await expect(db.appendEpochs(id, [{ trialNumber: 0, epochs: [epochReport(1)] }])).rejects.toThrow(
      "Epoch 1 of trial 0 was already saved",
    );
    expect((await db.getAllEpochs(id)).map((e) => e.epoch)).toEqual([1]);
  });

  it("names a malformed batch", async () => {
    const id = await studyWithTrials(1);
    await expect(db.appendEpochs(id, "x" as never)).rejects.toThrow("Epoch batches must be an array, got x");
    await expect(db.appendEpochs(id, [{ trialNumber: 0, epochs: null as never }])).rejects.toThrow(
      "Trial 0: the epochs must be an array, got null",
    );
    await expect(
      db.appendEpochs(id, [{ trialNumber: 0, epochs: [{ ...epochReport(1), valLoss: "x" as never }] }]),
    ).rejects.toThrow("valLoss must be a number");
    await expect(db.appendEpochs(id, [{ trialNumber: -1, epochs: [] }])).rejects.toThrow("A trial number");
  });
});

describe("finishTrial with the trial's last epochs", () => {
  it("saves the epochs, the intermediate values, the result and the engine in one transaction", async () => {
    const id = await studyWithTrials(1);
    await db.appendEpochs(id, [{ trialNumber: 0, epochs: [epochReport(1)] }]);
    const { trial, study } = await db.finishTrial(id, 0, {
      state: "complete",
      value: 0.25,
      epochs: [epochReport(2), epochReport(3)],
      intermediate: { 1: 1, 2: 0.5, 3: NaN },
    });
    expect(trial.intermediate).toEqual({ 1: 1, 2: 0.5, 3: NaN });
    expect(study.bestTrialNumber).toBe(0);
    const [saved] = await db.getTrials(id);
    expect(saved.state).toBe("complete");
    expect(saved.intermediate[3]).toBeNaN();
    expect((await db.getEpochs(id, 0)).map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  it("keeps nothing of a refused end: an epoch already saved aborts the result too", async () => {
    const id = await studyWithTrials(1);
    await db.appendEpochs(id, [{ trialNumber: 0, epochs: [epochReport(1)] }]);
    await expect(
      db.finishTrial(id, 0, {
        state: "complete",
        value: 0.5,
        epochs: [epochReport(1)],
        intermediate: { 1: 0.5 },
      }),
    ).rejects.toThrow("Epoch 1 of trial 0 was already saved");
    const [trial] = await db.getTrials(id);
    expect(trial.state).toBe("running");
    expect(trial.intermediate).toEqual({});
    expect((await db.getStudy(id))?.bestTrialNumber).toBeUndefined();
  });

  it("names malformed intermediate values", async () => {
    const id = await studyWithTrials(1);
    await expect(
      db.finishTrial(id, 0, { state: "complete", value: 0.5, intermediate: { x: 1 } as never }),
    ).rejects.toThrow('Trial 0: intermediate values map epochs to numbers, got "x": 1');
    await expect(
      db.finishTrial(id, 0, { state: "complete", value: 0.5, intermediate: [1] as never }),
    ).rejects.toThrow("Trial 0: the intermediate values must be an object, got 1");
  });
});

describe("finishTrial with the trial's test score", () => {
  it("keeps the score on the ended trial, and names a malformed one", async () => {
    const id = await studyWithTrials(3);
    await db.finishTrial(id, 0, { state: "complete", value: 0.5, test: { loss: 0.4, metric: 0.8 } });
    await db.finishTrial(id, 1, { state: "complete", value: 0.6 });
    const [first, second] = await db.getTrials(id);
    expect(first.test).toEqual({ loss: 0.4, metric: 0.8 });
    expect(second).not.toHaveProperty("test");
    await expect(
      db.finishTrial(id, 2, { state: "complete", value: 0.5, test: { loss: NaN, metric: 0.8 } }),
    ).rejects.toThrow("Trial 2: the test loss must be a finite number, got NaN");
    await expect(
      db.finishTrial(id, 2, { state: "complete", value: 0.5, test: 0.8 as never }),
    ).rejects.toThrow("Trial 2: the test score must be an object with a loss and a metric, got 0.8");
    expect((await db.getTrials(id))[2].state).toBe("running");
  });

  it("refuses an imported trial whose test score is not finite numbers", async () => {
    const id = await studyWithTrials(1);
    await db.finishTrial(id, 0, { state: "complete", value: 0.5, test: { loss: 0.4, metric: 0.8 } });
    const bundle = (await db.exportStudy(id))!;
    bundle.trials[0].test = { loss: 0.4, metric: Infinity };
    await expect(db.importStudy(bundle)).rejects.toThrow(
      "Trial at position 0 of the study to import: the test metric must be a finite number, got Infinity",
    );
  });
});
