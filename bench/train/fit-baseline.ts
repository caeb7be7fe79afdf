/**
 * The baseline the trainer is compared with: a bare tfjs model.fit of the same network on the same
 * data — tf.sequential with the same dense layers (ReLU, sigmoid output), Adam with the same
 * hyperparameters, the same batch size, epochs, training and validation data.
 */
import * as tf from "@tensorflow/tfjs";
import { prepare2D } from "../../src/core/datasets/prepare";
import { LEARNING_RATE, throughputConfig, type ThroughputCase } from "./cases";

/** When each epoch ended (the worker's clock), and how well the model ended up doing. */
export interface FitTiming {
  epochEnds: number[];
  finalValAccuracy: number;
}

/** Builds, compiles and fits the case's network; every tensor is freed before it returns. */
export async function fitCase(c: ThroughputCase): Promise<FitTiming> {
  const config = throughputConfig(c, "cpu"); // For its data spec, seed and Adam settings; the backend field is unused.
  if (config.data.kind !== "2d") {
    throw new Error(`The model.fit baseline trains 2D datasets only, got a "${config.data.kind}" dataset`);
  }
  const data = prepare2D(config.data, config.seed);
  const nF = data.nFeatures;
  const xs = tf.tensor2d(data.trainX, [data.train.length, nF]);
  const ys = tf.tensor2d(data.trainY, [data.train.length, 1]);
  const valX = tf.tensor2d(data.valX, [data.val.length, nF]);
  const valY = tf.tensor2d(data.valY, [data.val.length, 1]);
  const model = tf.sequential();
  c.hiddenLayers.forEach((units, i) =>
    model.add(tf.layers.dense({ units, activation: "relu", ...(i === 0 ? { inputShape: [nF] } : {}) })),
  );
  model.add(tf.layers.dense({ units: 1, activation: "sigmoid" }));
  const { beta1, beta2, epsilon } = config.optimizer;
  // Created here, so owned here: model.dispose() frees only optimizers it created from a name.
  const optimizer = tf.train.adam(LEARNING_RATE, beta1, beta2, epsilon);
  model.compile({ optimizer, loss: "binaryCrossentropy", metrics: ["accuracy"] });
  const epochEnds: number[] = [];
  try {
    const history = await model.fit(xs, ys, {
      epochs: c.epochs,
      batchSize: c.batchSize,
      shuffle: true,
      validationData: [valX, valY],
      verbose: 0,
      // The trainer yields with a zero-delay message every 25 ms; fit's default ("auto") waits for
      // an animation frame every 125 ms. "never" gives fit its best case, so the baseline is no straw man.
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
}
