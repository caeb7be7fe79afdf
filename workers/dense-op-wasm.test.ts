import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { denseMethodFor } from "./dense-op";
import { forceDenseStep, type DenseStepPath } from "./dense-step";
import { trainModel } from "./trainer";
import { testConfig } from "./test/configs";
import { flagged, lossCurve, maxRelativeDiff, recordProducts, trainWith } from "./test/dense-checks";

beforeAll(async () => {
  await tf.setBackend("wasm");
  await tf.ready();
});

const config = testConfig({
  model: {
    hiddenLayers: [32, 32],
    activation: "relu",
    dropout: 0,
    batchNorm: false,
    l1: 0,
    l2: 0,
    init: "glorot",
  },
  epochs: 3,
  backend: "wasm",
});

describe("dense products on the WebAssembly backend", () => {
  // Through the gradient tape (networks with batch norm or convolutions) and with the backward pass
  // written out (plain dense networks too large for the host step): the products of training steps.
  for (const path of ["tape", "ops"] as DenseStepPath[]) {
    it(`train with untransposed products only, by default (the step's path forced to "${path}")`, async () => {
      expect(tf.getBackend()).toBe("wasm");
      expect(denseMethodFor(tf)).toBe("transposed");
      const before = tf.memory().numTensors;
      forceDenseStep(path);
      try {
        const { result, calls } = await recordProducts(tf, () =>
          trainModel(
            config,
            () => {},
            () => false,
            tf,
          ),
        );
        expect(result.status).toBe("completed");
        expect(result.backend).toBe("wasm");
        expect(tf.memory().numTensors).toBe(before);
        // Forward, dH and dW of each of the 3 layers for every step (dH of the first is not needed).
        const steps = Math.ceil(140 / 16) * 3;
        expect(calls.length).toBeGreaterThanOrEqual(steps * 8);
        expect(flagged(calls)).toEqual([]);
      } finally {
        forceDenseStep(null);
      }
    });
  }

  it("follow the same losses, epoch by epoch, as tfjs's own product there", async () => {
    const before = tf.memory().numTensors;
    const fused = await trainWith(tf, "fused", config);
    const transposed = await trainWith(tf, "transposed", config);
    expect(tf.memory().numTensors).toBe(before);
    expect(transposed.reports.length).toBe(3);
    expect(maxRelativeDiff(lossCurve(transposed.reports), lossCurve(fused.reports))).toBeLessThan(1e-4);
  });
});
