/**
 * A training batch's loss, its gradient with respect to the model's outputs, and its metric, as one
 * host kernel (see host-kernels.ts) instead of ~30 tfjs ops forward and backward. The maths is
 * losses.ts's: binary cross-entropy on logits, softmax cross-entropy, or mean squared error; the
 * metric is the number of correct predictions or the sum of squared errors. The gradient is the
 * closed form (sigmoid(z) − y, softmax(z)·Σy − y, 2(z − y), each over the mean's count).
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { Task } from "../src/shared/train";
import { registerHostKernel, type HostKernel, type Values } from "./host-kernels";
import type { Tf } from "./model";

export const LOSS_KERNEL = "TunelabLoss";

/** Fills `grad` and returns [loss, metric sum]. */
export function lossInto(task: Task, z: Values, y: Values, rows: number, grad: Values): [number, number] {
  const count = z.length;
  let sum = 0;
  let metric = 0;
  switch (task) {
    case "binary":
      for (let i = 0; i < count; i++) {
        const zi = z[i];
        const yi = y[i];
        // log(1 + e^z) − z·y, written so large |z| cannot overflow (as in losses.ts).
        sum += Math.max(zi, 0) - zi * yi + Math.log1p(Math.exp(-Math.abs(zi)));
        if ((zi > 0 ? 1 : 0) === yi) metric++;
        grad[i] = (1 / (1 + Math.exp(-zi)) - yi) / count;
      }
      return [sum / count, metric];
    case "regression":
      for (let i = 0; i < count; i++) {
        const diff = z[i] - y[i];
        sum += diff * diff;
        grad[i] = (2 * diff) / count;
      }
      return [sum / count, sum];
    case "multiclass": {
      const classes = count / rows;
      for (let r = 0; r < rows; r++) {
        const o = r * classes;
        let zMax = o;
        let yMax = o;
        let ySum = 0;
        for (let j = o; j < o + classes; j++) {
          if (z[j] > z[zMax]) zMax = j;
          if (y[j] > y[yMax]) yMax = j;
          ySum += y[j];
        }
        let expSum = 0;
        for (let j = o; j < o + classes; j++) expSum += Math.exp(z[j] - z[zMax]);
        const logSumExp = z[zMax] + Math.log(expSum);
        for (let j = o; j < o + classes; j++) {
          sum -= y[j] * (z[j] - logSumExp);
          grad[j] = (Math.exp(z[j] - logSumExp) * ySum - y[j]) / rows;
        }
        if (zMax - o === yMax - o) metric++;
      }
      return [sum / rows, metric];
    }
  }
}

const lossKernel: HostKernel = (host, input, attrs) => {
  const task = attrs.task as Task;
  const z = input("z");
  const y = input("y");
  if (z.shape.join() !== y.shape.join()) {
    throw new Error(
      `${LOSS_KERNEL}: outputs [${z.shape.join(", ")}] and targets [${y.shape.join(", ")}] differ`,
    );
  }
  const loss = host.output([]);
  const metric = host.output([]);
  const grad = host.output(z.shape);
  const [l, m] = lossInto(task, host.values(z), host.values(y), z.shape[0], grad.values());
  loss.values()[0] = l;
  metric.values()[0] = m;
  return [loss.info, metric.info, grad.info];
};

/** Registers the loss kernel for the host backends (once per tfjs instance). */
export function registerLossKernel(tf: Tf): void {
  registerHostKernel(tf, LOSS_KERNEL, lossKernel);
}

/**
 * The batch's mean loss (differentiable with respect to `outputs`) and its metric sum, from one
 * kernel. The metric is kept out of any tidy scope: the caller disposes it.
 */
export function hostLossAndMetric(
  tf: Tf,
  task: Task,
  outputs: tfjs.Tensor2D,
  targets: tfjs.Tensor2D,
): { loss: tfjs.Scalar; metric: tfjs.Scalar } {
  registerLossKernel(tf);
  let metric: tfjs.Scalar | null = null;
  const op = tf.customGrad((...args: (tfjs.Tensor | tfjs.GradSaveFunc)[]) => {
    const z = args[0] as tfjs.Tensor;
    const save = args[1] as tfjs.GradSaveFunc;
    const [loss, m, grad] = tf.engine().runKernel(LOSS_KERNEL, { z, y: targets }, { task }) as tfjs.Tensor[];
    metric = tf.keep(m as tfjs.Scalar);
    save([grad]);
    return {
      value: loss as tfjs.Scalar,
      gradFunc: (dy: tfjs.Tensor, saved: tfjs.Tensor[]) => tf.mul(dy, saved[0]),
    };
  });
  const loss = op(outputs);
  return { loss, metric: metric! };
}
