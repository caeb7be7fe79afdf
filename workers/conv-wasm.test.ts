import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { convMethodFor } from "./conv";
import { trainModel } from "./trainer";
import { arrayConfig, builtinArrays } from "./test/datasets";

const builtin = (id: string) =>
  builtinArrays(id, (path) => new Uint8Array(readFileSync(new URL(`../public/${path}`, import.meta.url))));

beforeAll(async () => {
  await tf.setBackend("wasm");
  await tf.ready();
});

describe("convolutions on the WebAssembly backend", () => {
  const digits = () => builtin("digits");
  const config = arrayConfig("digits", {
    model: {
      ...arrayConfig("digits").model,
      conv: [{ filters: 8, kernel: 3, pool: "max" }],
      hiddenLayers: [32],
    },
    epochs: 2,
    augment: { shift: 1, flip: false, noise: 0.05 },
  });

  it("train through image patches, since the backend has no filter-gradient kernel", async () => {
    expect(tf.getBackend()).toBe("wasm");
    expect(convMethodFor(tf)).toBe("patches");
    const before = tf.memory().numTensors;
    const result = await trainModel(
      config,
      () => {},
      () => false,
      tf,
      { datasets: digits },
    );
    expect(result.backend).toBe("wasm");
    expect(result.finalValMetric).toBeGreaterThan(0.7);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("refuses tfjs's conv2d there with a clear message, before making any tensor", async () => {
    const before = tf.memory().numTensors;
    await expect(
      trainModel(
        config,
        () => {},
        () => false,
        tf,
        { datasets: digits, convMethod: "native" },
      ),
    ).rejects.toThrow(
      /The wasm backend cannot train tfjs's conv2d \(it has no Conv2DBackpropFilter kernel\)/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
