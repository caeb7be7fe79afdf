import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../src/core/rng";
import type { DatasetArrays, EpochReport, TrainConfig, TransferConfig } from "../src/shared/train";
import { createDataTensors, DataCache } from "./data-tensors";
import { Network } from "./network";
import { preparedArrays } from "./prepared-data";
import { arrayConfig, builtinArrays } from "./test/datasets";
import { testConfig } from "./test/configs";
import { trainEpoch, type StepContext } from "./train-step";
import { trainModel, type TrainOptions } from "./trainer";
import { classRows, fineTuneSetup, pretrainInto, subsetMeta, subsetTensors, transferPlan } from "./transfer";
import { validateTrainConfig } from "./validate-config";

const builtin = (id: string) =>
  builtinArrays(id, (path) => new Uint8Array(readFileSync(new URL(`../public/${path}`, import.meta.url))));

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const LOW = [0, 1, 2, 3, 4];
const HIGH = [5, 6, 7, 8, 9];

/** A small digits run on classes 5 to 9, pretrained on 0 to 4 unless `pretrain` is null. */
function transferConfig(
  lowerRateFactor: number | null,
  over: Partial<TrainConfig> = {},
  transfer: Partial<TransferConfig> = {},
): TrainConfig {
  const base = arrayConfig("digits", { epochs: 2, batchSize: 8, ...over }, { valRatio: 0.3, testRatio: 0.1 });
  return {
    ...base,
    transfer: {
      classes: HIGH,
      examplesPerClass: 4,
      ...(lowerRateFactor === null ? {} : { pretrain: { classes: LOW, epochs: 1, lowerRateFactor } }),
      ...transfer,
    },
  };
}

async function run(config: TrainConfig, arrays: DatasetArrays, options: TrainOptions = {}, stopAfter = -1) {
  const reports: EpochReport[] = [];
  let checks = 0;
  const held = () => tf.memory().numTensors - (options.cache?.tensorCount ?? 0);
  const before = held();
  const result = await trainModel(
    config,
    (r) => {
      reports.push(r);
    },
    () => stopAfter >= 0 && ++checks > stopAfter,
    tf,
    { datasets: (id) => (id === arrays.id ? arrays : undefined), ...options },
  );
  return { reports, result, leaked: held() - before };
}

describe("transfer settings are checked, naming the value", () => {
  const bad: [string, TrainConfig, RegExp][] = [
    [
      "one class",
      transferConfig(0, {}, { classes: [5] }),
      /Transfer classes must be a list of at least 2.*\[5\]/,
    ],
    [
      "a repeated class",
      transferConfig(0, {}, { classes: [5, 6, 5] }),
      /must not repeat a class, got 5 twice/,
    ],
    ["a fractional class", transferConfig(0, {}, { classes: [5, 6.5] }), /Transfer classes\[1\].*got 6.5/],
    ["negative examples", transferConfig(0, {}, { examplesPerClass: -1 }), /examplesPerClass.*got -1/],
    [
      "overlapping classes",
      transferConfig(0, {}, { pretrain: { classes: [4, 5], epochs: 1, lowerRateFactor: 0 } }),
      /must differ from the target classes, but both have 5/,
    ],
    [
      "a rate factor above 1",
      transferConfig(0, {}, { pretrain: { classes: LOW, epochs: 1, lowerRateFactor: 2 } }),
      /lowerRateFactor must be between 0 and 1, got 2/,
    ],
    [
      "a fractional pretraining batch size",
      transferConfig(0, {}, { pretrain: { classes: LOW, epochs: 1, batchSize: 2.5, lowerRateFactor: 0 } }),
      /pretrain batchSize must be an integer from 1 to 65536, got 2.5/,
    ],
    [
      "zero pretraining epochs",
      transferConfig(0, {}, { pretrain: { classes: LOW, epochs: 0, lowerRateFactor: 0 } }),
      /pretrain epochs must be an integer from 1 to 1000, got 0/,
    ],
    [
      "a 2D dataset",
      { ...testConfig(), transfer: transferConfig(0).transfer },
      /multi-class array dataset.*"spiral"/,
    ],
  ];
  it.each(bad)("refuses %s", (_, config, message) => {
    expect(() => validateTrainConfig(config)).toThrow(message);
  });

  it("refuses classes the dataset does not have, and datasets that are not multi-class", async () => {
    const digits = builtin("digits");
    await expect(run(transferConfig(0, {}, { classes: [5, 12] }), digits)).rejects.toThrow(
      /class 12, but dataset "digits" has classes 0 to 9 only/,
    );
    const cancer = builtin("breast-cancer");
    const config = { ...transferConfig(null), data: { ...transferConfig(null).data, id: "breast-cancer" } };
    await expect(
      run({ ...config, transfer: { classes: [0, 1], examplesPerClass: 3 } }, cancer),
    ).rejects.toThrow(/needs a multi-class dataset; dataset "breast-cancer" is binary/);
  });
});

describe("class subsets", () => {
  it("keeps at most examplesPerClass training rows of each class, relabelled in the order given", () => {
    const digits = builtin("digits");
    const whole = preparedArrays(digits, transferConfig(0).data as never, 1);
    const rows = classRows(whole, [7, 5], 3, "target");
    const meta = subsetMeta(whole, rows, [7, 5]);
    expect(meta.classes).toBe(2);
    expect(rows.train.length).toBe(6);
    expect(rows.train.map((p) => whole.trainY[p]).sort()).toEqual([5, 5, 5, 7, 7, 7]);
    rows.train.forEach((p, i) => expect(meta.trainY[i]).toBe(whole.trainY[p] === 7 ? 0 : 1));
    // Validation keeps every row of the classes, named by dataset row.
    expect(meta.valY.length).toBe([...whole.valY].filter((y) => y === 5 || y === 7).length);
    meta.valRows!.forEach((row, i) => expect(digits.y[row]).toBe(meta.valY[i] === 0 ? 7 : 5));
    expect(() => classRows(whole, [5, 42], 3, "target")).toThrow(/target class 42 has no training examples/);
  });
});

describe("pretraining and fine-tuning", () => {
  /** A target network pretrained on 0 to 4, with the tensors of its 5-to-9 task. */
  async function pretrained(factor: number, batchNorm = false) {
    const digits = builtin("digits");
    const base = transferConfig(factor);
    const config = { ...base, model: { ...base.model, batchNorm } } as Parameters<
      typeof pretrainInto
    >[0]["config"];
    const whole = preparedArrays(digits, config.data as never, config.seed);
    const wholeTensors = createDataTensors(tf, whole);
    const plan = transferPlan(whole, config.transfer);
    const targetMeta = plan.data;
    const targetTensors = subsetTensors(tf, wholeTensors, plan.target, targetMeta);
    const rng = () => new Rng(3);
    const model = new Network(tf, config.model, whole.exampleShape, 5, rng());
    const initialLower = model.lower.map((v) => v.dataSync().slice());
    const outcome = await pretrainInto(
      {
        tf,
        config,
        source: plan.source!,
        wholeTensors,
        streams: { init: rng(), dropout: rng(), shuffle: rng(), augment: rng() },
        pace: async () => {},
        shouldStop: () => false,
      },
      model,
    );
    wholeTensors.dispose();
    return { config, model, outcome, initialLower, targetMeta, targetTensors };
  }

  async function fineTune(p: Awaited<ReturnType<typeof pretrained>>) {
    const { variables, optimizer, updateMovingStats } = fineTuneSetup(tf, p.config, p.model);
    const epochSums = tf.tidy(() => tf.variable(tf.zeros([2]), false));
    const context: StepContext = {
      tf,
      task: "multiclass",
      model: p.model,
      variables,
      optimizer,
      exampleShape: p.targetMeta.exampleShape,
      augment: undefined,
      dropoutRng: new Rng(1),
      augmentRng: new Rng(2),
      epochSums,
      updateMovingStats,
    };
    const plan = {
      trainX: p.targetTensors.trainX,
      trainY: p.targetTensors.trainY,
      batchSize: 8,
      order: Array.from({ length: p.targetTensors.trainX.shape[0] }, (_, i) => i),
      shuffleRng: new Rng(4),
      rateAt: () => 0.05,
      pace: async () => {},
      shouldStop: () => false,
    };
    for (let epoch = 0; epoch < 3; epoch++) await trainEpoch(context, plan, epoch * 3);
    optimizer.dispose();
    epochSums.dispose();
    return variables;
  }

  it.each([false, true])(
    "copies the pretrained lower layers; frozen ones stay exactly as pretrained while the new head learns (batch norm: %s)",
    async (batchNorm) => {
      const before = tf.memory().numTensors;
      const p = await pretrained(0, batchNorm);
      // With batch norm, the lower variables include its moving statistics: they must not move either.
      expect(p.model.lower.length).toBe(batchNorm ? 5 : 2);
      expect(p.outcome.valMetric).toBeGreaterThan(0.8);
      const afterPretrain = p.model.lower.map((v) => v.dataSync().slice());
      // Pretraining changed the lower layers the target network started with.
      expect(afterPretrain.some((values, i) => values.some((x, j) => x !== p.initialLower[i][j]))).toBe(true);
      const head = p.model.head.map((v) => v.dataSync().slice());
      const trained = await fineTune(p);
      expect(trained).toEqual(p.model.head);
      p.model.lower.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(afterPretrain[i])));
      expect(p.model.head[0].dataSync().some((x, j) => x !== head[0][j])).toBe(true);
      p.model.dispose();
      p.targetTensors.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it("with a smaller rate the lower layers move, by less than the head", async () => {
    const p = await pretrained(0.1);
    const values = (v: tf.Variable) => Float32Array.from(v.dataSync());
    const lower = p.model.lower.map(values);
    const head = p.model.head.map(values);
    const trained = await fineTune(p);
    expect(trained.length).toBe(p.model.trainable.length);
    const meanChange = (now: Float32Array, was: Float32Array) =>
      now.reduce((s, x, j) => s + Math.abs(x - was[j]), 0) / now.length;
    const lowerChange = meanChange(values(p.model.lower[0]), lower[0]);
    const headChange = meanChange(values(p.model.head[0]), head[0]);
    expect(lowerChange).toBeGreaterThan(0);
    expect(lowerChange).toBeLessThan(headChange / 3);
    p.model.dispose();
    p.targetTensors.dispose();
  });
});

describe("a transfer run in one training call", () => {
  it("reports epochs on the target classes only, with the pretraining outcome, and leaks no tensor", async () => {
    const digits = builtin("digits");
    for (const factor of [null, 0, 0.1]) {
      const { reports, result, leaked } = await run(transferConfig(factor), digits);
      expect(result.status).toBe("completed");
      expect(reports.map((r) => r.epoch)).toEqual([1, 2]);
      // 4 examples of each of 5 classes, batches of 8: 3 steps per epoch.
      expect(reports[1].step).toBe(6);
      expect(result.confusion!.length).toBe(5);
      for (const m of result.misclassified!) {
        expect(HIGH).toContain(m.actual);
        expect(digits.y[m.index]).toBe(m.actual);
      }
      if (factor === null) expect(result.pretrain).toBeUndefined();
      else expect(result.pretrain!.valMetric).toBeGreaterThan(0.8);
      expect(Number.isFinite(result.testLoss)).toBe(true);
      expect(leaked).toBe(0);
    }
  });

  it("works from a cached split, and stops cleanly while pretraining", async () => {
    const digits = builtin("digits");
    const cache = new DataCache();
    const cached = await run(transferConfig(0), digits, { cache });
    expect(cached.leaked).toBe(0);
    expect(cache.tensorCount).toBeGreaterThan(0);
    const fresh = await run(transferConfig(0), digits);
    expect(cached.result.finalValLoss).toBeCloseTo(fresh.result.finalValLoss, 5);
    const stopped = await run(transferConfig(0), digits, { cache }, 2);
    expect(stopped.result.status).toBe("stopped");
    expect(stopped.result.message).toMatch(/stopped while pretraining, after 0 of 1 epochs/);
    expect(stopped.reports).toEqual([]);
    expect(stopped.leaked).toBe(0);
    cache.clear();
  });
});
