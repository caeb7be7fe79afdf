/// <reference types="@webgpu/types" />
/// <reference types="vite/client" />
/**
 * The yardsticks the trainer is measured against, in their own worker on the same backend: a bare
 * tfjs model.fit of the same network on the same data, and a bare loop of the matrix products one
 * training step of that network needs. The backend is started by the worker's own initBackend, so
 * both sides run with identical backend flags (e.g. single-threaded WebAssembly).
 */
import * as Comlink from "comlink";
import * as tf from "@tensorflow/tfjs";
import { prepare2D } from "../../src/core/datasets/prepare";
import type { BackendChoice } from "../../src/shared/train";
import { initBackend } from "../../workers/backend";
import { LEARNING_RATE, throughputConfig, type ThroughputCase } from "./cases";

/** When each epoch ended (this worker's clock), and how well the model ended up doing. */
export interface FitTiming {
  epochEnds: number[];
  finalValAccuracy: number;
}

const api = {
  init: (choice: BackendChoice) => initBackend(choice),

  /** model.fit of the case's network: same layers, Adam, batch size, epochs, data and validation data. */
  async fit(c: ThroughputCase): Promise<FitTiming> {
    const config = throughputConfig(c, tf.getBackend() as "cpu");
    const data = prepare2D(config.data, config.seed);
    const nF = data.nFeatures;
    const xs = tf.tensor2d(data.trainX, [data.train.length, nF]);
    const ys = tf.tensor2d(data.trainY, [data.train.length, 1]);
    const valX = tf.tensor2d(data.valX, [data.val.length, nF]);
    const valY = tf.tensor2d(data.valY, [data.val.length, 1]);
    const model = tf.sequential();
    c.hiddenLayers.forEach((units, i) =>
      model.add(
        tf.layers.dense({ units, activation: "relu", ...(i === 0 ? { inputShape: [nF] } : {}) }),
      ),
    );
    model.add(tf.layers.dense({ units: 1, activation: "sigmoid" }));
    // Created here, so owned here: model.dispose() frees only optimizers it created from a name.
    const optimizer = tf.train.adam(
      LEARNING_RATE,
      config.optimizer.beta1,
      config.optimizer.beta2,
      config.optimizer.epsilon,
    );
    model.compile({
      optimizer,
      loss: "binaryCrossentropy",
      metrics: ["accuracy"],
    });
    const epochEnds: number[] = [];
    try {
      const history = await model.fit(xs, ys, {
        epochs: c.epochs,
        batchSize: c.batchSize,
        shuffle: true,
        validationData: [valX, valY],
        verbose: 0,
        // The trainer yields with a zero-delay message every 25 ms; fit's default ("auto") waits for
        // an animation frame every 125 ms. "never" gives fit its best case, so the baseline is not a straw man.
        yieldEvery: "never",
        // fit resolves the epoch's logs (a download, so the device is in sync) before calling this.
        callbacks: { onEpochEnd: () => void epochEnds.push(performance.now()) },
      });
      const accuracy = history.history["val_acc"] ?? history.history["val_accuracy"];
      return { epochEnds, finalValAccuracy: Number(accuracy?.[accuracy.length - 1] ?? NaN) };
    } finally {
      model.dispose();
      optimizer.dispose();
      tf.dispose([xs, ys, valX, valY]);
    }
  },

  /**
   * Milliseconds for `steps` repetitions of the products of one training step of dense layers of
   * these shapes at this batch size: forward X·W, and backward Xᵀ·dY and dY·Wᵀ for every layer.
   */
  async matmulLoop(shapes: [number, number][], batch: number, steps: number): Promise<number> {
    const operands = shapes.map(([fanIn, fanOut]) => ({
      x: tf.randomNormal([batch, fanIn]) as tf.Tensor2D,
      w: tf.randomNormal([fanIn, fanOut]) as tf.Tensor2D,
      dy: tf.randomNormal([batch, fanOut]) as tf.Tensor2D,
    }));
    const step = (): tf.Tensor =>
      tf.tidy(() => {
        let last: tf.Tensor | null = null;
        for (const { x, w, dy } of operands) {
          tf.matMul(x, w);
          tf.matMul(x, dy, true, false);
          last = tf.matMul(dy, w, false, true);
        }
        return last!;
      });
    try {
      // Warm-up: compiles shaders / programs for these shapes, and waits for the device to be idle.
      const warm = step();
      await warm.data();
      warm.dispose();
      const started = performance.now();
      let last: tf.Tensor | null = null;
      for (let s = 0; s < steps; s++) {
        last?.dispose();
        last = step();
      }
      // Reading the last product waits for every queued product before it (in-order device queue).
      await last!.data();
      const ms = performance.now() - started;
      last!.dispose();
      return ms;
    } finally {
      for (const o of operands) tf.dispose([o.x, o.w, o.dy]);
    }
  },

  numTensors: () => tf.memory().numTensors,
};

export type BaselineWorkerApi = typeof api;

Comlink.expose(api);
