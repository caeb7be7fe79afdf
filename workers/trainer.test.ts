import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { learningRateAt } from "../src/core/schedules";
import { prepare2D } from "../src/core/datasets/prepare";
import type { Activation, EpochReport, OptimizerName, TrainConfig } from "../src/shared/train";
import { prepared2D } from "./prepared-data";
import { divergedMessage, trainModel } from "./trainer";
import { testConfig, type Test2DConfig } from "./test/configs";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Runs a config and returns the reports, the result, and the tensor count before and after. */
async function run(config: TrainConfig, stopAfterBatches = Infinity) {
  const reports: EpochReport[] = [];
  let checks = 0;
  const before = tf.memory().numTensors;
  const result = await trainModel(
    config,
    (r) => {
      reports.push(r);
    },
    () => ++checks > stopAfterBatches,
  );
  return { reports, result, before, after: tf.memory().numTensors };
}

describe("trainModel", () => {
  it("lowers the loss on the spiral with the Playground's features and a 2-layer net", async () => {
    const { reports, result, before, after } = await run(
      testConfig({ data: { ...testConfig().data, samples: 300 }, epochs: 25 }),
    );
    expect(result.status).toBe("completed");
    expect(result.message).toBe("completed 25 epochs");
    expect(reports.length).toBe(25);
    expect(reports[24].trainLoss).toBeLessThan(0.6 * reports[0].trainLoss);
    expect(result.finalValMetric).toBeGreaterThan(0.8);
    expect(result.backend).toBe("cpu");
    expect(after).toBe(before);
  });

  it("gives exactly the same losses for the same seed (dropout and batch norm included)", async () => {
    const config = testConfig({
      model: { ...testConfig().model, dropout: 0.3, batchNorm: true, l2: 1e-3 },
      epochs: 3,
    });
    const a = await run(config);
    const b = await run(config);
    const losses = (r: EpochReport[]) => r.map((e) => [e.trainLoss, e.valLoss, e.trainMetric, e.valMetric]);
    expect(losses(b.reports)).toEqual(losses(a.reports));
    expect(b.result.confusion).toEqual(a.result.confusion);
    const c = await run({ ...config, seed: 2 });
    expect(losses(c.reports)).not.toEqual(losses(a.reports));
  });

  it("reports every epoch: losses, metrics, per-step rates from the schedule, steps, speed", async () => {
    const schedule = { ...testConfig().schedule, kind: "cosine" as const, warmupEpochs: 0.5, minFactor: 0.1 };
    const config = testConfig({ schedule, epochs: 3, batchSize: 32 });
    const { reports } = await run(config);
    const stepsPerEpoch = Math.ceil(140 / 32);
    reports.forEach((r, i) => {
      expect(r.epoch).toBe(i + 1);
      expect(r.step).toBe((i + 1) * stepsPerEpoch);
      expect(r.stepLrs.length).toBe(stepsPerEpoch);
      r.stepLrs.forEach((lr, j) =>
        expect(lr).toBe(learningRateAt(i * stepsPerEpoch + j, 0.03, schedule, stepsPerEpoch, 3)),
      );
      expect(r.lr).toBe(r.stepLrs[stepsPerEpoch - 1]);
      expect(r.trainMetric).toBeGreaterThanOrEqual(0);
      expect(r.trainMetric).toBeLessThanOrEqual(1);
      expect(r.samplesPerSec).toBeGreaterThan(0);
      expect(r.epochMs).toBeGreaterThan(0);
      expect(r.boundary).toBeUndefined();
    });
  });

  it("reports the decision boundary on the grid: P(class 1) for binary, classes for multi-class", async () => {
    const binary = await run(testConfig({ epochs: 1, boundaryResolution: 9 }));
    const grid = binary.reports[0].boundary!;
    expect(grid.length).toBe(81);
    for (const p of grid) expect(p >= 0 && p <= 1).toBe(true);

    const multi = await run(
      testConfig({
        data: { ...testConfig().data, generator: "multiclass", classes: 3, samples: 150 },
        epochs: 8,
        boundaryResolution: 12,
      }),
    );
    const classes = multi.reports[7].boundary!;
    expect(classes.length).toBe(144);
    expect(new Set(classes)).toEqual(new Set([0, 1, 2]));
    // Rows run from the top (x2 = +6); class 0's cluster sits at the top, centre (0, 3.5).
    expect(classes[1 * 12 + 6]).toBe(0);
    const { confusion } = multi.result;
    expect(confusion!.length).toBe(3);
    const total = confusion!.flat().reduce((a, b) => a + b, 0);
    const trace = confusion!.reduce((a, row, i) => a + row[i], 0);
    expect(total).toBe(45);
    expect(trace / total).toBeCloseTo(multi.result.finalValMetric, 6);
    expect(multi.after).toBe(multi.before);
  });

  it("reports RMSE and validation predictions for regression", async () => {
    const config = testConfig({
      data: { ...testConfig().data, generator: "reg-plane", samples: 200 },
      epochs: 4,
      learningRate: 0.01,
    });
    const { reports, result } = await run(config);
    for (const r of reports) expect(r.valMetric).toBeCloseTo(Math.sqrt(r.valLoss), 5);
    expect(result.confusion).toBeUndefined();
    const { actual, predicted } = result.predictions!;
    expect(actual).toEqual(prepare2D(config.data, config.seed).valY);
    const rmse = Math.sqrt(actual.reduce((s, a, i) => s + (a - predicted[i]) ** 2, 0) / actual.length);
    expect(rmse).toBeCloseTo(result.finalValMetric, 4);
    expect(result.finalValMetric).toBeLessThan(reports[0].valMetric + 1e-9);
  });

  it("stops early when validation loss does not improve, and restores the best weights", async () => {
    // A minDelta no change can beat: epoch 1 stays the best, and patience 2 stops after epoch 3.
    const config = testConfig({
      epochs: 10,
      earlyStopping: { enabled: true, patience: 2, minDelta: 1e9, restoreBest: true },
    });
    const { reports, result, before, after } = await run(config);
    expect(result.status).toBe("early-stopped");
    expect(reports.length).toBe(3);
    expect(result.epochs).toBe(3);
    expect(result.bestEpoch).toBe(1);
    expect(result.bestValLoss).toBe(reports[0].valLoss);
    // The model ends with epoch 1's weights: the final evaluation gives epoch 1's validation loss.
    expect(result.finalValLoss).toBe(reports[0].valLoss);
    expect(result.finalValLoss).not.toBe(reports[2].valLoss);
    expect(result.message).toMatch(/early-stopped at epoch 3.*best epoch 1/);
    expect(after).toBe(before);
  });

  it("keeps the last weights without restoreBest", async () => {
    const config = testConfig({
      epochs: 10,
      earlyStopping: { enabled: true, patience: 1, minDelta: 1e9, restoreBest: false },
    });
    const { reports, result } = await run(config);
    expect(result.status).toBe("early-stopped");
    expect(result.bestEpoch).toBe(2);
    expect(result.finalValLoss).toBe(reports[1].valLoss);
  });

  it("stops after the current batch when asked, without leaking tensors", async () => {
    const { reports, result, before, after } = await run(testConfig({ epochs: 5 }), 12);
    // 140 examples in batches of 16 = 9 steps per epoch: the 12th check falls in epoch 2.
    expect(result.status).toBe("stopped");
    expect(reports.length).toBe(1);
    expect(result.epochs).toBe(1);
    expect(result.message).toBe("stopped after 1 epoch");
    expect(Number.isFinite(result.finalValLoss)).toBe(true);
    expect(after).toBe(before);
  });

  it("reports divergence with the epoch number when the learning rate is far too high", async () => {
    const config = testConfig({
      data: { ...testConfig().data, generator: "reg-plane" },
      optimizer: { ...testConfig().optimizer, name: "sgd" },
      learningRate: 1e4,
      epochs: 20,
    });
    const { reports, result, before, after } = await run(config);
    expect(result.status).toBe("diverged");
    expect(result.message).toBe(divergedMessage(result.epochs));
    expect(result.message).toMatch(/^diverged at epoch \d+ — learning rate too high\?$/);
    expect(reports.length).toBe(result.epochs - 1);
    expect(result.predictions).toBeUndefined();
    expect(after).toBe(before);
  });

  it("restores the best weights when a run diverges with restoreBest", async () => {
    const config = testConfig({
      data: { ...testConfig().data, generator: "reg-plane" },
      optimizer: { ...testConfig().optimizer, name: "sgd" },
      learningRate: 0.3,
      schedule: { ...testConfig().schedule, kind: "exponential", gamma: 1e3 },
      epochs: 20,
      earlyStopping: { enabled: true, patience: 50, minDelta: 0, restoreBest: true },
    });
    const { reports, result } = await run(config);
    expect(result.status).toBe("diverged");
    expect(reports.length).toBeGreaterThan(0);
    expect(Number.isFinite(result.finalValLoss)).toBe(true);
    expect(result.finalValLoss).toBe(result.bestValLoss);
    expect(result.predictions).toBeDefined();
  });

  it("trains with every optimizer without NaN and lowers the loss", async () => {
    const rates: Record<OptimizerName, number> = {
      sgd: 0.1,
      momentum: 0.05,
      nesterov: 0.05,
      rmsprop: 0.01,
      adam: 0.02,
      adamw: 0.02,
      adagrad: 0.1,
    };
    for (const name of Object.keys(rates) as OptimizerName[]) {
      const config = testConfig({
        data: { ...testConfig().data, generator: "gaussian", samples: 100 },
        optimizer: { ...testConfig().optimizer, name, momentum: name === "rmsprop" ? 0.5 : 0.9 },
        learningRate: rates[name],
        epochs: 4,
      });
      const { reports, result, before, after } = await run(config);
      expect(result.status, name).toBe("completed");
      for (const r of reports)
        expect(Number.isFinite(r.trainLoss) && Number.isFinite(r.valLoss), name).toBe(true);
      expect(reports[3].trainLoss, name).toBeLessThan(reports[0].trainLoss);
      expect(after, name).toBe(before);
    }
  });

  it("trains with every activation, batch norm and L1/L2 without NaN", async () => {
    const activations: Activation[] = ["relu", "tanh", "sigmoid", "elu", "selu", "swish", "gelu", "linear"];
    for (const activation of activations) {
      for (const batchNorm of [false, true]) {
        const config = testConfig({
          data: { ...testConfig().data, generator: "circle", samples: 100 },
          model: {
            ...testConfig().model,
            activation,
            batchNorm,
            dropout: 0.2,
            l1: 1e-4,
            l2: 1e-3,
            init: "he",
          },
          epochs: 3,
        });
        const { reports, result } = await run(config);
        const label = `${activation}${batchNorm ? " + batch norm" : ""}`;
        expect(result.status, label).toBe("completed");
        for (const r of reports)
          expect(Number.isFinite(r.trainLoss) && Number.isFinite(r.valLoss), label).toBe(true);
      }
    }
  });

  it("rejects bad configurations with a message naming the value, before creating tensors", async () => {
    const before = tf.memory().numTensors;
    const bad: [Partial<Test2DConfig>, RegExp][] = [
      [{ learningRate: -1 }, /Learning rate.*-1/],
      [{ batchSize: 0 }, /Batch size.*0/],
      [{ epochs: 2.5 }, /Epochs.*2\.5/],
      [{ model: { ...testConfig().model, hiddenLayers: [8, 0] } }, /hidden layer 2.*0/],
      [{ model: { ...testConfig().model, activation: "softsign" as Activation } }, /"softsign"/],
      [{ model: { ...testConfig().model, dropout: 0.95 } }, /Dropout.*0\.95/],
      [{ optimizer: { ...testConfig().optimizer, name: "lion" as OptimizerName } }, /"lion"/],
      [{ optimizer: { ...testConfig().optimizer, beta1: 1 } }, /beta1.*1/],
      [{ schedule: { ...testConfig().schedule, kind: "step", gamma: 0 } }, /gamma.*0/],
      [{ data: { ...testConfig().data, noise: 80 } }, /Noise.*80/],
      [{ boundaryResolution: -3 }, /Boundary resolution.*-3/],
      [{ earlyStopping: { enabled: true, patience: 0, minDelta: 0, restoreBest: true } }, /patience.*0/],
    ];
    for (const [over, message] of bad) {
      await expect(
        trainModel(
          testConfig(over),
          () => {},
          () => false,
        ),
      ).rejects.toThrow(message);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("disposes everything when the epoch callback throws", async () => {
    const before = tf.memory().numTensors;
    await expect(
      trainModel(
        testConfig({ epochs: 3 }),
        () => {
          throw new Error("chart exploded");
        },
        () => false,
      ),
    ).rejects.toThrow("chart exploded");
    expect(tf.memory().numTensors).toBe(before);
  });

  it("cross-validates 2D data over k folds of all the generated points (training ratio ignored)", async () => {
    const spec = { ...testConfig().data, generator: "gaussian" as const, samples: 100, trainRatio: 0.9 };
    const folds = [0, 1, 2, 3].map((index) => prepared2D(spec, 1, { k: 4, index }));
    for (const f of folds) expect([f.trainY.length, f.valY.length]).toEqual([75, 25]);
    // Each point is validated in exactly one fold: the validation rows of the folds are all the points.
    const key = (x: Float32Array, i: number) => `${x[i * 7]},${x[i * 7 + 1]}`;
    const valPoints = folds.flatMap((f) => Array.from({ length: 25 }, (_, i) => key(f.valX, i)));
    expect(new Set(valPoints).size).toBe(100);
    const trainPoints = new Set(Array.from({ length: 75 }, (_, i) => key(folds[0].trainX, i)));
    for (let i = 0; i < 25; i++) expect(trainPoints.has(key(folds[0].valX, i))).toBe(false);
    // Stratified: each fold validates on as many points of each class.
    for (const f of folds) expect(f.valY.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(12);
    const runs = [];
    for (const index of [0, 1]) {
      const { result, before, after } = await run(
        testConfig({ data: spec, epochs: 2, fold: { k: 4, index } }),
      );
      expect(result.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(25);
      expect(after).toBe(before);
      runs.push(result.finalValLoss);
    }
    expect(runs[0]).not.toBe(runs[1]);
  });

  it("refuses convolutions and augmentation on 2D data, naming the dataset", async () => {
    const conv = [{ filters: 4, kernel: 3, pool: "none" as const }];
    await expect(
      trainModel(
        testConfig({ model: { ...testConfig().model, conv } }),
        () => {},
        () => false,
      ),
    ).rejects.toThrow(/Convolutional blocks need image data; the 2D dataset "spiral"/);
    await expect(
      trainModel(
        testConfig({ augment: { shift: 0, flip: false, noise: 0.1 } }),
        () => {},
        () => false,
      ),
    ).rejects.toThrow(/Augmentation needs image data; the 2D dataset "spiral"/);
    // Empty blocks and an augmentation that changes nothing are accepted.
    const { result } = await run(
      testConfig({
        model: { ...testConfig().model, conv: [] },
        augment: { shift: 0, flip: false, noise: 0 },
        epochs: 1,
      }),
    );
    expect(result.status).toBe("completed");
  });
});
