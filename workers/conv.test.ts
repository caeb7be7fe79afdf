import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../src/core/rng";
import type { ModelConfig } from "../src/shared/train";
import { convMethodFor, convOutputShapes, imagePatches, type ConvMethod } from "./conv";
import { Network } from "./network";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const config: ModelConfig = {
  conv: [
    { filters: 3, kernel: 3, pool: "max" },
    { filters: 4, kernel: 2, pool: "avg" },
  ],
  hiddenLayers: [5],
  activation: "tanh",
  dropout: 0,
  batchNorm: false,
  l1: 0,
  l2: 0,
  init: "he",
};

/** Loss gradients of every variable of a network built with `method` (same seed, same data). */
function gradients(method: ConvMethod, x: tf.Tensor2D) {
  const net = new Network(tf, config, [6, 7, 2], 3, new Rng(5), method);
  const result = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => tf.mean(tf.square(net.forward(x, { dropoutRng: new Rng(1), batchStats: [] }))),
      net.trainable,
    );
    return {
      loss: value.dataSync()[0],
      grads: net.trainable.map((v) => Array.from(grads[v.name].dataSync())),
    };
  });
  const output = tf.tidy(() => Array.from(net.forward(x, null).dataSync()));
  net.dispose();
  return { ...result, output };
}

describe("convolutional blocks", () => {
  it("computes the same outputs and gradients with tfjs's conv2d and with image patches", () => {
    const before = tf.memory().numTensors;
    const values = Float32Array.from({ length: 4 * 6 * 7 * 2 }, (_, i) => Math.sin(i * 0.37));
    const x = tf.tensor2d(values, [4, 6 * 7 * 2]);
    const native = gradients("native", x);
    const patches = gradients("patches", x);
    expect(native.output.length).toBe(4 * 3);
    patches.output.forEach((v, i) => expect(v).toBeCloseTo(native.output[i], 5));
    expect(patches.loss).toBeCloseTo(native.loss, 5);
    patches.grads.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(native.grads[i][j], 4)));
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("pads 'same' as TensorFlow does: a 3×3 kernel of ones sums each pixel's in-image neighbours", () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const sums = tf.tidy(() => tf.sum(imagePatches(tf, x, 3), 1).dataSync());
    expect(Array.from(sums)).toEqual([12, 21, 16, 27, 45, 33, 24, 39, 28]);
    // An even kernel takes its extra row and column after the pixel.
    const even = tf.tidy(() => tf.sum(imagePatches(tf, x, 2), 1).dataSync());
    expect(Array.from(even)).toEqual([12, 16, 9, 24, 28, 15, 15, 17, 9]);
    x.dispose();
  });

  it("halves height and width at each pooling block, and feeds the flattened map to the dense layers", () => {
    expect(convOutputShapes([28, 28, 1], config.conv!)).toEqual([
      [14, 14, 3],
      [7, 7, 4],
    ]);
    expect(convOutputShapes([7, 9, 3], [{ filters: 2, kernel: 3, pool: "none" }])).toEqual([[7, 9, 2]]);
    const net = new Network(tf, config, [8, 8, 1], 10, new Rng(1));
    // conv 3×3×1×3 + bias, conv 2×2×3×4 + bias, dense (2·2·4)×5 + bias, output 5×10 + bias.
    expect(net.kernels.map((k) => k.shape)).toEqual([
      [3, 3, 1, 3],
      [2, 2, 3, 4],
      [16, 5],
      [5, 10],
    ]);
    expect(net.trainable.length).toBe(8);
    net.dispose();
  });

  it("penalises convolution kernels too, and refuses convolutions on non-image examples", () => {
    const net = new Network(tf, { ...config, l2: 0.5 }, [6, 6, 1], 2, new Rng(2));
    const expected =
      0.5 * net.kernels.reduce((s, k) => s + Array.from(k.dataSync()).reduce((a, w) => a + w * w, 0), 0);
    expect(tf.tidy(() => net.penalty()!.dataSync()[0])).toBeCloseTo(expected, 4);
    net.dispose();
    const before = tf.memory().numTensors;
    expect(() => new Network(tf, config, [4], 3, new Rng(1))).toThrow(/image examples.*\[4\]/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("is the plain dense network, with the same initial weights, when there are no blocks", () => {
    const dense = { ...config, conv: [] };
    const a = new Network(tf, dense, [3], 2, new Rng(7));
    const b = new Network(tf, { ...dense, conv: undefined }, [3], 2, new Rng(7));
    expect(a.kernels.map((k) => Array.from(k.dataSync()))).toEqual(
      b.kernels.map((k) => Array.from(k.dataSync())),
    );
    expect(a.kernels[0].shape).toEqual([3, 5]);
    a.dispose();
    b.dispose();
  });

  it("trains natively on the CPU backend (it has the filter-gradient kernel)", () => {
    expect(convMethodFor(tf)).toBe("native");
  });
});
