import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../src/core/rng";
import type { ModelConfig } from "../src/shared/train";
import { activate, initialKernel, Mlp } from "./model";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const config: ModelConfig = {
  hiddenLayers: [6, 4],
  activation: "relu",
  dropout: 0,
  batchNorm: false,
  l1: 0,
  l2: 0,
  init: "glorot",
};

const stats = (xs: Float32Array) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  return { mean, sd, maxAbs: xs.reduce((a, b) => Math.max(a, Math.abs(b)), 0) };
};

describe("initialKernel", () => {
  it("draws Glorot uniform within ±√(6/(in+out))", () => {
    const limit = Math.sqrt(6 / 300);
    const s = stats(initialKernel("glorot", 100, 200, new Rng(1)));
    expect(s.maxAbs).toBeLessThanOrEqual(limit);
    expect(s.sd).toBeCloseTo(limit / Math.sqrt(3), 2);
  });

  it("draws He and LeCun truncated normals with variance 2/in and 1/in", () => {
    const he = stats(initialKernel("he", 50, 400, new Rng(2)));
    expect(he.sd).toBeCloseTo(Math.sqrt(2 / 50), 2);
    expect(he.maxAbs).toBeLessThanOrEqual((2 * Math.sqrt(2 / 50)) / 0.8796256610342398);
    const lecun = stats(initialKernel("lecun", 50, 400, new Rng(2)));
    expect(lecun.sd).toBeCloseTo(Math.sqrt(1 / 50), 2);
  });

  it("is reproducible for a seed", () => {
    expect(initialKernel("he", 3, 4, new Rng(9))).toEqual(initialKernel("he", 3, 4, new Rng(9)));
  });
});

describe("activate", () => {
  it("computes every activation", () => {
    const at = (name: Parameters<typeof activate>[1], x: number) =>
      tf.tidy(() => activate(tf, name, tf.scalar(x)).dataSync()[0]);
    expect(at("relu", -1)).toBe(0);
    expect(at("tanh", 0.5)).toBeCloseTo(Math.tanh(0.5), 6);
    expect(at("sigmoid", 0)).toBeCloseTo(0.5, 6);
    expect(at("elu", -1)).toBeCloseTo(Math.exp(-1) - 1, 6);
    expect(at("selu", 1)).toBeCloseTo(1.0507009873554805, 5);
    expect(at("swish", 1)).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
    expect(at("gelu", 1)).toBeCloseTo(0.8413447460685429, 5);
    expect(at("gelu", -1)).toBeCloseTo(-0.15865525393145707, 5);
    expect(at("linear", -3)).toBe(-3);
  });
});

describe("Mlp", () => {
  it("has the layer shapes of the config and disposes all its variables", () => {
    const before = tf.memory().numTensors;
    const model = new Mlp(tf, config, 3, 2, new Rng(1));
    expect(model.kernels.map((k) => k.shape)).toEqual([
      [3, 6],
      [6, 4],
      [4, 2],
    ]);
    expect(model.trainable.length).toBe(6);
    const out = tf.tidy(() => model.forward(tf.ones([5, 3]) as tf.Tensor2D, null));
    expect(out.shape).toEqual([5, 2]);
    out.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("computes the L1/L2 penalty over the kernels only", () => {
    const model = new Mlp(tf, { ...config, l1: 0.01, l2: 0.1 }, 3, 1, new Rng(1));
    let l1 = 0;
    let l2 = 0;
    for (const k of model.kernels) {
      for (const w of k.dataSync()) {
        l1 += Math.abs(w);
        l2 += w * w;
      }
    }
    const penalty = tf.tidy(() => model.penalty()!.dataSync()[0]);
    expect(penalty).toBeCloseTo(0.01 * l1 + 0.1 * l2, 5);
    const plain = new Mlp(tf, config, 3, 1, new Rng(1));
    expect(plain.penalty()).toBeNull();
    plain.dispose();
    model.dispose();
  });

  it("normalises with batch statistics in training and folds them into the moving averages", () => {
    const model = new Mlp(
      tf,
      { ...config, hiddenLayers: [4], batchNorm: true, activation: "linear" },
      2,
      1,
      new Rng(3),
    );
    // Hidden kernel, gamma and beta (no hidden bias: beta replaces it), output kernel and bias.
    expect(model.trainable.length).toBe(5);
    const x = tf.tensor2d([1, 2, 3, 5, -1, 0, 4, 4], [4, 2]);
    const batchStats: tf.Tensor[] = [];
    tf.tidy(() => model.forward(x, { dropoutRng: new Rng(1), batchStats }));
    expect(batchStats.length).toBe(2);
    const batchMean = batchStats[0].dataSync();
    model.updateMovingStats(batchStats);
    const movingMean = model.all.find((v) => !v.trainable && v.shape[0] === 4)!.dataSync();
    movingMean.forEach((m, i) => expect(m).toBeCloseTo(0.1 * batchMean[i], 6));
    batchStats.forEach((t) => t.dispose());
    x.dispose();
    model.dispose();
  });

  it("drops about the dropout rate of the hidden units, scaled up by 1/(1−rate), only in training", () => {
    const model = new Mlp(
      tf,
      { ...config, hiddenLayers: [200], dropout: 0.5, activation: "linear" },
      1,
      1,
      new Rng(4),
    );
    const x = tf.ones([50, 1]) as tf.Tensor2D;
    const eval1 = tf.tidy(() => model.forward(x, null).dataSync());
    const eval2 = tf.tidy(() => model.forward(x, null).dataSync());
    expect(eval2).toEqual(eval1);
    const train = tf.tidy(() => model.forward(x, { dropoutRng: new Rng(1), batchStats: [] }).dataSync());
    const differing = train.filter((v, i) => Math.abs(v - eval1[i]) > 1e-6).length;
    expect(differing).toBe(50);
    x.dispose();
    model.dispose();
  });
});
