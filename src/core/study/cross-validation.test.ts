import { describe, expect, it } from "vitest";
import { defaultConfig, toTrainConfig } from "../playground-config";
import {
  cvObjective,
  cvPruningCurve,
  curveToIntermediate,
  epochsByFold,
  foldTrainConfig,
  spreadOf,
  storedEpochNumber,
  storedReport,
  trialFoldSummary,
} from "./cross-validation";
import { defaultStudyConfig, type Objective } from "./study-config";

const MIN_BEST: Objective = { metric: "valLoss", direction: "minimize", reduce: "best" };
const scores = (losses: number[]) => losses.map((valLoss, i) => ({ epoch: i + 1, valLoss, valMetric: 0 }));

describe("cross-validation of a study's trials", () => {
  it("gives each fold its TrainConfig and refuses a fold outside 3..10 or an index outside the folds", () => {
    const config = toTrainConfig(defaultConfig());
    expect(foldTrainConfig(config, 3, 2).fold).toEqual({ k: 3, index: 2 });
    expect(config.fold).toBeUndefined();
    expect(() => foldTrainConfig(config, 2, 0)).toThrow("from 3 to 10, got 2");
    expect(() => foldTrainConfig(config, 11, 0)).toThrow("got 11");
    expect(() => foldTrainConfig(config, 4, 4)).toThrow(
      "Fold index must be a whole number from 0 to 3, got 4",
    );
  });

  it("spreads values as mean, population standard deviation, lowest and highest", () => {
    expect(spreadOf([1, 2, 3, 6])).toEqual({ mean: 3, std: Math.sqrt(3.5), min: 1, max: 6, count: 4 });
    expect(spreadOf([0.5])).toEqual({ mean: 0.5, std: 0, min: 0.5, max: 0.5, count: 1 });
    expect(spreadOf([]).count).toBe(0);
    expect(Number.isNaN(spreadOf([]).mean)).toBe(true);
  });

  it("prunes on fold 0 alone while it runs, then on the mean of the finished folds, epoch by epoch", () => {
    const curves = [
      [0.9, 0.8, 0.7],
      [1.1, 1.0, 0.9],
      [1.0, 0.6],
    ];
    expect(cvPruningCurve(curves, 0)).toEqual([0.9, 0.8, 0.7]);
    expect(cvPruningCurve(curves, 1)).toEqual([0.9, 0.8, 0.7]);
    const two = cvPruningCurve(curves, 2);
    [1.0, 0.9, 0.8].forEach((v, i) => expect(two[i]).toBeCloseTo(v, 12));
    // A fold stopped early only counts where it has epochs.
    const three = cvPruningCurve(curves, 3);
    [1.0, 0.8, 0.8].forEach((v, i) => expect(three[i]).toBeCloseTo(v, 12));
    expect(curveToIntermediate([0.5, 0.4])).toEqual({ 1: 0.5, 2: 0.4 });
    expect(cvPruningCurve([], 0)).toEqual([]);
  });

  it("scores a trial by the mean of its folds' objectives", () => {
    const folds = [scores([0.9, 0.7, 0.8]), scores([1.0, 0.6]), scores([0.5, 0.5, 0.5])];
    const { values, value } = cvObjective(folds, MIN_BEST);
    expect(values).toEqual([0.7, 0.6, 0.5]);
    expect(value).toBeCloseTo(0.6, 12);
    const final = cvObjective(folds, { ...MIN_BEST, reduce: "final" });
    expect(final.values).toEqual([0.8, 0.6, 0.5]);
  });

  it("stores fold f's epoch e as f × E + e and reads the folds back, gaps and all", () => {
    expect(storedEpochNumber(0, 1, 10)).toBe(1);
    expect(storedEpochNumber(2, 10, 10)).toBe(30);
    expect(() => storedEpochNumber(1, 11, 10)).toThrow("Epoch 11 of fold 1 is outside 1..10");
    expect(storedReport({ epoch: 3, valLoss: 1 }, 1, 5)).toEqual({ epoch: 8, valLoss: 1 });
    // Fold 1 stopped early after 2 of 4 epochs: numbers 7 and 8 stay unused.
    const stored = [1, 2, 3, 4, 5, 6, 9, 10, 11, 12].map((epoch) => ({ epoch }));
    expect(epochsByFold(stored, 3, 4).map((f) => f.map((e) => e.epoch))).toEqual([
      [1, 2, 3, 4],
      [1, 2],
      [1, 2, 3, 4],
    ]);
    expect(() => epochsByFold([{ epoch: 13 }], 3, 4)).toThrow(
      "Stored epoch 13 does not belong to any of 3 folds of 4 epochs",
    );
  });

  it("summarises a trial's folds; a trial still running leaves its unfinished fold out of the spread", () => {
    const config = { ...defaultStudyConfig({ ...defaultConfig(), epochs: 3 }), folds: 3 };
    config.objective = MIN_BEST;
    const epochs = [
      ...scores([0.9, 0.7, 0.8]),
      ...scores([1.0, 0.6, 0.6]).map((e) => ({ ...e, epoch: e.epoch + 3 })),
      ...scores([0.5]).map((e) => ({ ...e, epoch: e.epoch + 6 })),
    ];
    const running = trialFoldSummary(config, {}, epochs, false)!;
    expect(running.values).toEqual([0.7, 0.6, 0.5]);
    expect(running.spread.count).toBe(2);
    expect(running.spread.mean).toBeCloseTo(0.65, 12);
    expect(running.epochs.map((f) => f.length)).toEqual([3, 3, 1]);
    expect(trialFoldSummary(config, {}, epochs.slice(0, 6), false)!.epochs).toHaveLength(2);
    const complete = trialFoldSummary(config, {}, epochs, true)!;
    expect(complete.spread.count).toBe(3);
    // The planned epochs follow a tuned epoch count.
    expect(
      trialFoldSummary(config, { epochs: 20 }, [{ epoch: 21, valLoss: 1, valMetric: 0 }], true)!.epochs,
    ).toHaveLength(2);
    expect(trialFoldSummary({ ...config, folds: undefined }, {}, epochs, true)).toBeNull();
  });
});
