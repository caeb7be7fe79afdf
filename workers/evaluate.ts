/**
 * Evaluation of a model on a whole set (validation or test), in chunks of rows so that a large
 * image set never needs the activations of all its examples at once. The result stays on the
 * device as one flat tensor, so the training loop still downloads once per epoch.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { Task } from "../src/shared/train";
import { metricSum, predictedClasses, taskLoss } from "./losses";
import type { Tf } from "./model";

/** Rows per forward pass for image data (tables and 2D points are evaluated in one pass). */
export const IMAGE_EVAL_ROWS = 256;

/** What evaluation needs of a model. */
export interface Evaluable {
  forward(x: tfjs.Tensor2D, pass: null): tfjs.Tensor2D;
  penalty(): tfjs.Scalar | null;
}

/**
 * [loss, metric sum] on the set, then the prediction of every row when `withPredictions` (the
 * class for classification, the value for regression). The loss is the mean over the rows plus the
 * weight penalty, as the training objective counts it.
 */
export function evaluationTensor(
  tf: Tf,
  model: Evaluable,
  task: Task,
  x: tfjs.Tensor2D,
  y: tfjs.Tensor2D,
  withPredictions: boolean,
  chunkRows: number,
): tfjs.Tensor1D {
  const n = x.shape[0];
  const parts: tfjs.Tensor1D[] = [];
  try {
    for (let start = 0; start < n; start += chunkRows) {
      const size = Math.min(chunkRows, n - start);
      // Each chunk's activations are freed as soon as its sums are taken.
      parts.push(
        tf.tidy(() => {
          const xc = size === n ? x : tf.slice(x, [start, 0], [size, -1]);
          const yc = size === n ? y : tf.slice(y, [start, 0], [size, -1]);
          const outputs = model.forward(xc, null);
          const sums = tf.stack([
            tf.mul(taskLoss(tf, task, outputs, yc), size),
            metricSum(tf, task, outputs, yc),
          ]);
          if (!withPredictions) return sums as tfjs.Tensor1D;
          const predictions =
            task === "regression" ? outputs.reshape([-1]) : predictedClasses(tf, task, outputs);
          return tf.concat([sums as tfjs.Tensor1D, predictions as tfjs.Tensor1D]);
        }),
      );
    }
    return tf.tidy(() => {
      let lossSum: tfjs.Scalar = tf.scalar(0);
      let metric: tfjs.Scalar = tf.scalar(0);
      const predictions: tfjs.Tensor1D[] = [];
      for (const part of parts) {
        lossSum = tf.add(lossSum, part.slice(0, 1).reshape([]));
        metric = tf.add(metric, part.slice(1, 1).reshape([]));
        if (withPredictions) predictions.push(part.slice(2));
      }
      let loss: tfjs.Scalar = tf.div(lossSum, n);
      const penalty = model.penalty();
      if (penalty) loss = tf.add(loss, penalty);
      return tf.concat([tf.stack([loss, metric]) as tfjs.Tensor1D, ...predictions]);
    });
  } finally {
    parts.forEach((p) => p.dispose());
  }
}

/** Chunk size for a dataset's examples: whole sets for tables and 2D points, IMAGE_EVAL_ROWS for images. */
export function evaluationChunkRows(exampleShape: number[], n: number): number {
  return exampleShape.length === 3 ? IMAGE_EVAL_ROWS : Math.max(1, n);
}

/** Up to `limit` validation examples the model gets wrong, with their dataset rows, in validation order. */
export function misclassifiedExamples(
  rows: number[],
  actual: Float32Array,
  predicted: Float32Array,
  limit = 64,
): { index: number; actual: number; predicted: number }[] {
  const wrong: { index: number; actual: number; predicted: number }[] = [];
  for (let i = 0; i < actual.length && wrong.length < limit; i++) {
    if (Math.round(actual[i]) !== Math.round(predicted[i])) {
      wrong.push({ index: rows[i], actual: Math.round(actual[i]), predicted: Math.round(predicted[i]) });
    }
  }
  return wrong;
}
