import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { datasetCard, generateBuiltin } from "../src/core/datasets/catalog";
import type { DatasetArrays, EpochReport, TrainConfig } from "../src/shared/train";
import { DataCache } from "./data-tensors";
import { preparedArrays } from "./prepared-data";
import { trainModel, type TrainOptions } from "./trainer";
import { arrayConfig, builtinArrays } from "./test/datasets";

/** A shipped dataset, read from public/. */
const builtin = (id: string) =>
  builtinArrays(id, (path) => new Uint8Array(readFileSync(new URL(`../public/${path}`, import.meta.url))));

beforeAll(async () => {
  await tf.setBackend("cpu");
});

async function run(config: TrainConfig, arrays: DatasetArrays, options: TrainOptions = {}) {
  const reports: EpochReport[] = [];
  const before = tf.memory().numTensors;
  const result = await trainModel(
    config,
    (r) => {
      reports.push(r);
    },
    () => false,
    tf,
    { datasets: (id) => (id === arrays.id ? arrays : undefined), ...options },
  );
  return { reports, result, before, after: tf.memory().numTensors };
}

describe("training on array datasets", () => {
  it("learns iris, scores the held-out test set and names the misclassified validation rows", async () => {
    const iris = builtin("iris");
    const config = arrayConfig("iris", { epochs: 30 });
    const { result, before, after } = await run(config, iris);
    expect(result.status).toBe("completed");
    expect(result.finalValMetric).toBeGreaterThan(0.9);
    expect(result.testMetric).toBeGreaterThan(0.85);
    expect(Number.isFinite(result.testLoss)).toBe(true);
    const split = preparedArrays(iris, config.data, config.seed).split;
    // 150 rows: 30 for test, 24 of the other 120 for validation.
    expect([split.train.length, split.val.length, split.test.length]).toEqual([96, 24, 30]);
    const confusion = result.confusion!;
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(24);
    const wrong = 24 - confusion.reduce((a, row, i) => a + row[i], 0);
    expect(result.misclassified!.length).toBe(wrong);
    for (const m of result.misclassified!) {
      expect(split.val).toContain(m.index);
      expect(m.actual).toBe(iris.y[m.index]);
      expect(m.predicted).not.toBe(m.actual);
      expect(confusion[m.actual][m.predicted]).toBeGreaterThan(0);
    }
    expect(after).toBe(before);
  });

  it("trains regression on standardised targets and reports RMSE in the target's units (diabetes)", async () => {
    const diabetes = builtin("diabetes");
    const model = { ...arrayConfig("x").model, hiddenLayers: [] };
    const config = arrayConfig("diabetes", { epochs: 15, learningRate: 0.05, model });
    const { result, before, after } = await run(config, diabetes);
    expect(result.confusion).toBeUndefined();
    expect(result.misclassified).toBeUndefined();
    const p = preparedArrays(diabetes, config.data, config.seed);
    const { std } = p.targetScale!;
    // The loss is the MSE of standardised targets; the RMSE is in the target's units.
    expect(result.testMetric).toBeCloseTo(Math.sqrt(result.testLoss!) * std, 2);
    const { actual, predicted } = result.predictions!;
    expect(actual).toEqual(Float32Array.from(p.split.val, (r) => diabetes.y[r]));
    const rmse = Math.sqrt(actual.reduce((s, a, i) => s + (a - predicted[i]) ** 2, 0) / actual.length);
    expect(rmse).toBeCloseTo(result.finalValMetric, 2);
    // A linear model on the ten standardised features beats predicting the mean (sd ≈ 77) by a margin.
    expect(std).toBeGreaterThan(70);
    expect(result.testMetric).toBeLessThan(65);
    expect(after).toBe(before);
  });

  it("has no test metric when the test ratio is 0", async () => {
    const friedman = generateBuiltin(datasetCard("friedman1"));
    const { result } = await run(arrayConfig("friedman1", { epochs: 2 }, { testRatio: 0 }), friedman);
    expect(result.testLoss).toBeUndefined();
    expect(result.testMetric).toBeUndefined();
    expect(Number.isFinite(result.finalValMetric)).toBe(true);
  });

  it("standardises with the training rows' statistics alone", () => {
    const iris = builtin("iris");
    const spec = arrayConfig("iris").data;
    const p = preparedArrays(iris, spec, 1);
    for (let j = 0; j < 4; j++) {
      const column = Array.from({ length: p.split.train.length }, (_, i) => p.trainX[i * 4 + j]);
      const mean = column.reduce((a, b) => a + b, 0) / column.length;
      const sd = Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / column.length);
      expect(mean).toBeCloseTo(0, 5);
      expect(sd).toBeCloseTo(1, 4);
    }
    // Wildly different validation and test values change nothing the training side sees.
    const x = Float32Array.from(iris.x);
    for (const r of [...p.split.val, ...p.split.test]) for (let j = 0; j < 4; j++) x[r * 4 + j] *= 1000;
    const q = preparedArrays({ ...iris, x }, spec, 1);
    expect(q.split).toEqual(p.split);
    expect(q.trainX).toEqual(p.trainX);
    expect(q.standardizer).toEqual(p.standardizer);
    expect(q.valX).not.toEqual(p.valX);
    // Images are only scaled (digits: 4-bit values × 1/16).
    const digits = builtin("digits");
    const d = preparedArrays(digits, { ...spec, id: "digits" }, 1);
    expect(d.standardizer).toBeNull();
    const row = d.split.train[0];
    expect(Array.from(d.trainX.slice(0, 64))).toEqual(
      Array.from(digits.x.slice(row * 64, row * 64 + 64), (v) => v / 16),
    );
  });

  it("validates on each fold in turn: disjoint validation sets covering the non-test rows, one test set", async () => {
    const wine = builtin("wine");
    const spec = arrayConfig("wine").data;
    const folds = [0, 1, 2].map((index) => preparedArrays(wine, spec, 1, { k: 3, index }));
    const tests = folds.map((f) => f.split.test.join());
    expect(new Set(tests).size).toBe(1);
    const vals = folds.map((f) => f.split.val);
    const all = vals.flat().sort((a, b) => a - b);
    expect(new Set(all).size).toBe(all.length);
    const nonTest = [...folds[0].split.train, ...folds[0].split.val].sort((a, b) => a - b);
    expect(all).toEqual(nonTest);
    for (const f of folds) expect(f.split.train.filter((r) => f.split.val.includes(r))).toEqual([]);
    // Training on two folds validates on different rows and so reports different results.
    const results = [];
    for (const index of [0, 1]) {
      const { result } = await run(arrayConfig("wine", { epochs: 3, fold: { k: 3, index } }), wine);
      for (const m of result.misclassified!) expect(vals[index]).toContain(m.index);
      expect(result.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(vals[index].length);
      results.push(result.finalValLoss);
    }
    expect(results[0]).not.toBe(results[1]);
  });

  it("refuses convolutions and augmentation on tables, a missing dataset, and too much pooling, naming the value", async () => {
    const iris = builtin("iris");
    const digits = builtin("digits");
    const before = tf.memory().numTensors;
    const model = arrayConfig("iris").model;
    const conv = [{ filters: 4, kernel: 3, pool: "max" as const }];
    await expect(run(arrayConfig("iris", { model: { ...model, conv } }), iris)).rejects.toThrow(
      /Convolutional blocks need image data; dataset "iris" has examples of shape \[4\]/,
    );
    await expect(
      run(arrayConfig("iris", { augment: { shift: 1, flip: false, noise: 0 } }), iris),
    ).rejects.toThrow(/Augmentation needs image data; dataset "iris"/);
    await expect(run(arrayConfig("wine"), iris)).rejects.toThrow(
      'Dataset "wine" has not been handed to this worker',
    );
    await expect(
      run(arrayConfig("digits", { model: { ...model, conv: [...conv, ...conv, ...conv, ...conv] } }), digits),
    ).rejects.toThrow(/block 4 pools a 1×1 map.*8×8 images/);
    await expect(
      run(arrayConfig("digits", { augment: { shift: 8, flip: false, noise: 0 } }), digits),
    ).rejects.toThrow(/shift must be smaller than the image side 8.*got 8/);
    await expect(run(arrayConfig("iris", {}, { valRatio: 0 }), iris)).rejects.toThrow(
      /Validation ratio.*got 0/,
    );
    await expect(run(arrayConfig("iris", {}, { valRatio: 0.5, testRatio: 0.5 }), iris)).rejects.toThrow(
      /add up to less than 1.*0\.5 \+ 0\.5/,
    );
    await expect(run(arrayConfig("iris", { fold: { k: 2, index: 0 } }), iris)).rejects.toThrow(
      /Fold count k.*got 2/,
    );
    await expect(run(arrayConfig("iris", { fold: { k: 5, index: 5 } }), iris)).rejects.toThrow(
      /Fold index.*got 5/,
    );
    await expect(
      run(
        arrayConfig("iris", { model: { ...model, conv: [{ filters: 4, kernel: 3, pool: "min" as "max" }] } }),
        iris,
      ),
    ).rejects.toThrow(/Unknown pooling "min" in convolutional block 1/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("rejects bad convolution, augmentation and dataset fields before touching the data", async () => {
    const iris = builtin("iris");
    const model = arrayConfig("iris").model;
    const block = { filters: 4, kernel: 3, pool: "max" as const };
    const bad: [TrainConfig, RegExp][] = [
      [
        arrayConfig("iris", { model: { ...model, conv: [{ ...block, filters: 0 }] } }),
        /Filters of convolutional block 1.*got 0/,
      ],
      [
        arrayConfig("iris", { model: { ...model, conv: [block, { ...block, kernel: 10 }] } }),
        /Kernel size of convolutional block 2.*got 10/,
      ],
      [arrayConfig("iris", { model: { ...model, conv: Array(5).fill(block) } }), /at most 4/],
      [
        arrayConfig("iris", { augment: { shift: 1.5, flip: false, noise: 0 } }),
        /Augmentation shift.*got 1\.5/,
      ],
      [
        arrayConfig("iris", { augment: { shift: 0, flip: "yes" as unknown as boolean, noise: 0 } }),
        /flip must be true or false, got yes/,
      ],
      [arrayConfig("iris", { augment: { shift: 0, flip: false, noise: 2 } }), /Augmentation noise.*got 2/],
      [arrayConfig("iris", {}, { id: "" }), /Dataset id must be a non-empty string, got ""/],
      [arrayConfig("iris", {}, { testRatio: -0.1 }), /Test ratio.*got -0\.1/],
      [
        { ...arrayConfig("iris"), data: { ...arrayConfig("iris").data, kind: "table" as "builtin" } },
        /Unknown dataset kind "table"/,
      ],
    ];
    for (const [config, message] of bad) await expect(run(config, iris)).rejects.toThrow(message);
  });

  it("keeps the split's tensors in a cache across runs and disposes them when the split changes", async () => {
    const iris = builtin("iris");
    const cache = new DataCache();
    const baseline = tf.memory().numTensors;
    const first = await run(arrayConfig("iris", { epochs: 1 }), iris, { cache });
    const held = cache.tensorCount;
    expect(held).toBe(6); // train, validation and test: values and targets
    expect(first.after).toBe(baseline + held);
    const entry = cache.get(tf, iris, arrayConfig("iris").data, 1);
    const second = await run(arrayConfig("iris", { epochs: 1, learningRate: 0.02 }), iris, { cache });
    expect(second.after).toBe(second.before);
    expect(cache.get(tf, iris, arrayConfig("iris").data, 1)).toBe(entry);
    // Another split replaces the entry: the old tensors go, the new ones (no test set) stay.
    await run(arrayConfig("iris", { epochs: 1 }, { testRatio: 0 }), iris, { cache });
    expect(cache.tensorCount).toBe(4);
    expect(tf.memory().numTensors).toBe(baseline + 4);
    cache.forget({ ...iris });
    expect(cache.tensorCount).toBe(4);
    cache.forget(iris);
    expect(tf.memory().numTensors).toBe(baseline);
  });
});

describe("training on images", () => {
  const digitsModel = {
    ...arrayConfig("digits").model,
    conv: [{ filters: 8, kernel: 3, pool: "max" as const }],
    hiddenLayers: [32],
  };

  it("a small CNN learns the 8×8 digits to above 90% validation accuracy", async () => {
    const digits = builtin("digits");
    const { reports, result, before, after } = await run(
      arrayConfig("digits", { model: digitsModel, epochs: 4 }),
      digits,
    );
    expect(reports.length).toBe(4);
    expect(result.finalValMetric).toBeGreaterThan(0.9);
    expect(result.testMetric).toBeGreaterThan(0.9);
    expect(result.confusion!.length).toBe(10);
    expect(result.misclassified!.length).toBeLessThanOrEqual(64);
    expect(after).toBe(before);
  });

  it("augments every training batch from the seed, without leaking tensors", async () => {
    const digits = builtin("digits");
    const augment = { shift: 1, flip: true, noise: 0.05 };
    const config = arrayConfig(
      "digits",
      { model: digitsModel, epochs: 1, augment },
      { valRatio: 0.1, testRatio: 0.5 },
    );
    const a = await run(config, digits);
    const b = await run(config, digits);
    const plain = await run({ ...config, augment: undefined }, digits);
    expect(b.reports[0].trainLoss).toBe(a.reports[0].trainLoss);
    expect(b.result.finalValLoss).toBe(a.result.finalValLoss);
    expect(plain.reports[0].trainLoss).not.toBe(a.reports[0].trainLoss);
    expect(a.after).toBe(a.before);
    expect(b.after).toBe(b.before);
  });
});
