/**
 * How a training run ends: the final evaluation of the weights it ends with (test loss and metric
 * when there is a test set, validation loss, metric and per-example predictions, in one download)
 * and the TrainResult built from it, with the confusion matrix, misclassified examples, regression
 * predictions and the pretraining outcome of a transfer run.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { BackendName, TrainConfig, TrainResult, TrainStatus } from "../src/shared/train";
import type { DataTensors } from "./data-tensors";
import { evaluationTensor, misclassifiedExamples } from "./evaluate";
import type { Tf } from "./model";
import type { Network } from "./network";
import type { PreparedMeta } from "./prepared-data";
import type { PretrainOutcome } from "./transfer";

/** What the training loop ended with. */
export interface RunEnd {
  status: TrainStatus;
  message: string;
  epochs: number;
  bestEpoch: number;
  best: { valLoss: number; valMetric: number } | null;
  pretrained: PretrainOutcome | null;
  /** performance.now() when the run started. */
  started: number;
}

export interface FinalInput {
  tf: Tf;
  model: Network;
  data: PreparedMeta;
  tensors: DataTensors;
  transfer: TrainConfig["transfer"];
  /** The reported metric from a metric sum over n examples. */
  metricOf: (sum: number, n: number) => number;
  /** Rows per evaluation chunk of the validation and test sets. */
  chunks: { val: number; test: number };
  end: RunEnd;
}

/** Evaluates the final weights and builds the run's result. Disposes every tensor it makes. */
export async function finalResult(input: FinalInput): Promise<TrainResult> {
  const { tf, model, data, tensors, transfer, metricOf, end } = input;
  const { task } = data;
  const nVal = data.valY.length;
  const nTest = data.testY?.length ?? 0;
  const finalParts: tfjs.Tensor1D[] = [];
  let final: Float32Array;
  try {
    if (tensors.testX && tensors.testY) {
      finalParts.push(
        evaluationTensor(tf, model, task, tensors.testX, tensors.testY, false, input.chunks.test),
      );
    } else {
      finalParts.push(tf.tensor1d([NaN, NaN]));
    }
    finalParts.push(evaluationTensor(tf, model, task, tensors.valX, tensors.valY, true, input.chunks.val));
    const finalTensor = tf.concat(finalParts);
    finalParts.push(finalTensor);
    final = await finalTensor.data<"float32">();
  } finally {
    finalParts.forEach((t) => t.dispose());
  }
  const finalValLoss = final[2];
  const finalValMetric = metricOf(final[3], nVal);
  const predicted = final.slice(4);
  const scale = data.targetScale;
  if (scale) predicted.forEach((v, i) => (predicted[i] = v * scale.std + scale.mean));

  const { best, pretrained } = end;
  const result: TrainResult = {
    status: end.status,
    message: end.message,
    epochs: end.epochs,
    bestEpoch: end.bestEpoch,
    finalValLoss,
    finalValMetric,
    bestValLoss: best ? best.valLoss : finalValLoss,
    bestValMetric: best ? best.valMetric : finalValMetric,
    backend: tf.getBackend() as BackendName,
    totalMs: performance.now() - end.started,
  };
  if (Number.isFinite(finalValLoss)) {
    if (task === "regression") result.predictions = { actual: data.valActual.slice(), predicted };
    else result.confusion = confusionMatrix(data.valY, predicted, data.classes);
    if (task !== "regression" && data.valRows) {
      result.misclassified = misclassifiedExamples(data.valRows, data.valY, predicted);
      // Transfer runs name the dataset's own classes, not their positions in transfer.classes.
      if (transfer) {
        result.misclassified = result.misclassified.map((m) => ({
          ...m,
          actual: transfer.classes[m.actual],
          predicted: transfer.classes[m.predicted],
        }));
      }
    }
  }
  if (pretrained && !pretrained.stopped) {
    const { epochs, valLoss, valMetric, ms } = pretrained;
    result.pretrain = { epochs, valLoss, valMetric, ms };
  }
  if (nTest > 0 && Number.isFinite(final[0])) {
    result.testLoss = final[0];
    result.testMetric = metricOf(final[1], nTest);
  }
  return result;
}

/** confusion[actual][predicted] counts. */
export function confusionMatrix(actual: Float32Array, predicted: Float32Array, classes: number): number[][] {
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  actual.forEach((a, i) => {
    const p = predicted[i];
    if (p >= 0 && p < classes) matrix[Math.round(a)][Math.round(p)]++;
  });
  return matrix;
}
