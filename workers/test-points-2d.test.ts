import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Dataset2DSpec } from "../src/shared/train";
import { prepared2D, testSeedOf } from "./prepared-data";
import { trainModel } from "./trainer";
import { validateTrainConfig } from "./validate-config";
import { testConfig } from "./test/configs";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const spec = (testSamples?: number): Dataset2DSpec => ({
  ...testConfig().data,
  generator: "xor",
  noise: 30,
  samples: 100,
  testSamples,
});

describe("2D test points (testSamples)", () => {
  it("draws a separate test set and leaves the training and validation points unchanged", () => {
    const plain = prepared2D(spec(), 3);
    const withTest = prepared2D(spec(500), 3);
    expect(plain.testX).toBeNull();
    expect(prepared2D(spec(0), 3).testX).toBeNull();
    expect(withTest.trainX).toEqual(plain.trainX);
    expect(withTest.valX).toEqual(plain.valX);
    expect(withTest.testY!.length).toBe(500);
    expect(withTest.testX!.length).toBe(500 * spec().features.length);
    // Its own points (not a copy of the training ones), the same for the same seed.
    expect(Array.from(withTest.testX!.slice(0, 14))).not.toEqual(Array.from(plain.trainX.slice(0, 14)));
    expect(prepared2D(spec(500), 3).testX).toEqual(withTest.testX);
    expect(prepared2D(spec(500), 4).testX).not.toEqual(withTest.testX);
    expect(testSeedOf(3)).not.toBe(3);
    // Both classes appear in the test labels.
    expect(new Set(withTest.testY)).toEqual(new Set([0, 1]));
  });

  it("adds the test set to folds too", () => {
    const folded = prepared2D(spec(50), 3, { k: 5, index: 1 });
    expect(folded.testY!.length).toBe(50);
  });

  it("makes trainModel report the test loss and accuracy of 2D runs, without leaking tensors", async () => {
    const config = testConfig({ data: spec(400), epochs: 3 });
    const before = tf.memory().numTensors;
    const result = await trainModel(
      config,
      () => {},
      () => false,
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(result.testLoss).toBeGreaterThan(0);
    expect(result.testMetric).toBeGreaterThanOrEqual(0);
    expect(result.testMetric).toBeLessThanOrEqual(1);
    // The test accuracy is a count over 400 points.
    expect(Math.abs(result.testMetric! * 400 - Math.round(result.testMetric! * 400))).toBeLessThan(1e-3);
    const without = await trainModel(
      testConfig({ data: spec(), epochs: 3 }),
      () => {},
      () => false,
    );
    expect(without.testLoss).toBeUndefined();
    expect(without.finalValLoss).toBeCloseTo(result.finalValLoss, 6);
  });

  it("rejects a test sample count that is not a whole number in range, naming the value", () => {
    expect(() => validateTrainConfig(testConfig({ data: spec(-1) }))).toThrow(
      "Test sample count must be an integer from 0 to 100000, got -1",
    );
    expect(() => validateTrainConfig(testConfig({ data: spec(2.5) }))).toThrow("got 2.5");
    expect(() => validateTrainConfig(testConfig({ data: spec(10) }))).not.toThrow();
  });
});
