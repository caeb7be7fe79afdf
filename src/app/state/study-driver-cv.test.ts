import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/playground-config";
import { cvPruningCurve, curveToIntermediate, foldCurves } from "../../core/study/cross-validation";
import { objectiveOf, type StudyConfig } from "../../core/study/study-config";
import type { DatasetArrays, DatasetSpec } from "../../shared/train";
import { openStudyDb, type StudyDb } from "../db/index";
import { uniqueDbName } from "../db/test-fixtures";
import { StudyDriver } from "./study-driver";
import { restoreStudy } from "./study-restore";
import { StudyStore } from "./study-store";
import { fakeLoss, fakeTraining, smallStudyConfig } from "./study-test-fakes";
import { foldsOfTrial } from "./study-trials";

const open: StudyDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

async function savedDriver(
  config: StudyConfig,
  loadData?: (spec: DatasetSpec) => Promise<DatasetArrays | null>,
) {
  const db = await openStudyDb(uniqueDbName("driver-cv"));
  open.push(db);
  const store = new StudyStore(db, null);
  const id = (await store.create(config, "Circle", "running"))!;
  const training = fakeTraining();
  const driver = new StudyDriver({
    config,
    store,
    createPool: training.createPool,
    onChange: () => {},
    loadData,
  });
  return { db, id, training, driver };
}

const irisLike = (): DatasetArrays => ({
  id: "iris",
  task: "multiclass",
  classes: 3,
  classNames: ["a", "b", "c"],
  featureNames: ["f1", "f2", "f3", "f4"],
  exampleShape: [4],
  x: new Float32Array(12 * 4),
  xScale: 1,
  y: new Float32Array([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]),
  standardize: true,
  sourceTestCount: 0,
});

describe("StudyDriver with cross-validation", () => {
  it("trains every fold, scores the mean over the folds, and stores each fold's epochs under its own numbers", async () => {
    const config = smallStudyConfig({ folds: 3, budget: { trials: 3, timeLimitSec: null, workers: 1 } });
    const { db, id, training, driver } = await savedDriver(config);
    await driver.start();
    await driver.whenIdle();

    expect(driver.trials.map((t) => t.state)).toEqual(["complete", "complete", "complete"]);
    expect(training.configs.map((c) => c.fold)).toEqual(
      [0, 1, 2, 0, 1, 2, 0, 1, 2].map((index) => ({ k: 3, index })),
    );
    for (const trial of driver.trials) {
      // Fold f's epoch e is stored as f × 4 + e.
      expect(trial.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      const folds = foldsOfTrial(config, trial)!;
      expect(folds.epochs.map((f) => f.map((e) => e.epoch))).toEqual([
        [1, 2, 3, 4],
        [1, 2, 3, 4],
        [1, 2, 3, 4],
      ]);
      const lr = trial.params.learningRate as number;
      // The fake adds 0.1 × the fold index to the loss, so the folds differ by exactly that.
      const expected = [0, 1, 2].map((i) => Math.abs(Math.log10(lr) + 2) + 0.25 + 0.1 * i);
      folds.values.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
      expect(trial.value).toBeCloseTo((expected[0] + expected[1] + expected[2]) / 3, 12);
      expect(folds.spread.min).toBeCloseTo(expected[0], 12);
      expect(folds.spread.max).toBeCloseTo(expected[2], 12);
      expect(folds.spread.std).toBeCloseTo(Math.sqrt(2 / 3) * 0.1, 12);
      // What the engine holds: the mean curve over all three folds.
      const curve = cvPruningCurve(foldCurves(folds.epochs, config.objective), 3);
      expect(driver.study!.trial(trial.number).intermediate).toEqual(curveToIntermediate(curve));
      expect(trial.intermediate).toEqual(curveToIntermediate(curve));
    }
    expect(await db.getAllEpochs(id)).toHaveLength(36);

    // Reopened from the history, the trials read the same, with the engine's curves.
    const restored = await restoreStudy(db, id);
    for (const [i, trial] of restored.trials.entries()) {
      expect(trial.value).toBe(driver.trials[i].value);
      expect(trial.intermediate).toEqual(driver.trials[i].intermediate);
      expect(foldsOfTrial(restored.config, trial)!.spread).toEqual(
        foldsOfTrial(config, driver.trials[i])!.spread,
      );
    }
  });

  it("prunes on fold 0's curve while it runs, and the engine keeps that curve for the pruned trial", async () => {
    const config = smallStudyConfig({
      folds: 3,
      space: { learningRate: { type: "categorical", choices: [0.01, 0.011, 0.5] } },
      sampler: { name: "grid" },
      pruner: { name: "median", nStartupTrials: 2 },
      budget: { trials: 3, timeLimitSec: null, workers: 1 },
    });
    const { driver, training } = await savedDriver(config);
    await driver.start();
    await driver.whenIdle();

    const bad = driver.trials.find((t) => t.params.learningRate === 0.5)!;
    expect(bad.state).toBe("pruned");
    expect(bad.reason).toBe("pruned in fold 1 at epoch 1 of 3");
    expect(bad.epochs).toHaveLength(1);
    // Fold 0 alone, as it was when pruned; its value is the last one reported.
    const first = fakeLoss({ ...training.configs[6], fold: { k: 3, index: 0 } }, 1);
    expect(driver.study!.trial(bad.number).intermediate).toEqual({ 1: first });
    expect(bad.value).toBe(first);
    expect(training.configs.filter((c) => c.learningRate === 0.5).map((c) => c.fold?.index)).toEqual([0]);
    expect(driver.trials.filter((t) => t.state === "complete")).toHaveLength(2);
  });

  it("prunes when a fold ends if the mean over the finished folds falls behind", async () => {
    // With a warm-up of all 4 epochs, only the end of a fold can prune. The third trial's fold 1 is
    // ahead of the others' 3-fold means (0.33 against a median of 0.37), the mean of its folds 1 and 2 is not (0.38).
    const config = smallStudyConfig({
      folds: 3,
      space: { learningRate: { type: "categorical", choices: [0.01, 0.011, 0.0083176] } },
      sampler: { name: "grid" },
      pruner: { name: "median", nStartupTrials: 2, nWarmupSteps: 4 },
      budget: { trials: 3, timeLimitSec: null, workers: 1 },
    });
    const { driver, training } = await savedDriver(config);
    await driver.start();
    await driver.whenIdle();

    const third = driver.trials.find((t) => t.params.learningRate === 0.0083176)!;
    expect(third.state).toBe("pruned");
    expect(third.reason).toBe("pruned after fold 2 of 3");
    expect(foldsOfTrial(config, third)!.epochs.map((f) => f.length)).toEqual([4, 4]);
    expect(training.configs.filter((c) => c.learningRate === 0.0083176).map((c) => c.fold?.index)).toEqual([
      0, 1,
    ]);
    // Its value is the last point of the mean curve of its two folds.
    const folds = foldsOfTrial(config, third)!;
    const curve = cvPruningCurve(foldCurves(folds.epochs, config.objective), 2);
    expect(third.value).toBeCloseTo(curve[3], 12);
    expect(driver.study!.trial(third.number).intermediate).toEqual(curveToIntermediate(curve));
  });

  it("hands an array dataset to each worker once and records the mean test score", async () => {
    const base = { ...defaultConfig(), dataset: "iris", epochs: 3, hiddenLayers: [4] };
    const config: StudyConfig = {
      ...smallStudyConfig(),
      base,
      objective: { metric: "valLoss", direction: "minimize", reduce: "best" },
      folds: 3,
      budget: { trials: 4, timeLimitSec: null, workers: 2 },
    };
    const asked: DatasetSpec[] = [];
    const { db, id, driver, training } = await savedDriver(config, async (spec) => {
      asked.push(spec);
      return irisLike();
    });
    await driver.start();
    await driver.whenIdle();

    expect(driver.trials.every((t) => t.state === "complete")).toBe(true);
    expect(asked.every((s) => s.kind === "builtin" && s.id === "iris")).toBe(true);
    // Two workers, each given the data once however many trials and folds it trains.
    expect(training.loaded).toEqual(["iris", "iris"]);
    expect(training.configs).toHaveLength(12);
    for (const trial of driver.trials) {
      const lr = trial.params.learningRate as number;
      const testLosses = [0, 1, 2].map(
        (i) => fakeLoss({ ...training.configs[0], learningRate: lr, fold: { k: 3, index: i } }, 3) + 0.05,
      );
      expect(trial.test?.loss).toBeCloseTo((testLosses[0] + testLosses[1] + testLosses[2]) / 3, 12);
      expect(trial.value).toBeCloseTo(
        [0, 1, 2]
          .map((i) => objectiveOf(foldsOfTrial(config, trial)!.epochs[i], config.objective))
          .reduce((a, b) => a + b) / 3,
        12,
      );
    }
    // The test scores are saved with the trials' ends, and read back after a reload.
    const restored = await restoreStudy(db, id);
    expect(restored.trials.map((t) => t.test)).toEqual(driver.trials.map((t) => t.test));
    expect(restored.trials.every((t) => t.test !== undefined)).toBe(true);
  });

  it("fails the trials with the loader's message when the dataset cannot be loaded", async () => {
    const base = { ...defaultConfig(), dataset: "iris", epochs: 2 };
    const config: StudyConfig = {
      ...smallStudyConfig(),
      base,
      budget: { trials: 2, timeLimitSec: null, workers: 1 },
    };
    const { driver } = await savedDriver(config, async () => {
      throw new Error('Dataset "iris" could not be fetched (404)');
    });
    await driver.start();
    await driver.whenIdle();
    expect(driver.trials.map((t) => [t.state, t.reason])).toEqual([
      ["failed", 'training failed: Dataset "iris" could not be fetched (404)'],
      ["failed", 'training failed: Dataset "iris" could not be fetched (404)'],
    ]);
  });
});
