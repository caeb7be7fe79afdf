import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { MODEL_SIZE_LIMITS, estimateModelMemory } from "../src/core/model-size";
import { Rng } from "../src/core/rng";
import type { ConvBlock, DatasetArrays, ModelConfig, TrainConfig } from "../src/shared/train";
import { Network } from "./network";
import { testConfig } from "./test/configs";
import { arrayConfig } from "./test/datasets";
import { trainModel } from "./trainer";
import { validateTrainConfig } from "./validate-config";
import { validateAgainstData } from "./validate-data";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A tiny image dataset of `n` blank side×side×1 pictures in 10 classes. */
function images(id: string, side: number, n = 20): DatasetArrays {
  return {
    id,
    task: "multiclass",
    classes: 10,
    classNames: Array.from({ length: 10 }, (_, i) => String(i)),
    featureNames: ["pixel"],
    exampleShape: [side, side, 1],
    x: new Uint8Array(n * side * side),
    xScale: 1 / 255,
    y: Float32Array.from({ length: n }, (_, i) => i % 10),
    standardize: false,
    sourceTestCount: 0,
  };
}

const blocks = (count: number, filters: number, kernel: number, pool: ConvBlock["pool"]): ConvBlock[] =>
  Array.from({ length: count }, () => ({ filters, kernel, pool }));

describe("the estimate matches the network the worker builds", () => {
  const cases: [string, Partial<ModelConfig>, number[], number][] = [
    ["a small MLP", { hiddenLayers: [8, 4] }, [7], 1],
    ["batch normalisation", { hiddenLayers: [6, 5], batchNorm: true }, [3], 4],
    ["a linear model", { hiddenLayers: [] }, [13], 3],
    [
      "conv blocks",
      { hiddenLayers: [12], conv: [...blocks(1, 4, 3, "max"), ...blocks(1, 6, 5, "none")] },
      [9, 9, 2],
      10,
    ],
  ];
  for (const [name, over, shape, outputs] of cases) {
    it(`counts every variable of ${name}`, () => {
      const model: ModelConfig = { ...testConfig().model, ...over };
      const network = new Network(tf, model, shape, outputs, new Rng(1), "patches");
      try {
        const actual = network.all.reduce((sum, v) => sum + v.size, 0);
        expect(estimateModelMemory(model, shape, outputs, "adam", 8).parameters).toBe(actual);
      } finally {
        network.dispose();
      }
    });
  }
});

describe("validateTrainConfig refuses a model too large to train", () => {
  it("refuses a 2D network whose batch of activations does not fit, naming its size and the limit", () => {
    const config = testConfig({ batchSize: 4096 });
    config.data.samples = 100_000;
    config.model.hiddenLayers = Array(8).fill(1024);
    expect(() => validateTrainConfig(config)).toThrow(
      /^The model is too large: [\d,]+ parameters \(about [\d,]+ MB to train: .*the activations of a batch of 4,096 take [\d,]+ MB\); the limit is 20,000,000 parameters and 512 MB/,
    );
    // The batch never exceeds the dataset: on 200 points the same network fits.
    config.data.samples = 200;
    expect(() => validateTrainConfig(config)).not.toThrow();
  });

  it("accepts the test configurations and the suggested image network", () => {
    expect(() => validateTrainConfig(testConfig())).not.toThrow();
    const config = arrayConfig("tiny", {
      model: {
        ...testConfig().model,
        hiddenLayers: [32],
        conv: [...blocks(1, 8, 3, "max"), ...blocks(1, 16, 3, "max")],
      },
      batchSize: 64,
    });
    expect(() => validateAgainstData(config, images("tiny", 28, 100))).not.toThrow();
  });

  it("refuses, against the real example shape, an image network with too many parameters", () => {
    const config = arrayConfig("digits28", {
      model: { ...testConfig().model, hiddenLayers: [1024], conv: blocks(4, 256, 9, "none") },
    });
    validateTrainConfig(config); // the shape is unknown until the arrays arrive
    const message = (() => {
      try {
        validateAgainstData(config, images("digits28", 28));
        return "";
      } catch (e) {
        return (e as Error).message;
      }
    })();
    const { parameters } = estimateModelMemory(config.model, [28, 28, 1], 10, "adam", 20);
    expect(parameters).toBeGreaterThan(MODEL_SIZE_LIMITS.maxParameters);
    expect(message).toMatch(/^The model is too large: [\d,]+ parameters/);
    expect(message).toContain("adam's 2 values per weight");
    // The same network on 2×2 images is small enough: the shape decides.
    expect(() => validateAgainstData(config, images("digits28", 2))).not.toThrow();
  });

  it("makes trainModel reject before any tensor is made, so the tab is not frozen", async () => {
    const arrays = images("big", 28, 64);
    const config: TrainConfig = arrayConfig("big", {
      model: { ...testConfig().model, hiddenLayers: [512], conv: blocks(3, 128, 7, "none") },
      batchSize: 64,
    });
    const before = tf.memory().numTensors;
    await expect(
      trainModel(
        config,
        () => undefined,
        () => false,
        tf,
        { datasets: (id) => (id === "big" ? arrays : undefined) },
      ),
    ).rejects.toThrow(/^The model is too large: /);
    expect(tf.memory().numTensors).toBe(before);
  });
});
