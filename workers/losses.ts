/**
 * Loss, metric and prediction ops per task, on the model's raw outputs: logits for classification
 * (sigmoid/softmax are folded into numerically stable cross-entropies), values for regression.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { Task } from "../src/shared/train";
import type { Tf } from "./model";

type Tensor = tfjs.Tensor;
type Tensor2D = tfjs.Tensor2D;
type Scalar = tfjs.Scalar;

/** Targets as the loss wants them: one-hot rows for multi-class, a column of labels or values otherwise. */
export function targetTensor(tf: Tf, task: Task, labels: Float32Array, classes: number): Tensor2D {
  if (task !== "multiclass") return tf.tensor2d(labels, [labels.length, 1]);
  return tf.tidy(
    () => tf.oneHot(tf.tensor1d(Int32Array.from(labels), "int32"), classes).toFloat() as Tensor2D,
  );
}

/** Mean loss of a batch: binary cross-entropy on a sigmoid, categorical cross-entropy on a softmax, or MSE. */
export function taskLoss(tf: Tf, task: Task, outputs: Tensor2D, targets: Tensor2D): Scalar {
  switch (task) {
    case "binary": {
      // log(1 + e^z) − z·y, written as max(z, 0) − z·y + log(1 + e^−|z|) so large |z| cannot overflow.
      const z = outputs;
      const perExample = tf.add(tf.sub(tf.relu(z), tf.mul(z, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
      return tf.mean(perExample);
    }
    case "multiclass":
      return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(outputs), targets), 1)));
    case "regression":
      return tf.mean(tf.squaredDifference(outputs, targets));
  }
}

/** The predicted class of each row (classification only), as float32. */
export function predictedClasses(tf: Tf, task: Task, outputs: Tensor2D): tfjs.Tensor1D {
  if (task === "binary") return tf.cast(tf.greater(outputs, 0), "float32").reshape([-1]);
  return tf.cast(tf.argMax(outputs, 1), "float32");
}

/** Summable metric of a batch: the number of correct predictions, or the sum of squared errors. */
export function metricSum(tf: Tf, task: Task, outputs: Tensor2D, targets: Tensor2D): Scalar {
  if (task === "regression") return tf.sum(tf.squaredDifference(outputs, targets));
  const truth: Tensor = task === "binary" ? targets.reshape([-1]) : tf.cast(tf.argMax(targets, 1), "float32");
  return tf.sum(tf.cast(tf.equal(predictedClasses(tf, task, outputs), truth), "float32"));
}

/** Turns a metric sum over n examples into the reported metric: accuracy, or RMSE for regression. */
export function metricFromSum(task: Task, sum: number, n: number): number {
  return task === "regression" ? Math.sqrt(sum / n) : sum / n;
}

/** What the boundary grid shows: P(class 1) for binary, the argmax class for multi-class, the value for regression. */
export function boundaryValues(tf: Tf, task: Task, outputs: Tensor2D): tfjs.Tensor1D {
  if (task === "binary") return tf.sigmoid(outputs).reshape([-1]);
  if (task === "multiclass") return predictedClasses(tf, task, outputs);
  return outputs.reshape([-1]);
}
