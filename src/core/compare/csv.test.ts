import { describe, expect, it } from "vitest";
import { defaultConfig } from "../playground-config";
import { compareRunsCsv, type CompareCsvEpoch } from "./csv";
import type { CompareSettings } from "./settings";

const settings = (over: Partial<CompareSettings> = {}): CompareSettings => ({
  base: defaultConfig(),
  param: "optimizer",
  values: ["adam", "sgd"],
  nuisance: "lr",
  nuisanceValues: [0.01, 0.1],
  seeds: 2,
  metric: "best",
  band: "range",
  ...over,
});

const epoch = (n: number, valLoss: number): CompareCsvEpoch => ({
  epoch: n,
  lr: 0.01,
  trainLoss: valLoss - 0.1,
  valLoss,
  trainMetric: 0.9,
  valMetric: 0.85,
});

describe("compareRunsCsv", () => {
  it("writes one row per run and epoch, with the value, the nuisance value and the seed", () => {
    const csv = compareRunsCsv(settings(), [
      { valueIndex: 1, nuisanceIndex: 0, seed: 7, status: "done", epochs: [epoch(1, 0.5), epoch(2, 0.4)] },
      { valueIndex: 0, nuisanceIndex: 1, seed: 8, status: "failed", epochs: [epoch(1, NaN)] },
      { valueIndex: 0, nuisanceIndex: 0, seed: 7, status: "waiting", epochs: [] },
    ]);
    expect(csv.split("\r\n")).toEqual([
      "optimizer,lr,seed,status,epoch,learning_rate,train_loss,val_loss,train_accuracy,val_accuracy",
      "sgd,0.01,7,done,1,0.01,0.4,0.5,0.9,0.85",
      "sgd,0.01,7,done,2,0.01,0.30000000000000004,0.4,0.9,0.85",
      // A diverged epoch's loss is not a number: an empty cell.
      "adam,0.1,8,failed,1,0.01,,,0.9,0.85",
      "adam,0.01,7,waiting,,,,,,",
      "",
    ]);
  });

  it("has no nuisance column without a nuisance parameter, and RMSE columns for regression", () => {
    const base = { ...defaultConfig(), dataset: "reg-plane" as const };
    const csv = compareRunsCsv(
      settings({ base, param: "lr", values: [0.1], nuisance: null, nuisanceValues: [] }),
      [{ valueIndex: 0, nuisanceIndex: 0, seed: 1, status: "done", epochs: [epoch(1, 2)] }],
    );
    expect(csv.split("\r\n")[0]).toBe(
      "lr,seed,status,epoch,learning_rate,train_loss,val_loss,train_rmse,val_rmse",
    );
    expect(csv.split("\r\n")[1]).toBe("0.1,1,done,1,0.01,1.9,2,0.9,0.85");
  });

  it("refuses a run whose value index is not one of the values, naming it", () => {
    expect(() =>
      compareRunsCsv(settings(), [{ valueIndex: 5, nuisanceIndex: 0, seed: 1, status: "done", epochs: [] }]),
    ).toThrow(/value index 5 is outside the 2 values/);
  });
});
