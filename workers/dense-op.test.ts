import * as tf from "@tensorflow/tfjs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../src/core/rng";
import type { ModelConfig, Task } from "../src/shared/train";
import { denseMethodFor, forceDenseMethod, type DenseMethod } from "./dense-op";
import { taskLoss } from "./losses";
import type { TrainingPass } from "./model";
import { Network } from "./network";
import { testConfig } from "./test/configs";
import { flagged, lossCurve, maxRelativeDiff, recordProducts, trainWith } from "./test/dense-checks";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

afterEach(() => forceDenseMethod(null));

const base: ModelConfig = {
  hiddenLayers: [6, 5],
  activation: "relu",
  dropout: 0,
  batchNorm: false,
  l1: 0,
  l2: 0,
  init: "glorot",
};

interface Case {
  name: string;
  model: ModelConfig;
  exampleShape: number[];
  nOutputs: number;
  task: Task;
}

const CASES: Case[] = [
  { name: "relu, fused into the product", model: base, exampleShape: [4], nOutputs: 1, task: "binary" },
  {
    name: "tanh with batch norm (no bias) and dropout",
    model: { ...base, activation: "tanh", batchNorm: true, dropout: 0.3 },
    exampleShape: [4],
    nOutputs: 3,
    task: "multiclass",
  },
  {
    name: "elu, output layer only",
    model: { ...base, activation: "elu", hiddenLayers: [] },
    exampleShape: [4],
    nOutputs: 1,
    task: "regression",
  },
  {
    name: "sigmoid after two convolution blocks through image patches",
    model: {
      ...base,
      activation: "sigmoid",
      hiddenLayers: [5],
      conv: [
        { filters: 3, kernel: 3, pool: "max" },
        { filters: 4, kernel: 2, pool: "none" },
      ],
    },
    exampleShape: [6, 6, 2],
    nOutputs: 3,
    task: "multiclass",
  },
];

const BATCH = 7;

function batchOf(c: Case): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const rng = new Rng(11);
  const width = c.exampleShape.reduce((a, b) => a * b, 1);
  const x = tf.tensor2d(
    Float32Array.from({ length: BATCH * width }, () => rng.uniform(-1, 1)),
    [BATCH, width],
  );
  let y: tf.Tensor2D;
  if (c.task === "multiclass") {
    y = tf.tidy(() =>
      tf
        .oneHot(
          tf.tensor1d(
            Int32Array.from({ length: BATCH }, (_, i) => i % c.nOutputs),
            "int32",
          ),
          c.nOutputs,
        )
        .toFloat(),
    ) as tf.Tensor2D;
  } else {
    y = tf.tensor2d(
      Float32Array.from({ length: BATCH }, (_, i) => i % 2),
      [BATCH, 1],
    );
  }
  return { x, y };
}

/**
 * Loss and gradients of one training step of a fresh network (same seed every time), computed as
 * trainStep computes them (tf.variableGrads over the variables the optimizer updates), with the
 * dense method forced to `method`. `which` picks the variables: all trainable ones, or only the
 * output layer's (a transfer run with frozen lower layers).
 */
function stepGradients(c: Case, method: DenseMethod, which: "trainable" | "head" = "trainable") {
  forceDenseMethod(method);
  const model = new Network(tf, c.model, c.exampleShape, c.nOutputs, new Rng(3), "patches");
  const { x, y } = batchOf(c);
  const pass: TrainingPass = { dropoutRng: new Rng(5), batchStats: [] };
  try {
    const variables = which === "head" ? model.head : model.trainable;
    const { value, grads } = tf.variableGrads(
      () => taskLoss(tf, c.task, model.forward(x, pass), y),
      variables,
    );
    const out = {
      loss: value.dataSync()[0],
      grads: variables.map((v) => ({ shape: v.shape, values: grads[v.name].dataSync().slice() })),
    };
    tf.dispose([value, ...Object.values(grads)]);
    return out;
  } finally {
    tf.dispose([x, y, ...pass.batchStats]);
    model.dispose();
  }
}

describe("denseMethodFor", () => {
  it("keeps tfjs's fused product on backends other than WebAssembly, unless forced", () => {
    expect(tf.getBackend()).toBe("cpu");
    expect(denseMethodFor(tf)).toBe("fused");
    forceDenseMethod("transposed");
    expect(denseMethodFor(tf)).toBe("transposed");
    forceDenseMethod(null);
    expect(denseMethodFor(tf)).toBe("fused");
  });
});

describe("the transposed-gradient dense product", () => {
  for (const c of CASES) {
    it(`gives the same loss and gradients as tfjs's own (${c.name})`, () => {
      const before = tf.memory().numTensors;
      const fused = stepGradients(c, "fused");
      const transposed = stepGradients(c, "transposed");
      expect(tf.memory().numTensors).toBe(before);
      expect(transposed.loss).toBeCloseTo(fused.loss, 6);
      expect(transposed.grads.map((g) => g.shape)).toEqual(fused.grads.map((g) => g.shape));
      transposed.grads.forEach((g, i) => {
        // A gradient that did not reach a variable would be missing or all zeros.
        expect(
          g.values.some((v) => v !== 0),
          `gradient of variable ${i}`,
        ).toBe(true);
        expect(maxRelativeDiff(g.values, fused.grads[i].values), `gradient of variable ${i}`).toBeLessThan(
          1e-5,
        );
      });
    });
  }

  it("gives the same gradients when only the output layer trains (frozen lower layers)", () => {
    const c = CASES[1];
    const fused = stepGradients(c, "fused", "head");
    const transposed = stepGradients(c, "transposed", "head");
    expect(transposed.grads.length).toBe(2);
    transposed.grads.forEach((g, i) =>
      expect(maxRelativeDiff(g.values, fused.grads[i].values)).toBeLessThan(1e-5),
    );
  });

  it("is what a training step really runs: no product with a transpose flag, forward or backward", async () => {
    const c = CASES[3]; // dense layers and convolution patches
    const transposed = await recordProducts(tf, () => stepGradients(c, "transposed"));
    const training = transposed.calls;
    // Forward: 2 convolution blocks + 2 dense layers; backward: one dW per layer and one dH per
    // layer except the first block, whose input is the data.
    expect(training.length).toBe(4 + 4 + 3);
    expect(flagged(training)).toEqual([]);
    // The check can fail: tfjs's own gradient multiplies with transpose flags.
    const fused = await recordProducts(tf, () => stepGradients(c, "fused"));
    expect(flagged(fused.calls).length).toBeGreaterThan(0);
  });

  it("leaves inference on one fused kernel per layer, activation included", async () => {
    const c = CASES[0];
    forceDenseMethod("transposed");
    const model = new Network(tf, c.model, c.exampleShape, c.nOutputs, new Rng(3));
    const { x } = batchOf(c);
    const { result: out, calls } = await recordProducts(tf, () => tf.tidy(() => model.forward(x, null)));
    expect(calls.map((k) => k.kernel)).toEqual(["_FusedMatMul", "_FusedMatMul", "_FusedMatMul"]);
    forceDenseMethod("fused");
    const expected = tf.tidy(() => model.forward(x, null));
    expect(maxRelativeDiff(out.dataSync(), expected.dataSync())).toBe(0);
    tf.dispose([out, expected, x]);
    tf.dispose(batchOf(c));
    model.dispose();
  });
});

describe("training with the transposed-gradient dense product", () => {
  it("follows the same losses, epoch by epoch, as tfjs's own product, without leaking tensors", async () => {
    const config = testConfig({
      model: { ...base, hiddenLayers: [16, 16], activation: "relu" },
      epochs: 4,
      backend: "cpu",
    });
    const before = tf.memory().numTensors;
    const fused = await trainWith(tf, "fused", config);
    const transposed = await trainWith(tf, "transposed", config);
    expect(tf.memory().numTensors).toBe(before);
    expect(transposed.reports.length).toBe(4);
    expect(maxRelativeDiff(lossCurve(transposed.reports), lossCurve(fused.reports))).toBeLessThan(1e-4);
  });

  it("also with batch norm, dropout, a penalty and weight decay", async () => {
    const config = testConfig({
      model: { ...base, hiddenLayers: [12, 8], activation: "swish", batchNorm: true, dropout: 0.2, l2: 1e-3 },
      epochs: 3,
      backend: "cpu",
    });
    const before = tf.memory().numTensors;
    const fused = await trainWith(tf, "fused", config);
    const transposed = await trainWith(tf, "transposed", config);
    expect(tf.memory().numTensors).toBe(before);
    expect(maxRelativeDiff(lossCurve(transposed.reports), lossCurve(fused.reports))).toBeLessThan(1e-4);
  });
});
