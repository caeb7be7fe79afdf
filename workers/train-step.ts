/**
 * One training step and one pass over the training set, shared by the main run and the
 * pretraining phase of a transfer run (workers/transfer.ts): the same augmentation, dropout,
 * penalty, batch-norm bookkeeping and per-step learning rate in both.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { Rng } from "../src/core/rng";
import type { AugmentConfig, Task } from "../src/shared/train";
import { augmentBatch } from "./augment";
import { batchRows } from "./batch-rows";
import { denseOpsStep } from "./dense-ops-step";
import { denseHostStep, denseStepPlan } from "./dense-step";
import { useHostKernels } from "./host-kernels";
import { hostLossAndMetric } from "./loss-kernel";
import { metricSum, taskLoss } from "./losses";
import type { Tf, TrainingPass } from "./model";
import type { Network } from "./network";
import type { Optimizer } from "./optimizers";

/** Everything a training step needs besides the batch and the rate. */
export interface StepContext {
  tf: Tf;
  task: Task;
  model: Network;
  /** The variables that get gradients, in the order `optimizer` expects them. */
  variables: tfjs.Variable[];
  optimizer: Optimizer;
  exampleShape: number[];
  augment: AugmentConfig | undefined;
  dropoutRng: Rng;
  augmentRng: Rng;
  /** [sum of batch loss × batch size, sum of the metric] over the epoch, kept on the device. */
  epochSums: tfjs.Variable;
  /**
   * Batch norm uses and updates batch statistics; false when its layers are frozen: it then
   * normalises with its moving statistics, which stay as they are.
   */
  updateMovingStats: boolean;
}

/** One gradient step on a batch at rate `lr`; adds the batch's loss and metric to the epoch sums. */
export function trainStep(c: StepContext, xb: tfjs.Tensor2D, yb: tfjs.Tensor2D, lr: number): void {
  const { tf, task, model } = c;
  const pass: TrainingPass = {
    dropoutRng: c.dropoutRng,
    batchStats: [],
    frozenBatchNorm: !c.updateMovingStats,
  };
  // The batch's metric is computed inside the gradient function (it needs the outputs) and kept out of its scope.
  const kept: { metric?: tfjs.Scalar } = {};
  const host = useHostKernels(tf);
  try {
    tf.tidy(() => {
      const input = augmentBatch(tf, xb, c.exampleShape, c.augment, c.augmentRng);
      const { value, grads } = tf.variableGrads(() => {
        const outputs = model.forward(input, pass);
        let loss: tfjs.Scalar;
        if (host) {
          ({ loss, metric: kept.metric } = hostLossAndMetric(tf, task, outputs, yb));
        } else {
          kept.metric = tf.keep(metricSum(tf, task, outputs, yb));
          loss = taskLoss(tf, task, outputs, yb);
        }
        const penalty = model.penalty();
        return penalty ? tf.add(loss, penalty) : loss;
      }, c.variables);
      c.optimizer.step(
        c.variables.map((v) => grads[v.name]),
        lr,
      );
      if (c.updateMovingStats) model.updateMovingStats(pass.batchStats);
      c.epochSums.assign(tf.add(c.epochSums, tf.stack([tf.mul(value, xb.shape[0]), kept.metric!])));
    });
  } finally {
    pass.batchStats.forEach((t) => t.dispose());
    kept.metric?.dispose();
  }
}

/** How one epoch's batches are cut and paced. */
export interface EpochPlan {
  trainX: tfjs.Tensor2D;
  trainY: tfjs.Tensor2D;
  batchSize: number;
  /** Row order, reshuffled in place every epoch (so each epoch starts from the last one's order). */
  order: number[];
  shuffleRng: Rng;
  /** The learning rate of global step `step`. */
  rateAt: (step: number) => number;
  /** Gives the event loop a turn when it has waited long enough. */
  pace: () => Promise<void>;
  shouldStop: () => boolean;
}

/**
 * Trains one epoch in shuffled batches from global step `firstStep`; returns the rate of every
 * step taken and whether a stop request ended it early.
 */
export async function trainEpoch(
  c: StepContext,
  plan: EpochPlan,
  firstStep: number,
): Promise<{ stepLrs: number[]; stopped: boolean }> {
  const { tf } = c;
  const nTrain = plan.trainX.shape[0];
  const batchSize = Math.min(plan.batchSize, nTrain);
  const steps = Math.ceil(nTrain / batchSize);
  const order = plan.shuffleRng.shuffle(plan.order);
  const dense = denseStepPlan(c, batchSize);
  // Host kernels copy each batch's rows straight out of the training set; ops gather the shuffled
  // set once per epoch and slice batches out of it.
  const host = useHostKernels(tf);
  const [xs, ys] = host
    ? [plan.trainX, plan.trainY]
    : tf.tidy(() => {
        const indices = tf.tensor1d(Int32Array.from(order), "int32");
        return [tf.gather(plan.trainX, indices), tf.gather(plan.trainY, indices)];
      });
  const batch = (start: number, size: number): [tfjs.Tensor2D, tfjs.Tensor2D] =>
    host
      ? batchRows(tf, xs, ys, order, start, size)
      : [tf.slice(xs, [start, 0], [size, -1]), tf.slice(ys, [start, 0], [size, -1])];
  const step = (start: number, size: number, lr: number): void => {
    // The dense step's host kernel reads its rows itself (host kernels run, so xs, ys are the set).
    if (dense?.path === "host") return denseHostStep(c, dense, xs, ys, { order, start, size }, lr);
    const [xb, yb] = batch(start, size);
    if (dense) denseOpsStep(c, dense, xb, yb, lr);
    else trainStep(c, xb, yb, lr);
  };
  const stepLrs: number[] = [];
  try {
    for (let b = 0; b < steps; b++) {
      const start = b * batchSize;
      const size = Math.min(batchSize, nTrain - start);
      const lr = plan.rateAt(firstStep + b);
      stepLrs.push(lr);
      tf.tidy(() => step(start, size, lr));
      await plan.pace();
      if (plan.shouldStop()) return { stepLrs, stopped: true };
    }
  } finally {
    if (!host) {
      xs.dispose();
      ys.dispose();
    }
  }
  return { stepLrs, stopped: false };
}
