/**
 * When and how a training step, and an evaluation, run as the dense-step host kernels
 * (dense-step-kernel.ts) instead of tfjs ops (under the gradient tape, for a step): on the backends
 * that run host kernels, for plain dense networks (no convolutions, batch norm or augmentation)
 * small enough that plain loops beat the backend's kernels.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { augments } from "./augment";
import type { Task } from "../src/shared/train";
import {
  DENSE_EVAL_KERNEL,
  DENSE_STEP_KERNEL,
  denseEvalKernel,
  denseStepKernel,
  type DenseNetAttrs,
  type DenseStepAttrs,
} from "./dense-step-kernel";
import type { BatchSpan } from "./batch-rows";
import { evaluationTensor } from "./evaluate";
import { registerHostKernel, useHostKernels } from "./host-kernels";
import type { Tf } from "./model";
import type { Network } from "./network";
import type { StepContext } from "./train-step";

/**
 * The most multiply-adds a host kernel may do for one call (a training step does three per weight
 * and row: forward, dH, dW; an evaluation one) for it to run instead of the backend's ops. Above
 * it, on WebAssembly, the backend's matrix products (XNNPACK, SIMD) outrun the loops by more than
 * the tape and per-op bookkeeping cost. Measured in Node, whole trials on 7→w→w→1 networks
 * alternating the two paths: at batch 64 the host step was 1.33× as fast at w = 40 (368k) and
 * 0.91× at w = 48 (516k); at batch 16, 1.11× at w = 80 (338k). On the CPU backend, whose products
 * are plain JavaScript too, the host step was 2.7–3.3× as fast on every size tried (up to
 * 7→256→256→1 at batch 64), so it has no limit there.
 */
export const DENSE_HOST_MAX_WORK: Record<string, number> = { wasm: 393_216, cpu: Infinity };

/**
 * How a plain dense network's training step runs: "host", the host kernel; "ops", tfjs ops with the
 * backward pass written out (dense-ops-step.ts); "tape", tfjs ops under the gradient tape, as every
 * other network trains.
 */
export type DenseStepPath = "host" | "ops" | "tape";

/** Backends where plain dense networks too large for the host step take the "ops" path. */
export const DENSE_OPS_BACKENDS: readonly string[] = ["wasm"];

let forced: DenseStepPath | null = null;

/**
 * Makes plain dense networks take `path` wherever it can run ("host" and "ops" need a backend
 * that runs host kernels); null: the backend's own choice. For tests and benchmarks.
 */
export function forceDenseStep(path: DenseStepPath | null): void {
  forced = path;
}

type Layers = [tfjs.Variable, tfjs.Variable][];

/** Weights × rows × passes, the multiply-adds of a call on `rows` rows. */
const workOf = (layers: Layers, rows: number, passes: number): number =>
  passes * rows * layers.reduce((n, [w]) => n + w.size, 0);

/** Whether the host kernels take a call of `work` multiply-adds on the current backend. */
function hostTakes(tf: Tf, work: number): boolean {
  return forced === "host" || (forced === null && work <= (DENSE_HOST_MAX_WORK[tf.getBackend()] ?? 0));
}

/** How a plain dense network's steps run, decided once per epoch. */
export interface DenseStepPlan {
  path: "host" | "ops";
  layers: Layers;
  /**
   * The variables the optimizer updates (in its order) as indices into the layers' parameters:
   * p is layer ⌊p/2⌋'s kernel (p even) or bias (p odd).
   */
  gradsOf: number[];
}

/** How steps on batches of `rows` train the network (a plain dense one: "host" or "ops"); null: the tape. */
export function denseStepPlan(c: StepContext, rows: number): DenseStepPlan | null {
  if (forced === "tape" || augments(c.augment) || !useHostKernels(c.tf)) return null;
  const layers = c.model.plainLayers();
  if (!layers) return null;
  const path = hostTakes(c.tf, workOf(layers, rows, 3))
    ? "host"
    : forced === "ops" || (forced === null && DENSE_OPS_BACKENDS.includes(c.tf.getBackend()))
      ? "ops"
      : null;
  if (path === null) return null;
  const params = layers.flat();
  const gradsOf = c.variables.map((v) => {
    const p = params.indexOf(v);
    if (p < 0) throw new Error(`The dense step was given variable ${v.name}, which is not a dense layer's`);
    return p;
  });
  return { path, layers, gradsOf };
}

/** The network's layers when its evaluation on a set of `rows` runs as the host kernel, else null. */
function denseEvalLayers(tf: Tf, model: Network, rows: number): Layers | null {
  if (forced === "tape" || forced === "ops" || !useHostKernels(tf)) return null;
  const layers = model.plainLayers();
  return layers && hostTakes(tf, workOf(layers, rows, 1)) ? layers : null;
}

/**
 * [loss, metric sum] of `model` on the whole set x, y (the mean loss plus the penalty): one host
 * kernel when the network takes it, else evaluate.ts's ops in chunks of `chunkRows`.
 */
export function setEvaluation(
  tf: Tf,
  model: Network,
  task: Task,
  x: tfjs.Tensor2D,
  y: tfjs.Tensor2D,
  chunkRows: number,
): tfjs.Tensor1D {
  const layers = denseEvalLayers(tf, model, x.shape[0]);
  return layers
    ? denseEvaluation(tf, model, layers, task, x, y)
    : evaluationTensor(tf, model, task, x, y, false, chunkRows);
}

/** The network's settings the kernels need, as their attributes. */
function netAttrs(model: Network, task: Task, layers: Layers): DenseNetAttrs {
  const { activation, l1, l2 } = model.denseSettings;
  return { task, activation, l1, l2, layers: layers.length };
}

function weightInputs(layers: Layers, inputs: tfjs.NamedTensorMap): tfjs.NamedTensorMap {
  layers.forEach(([w, b], l) => {
    inputs[`w${l}`] = w;
    inputs[`b${l}`] = b;
  });
  return inputs;
}

/**
 * [loss, metric sum] of `model` on the set x, y: the mean loss plus the penalty, as
 * evaluate.ts's evaluationTensor gives it without predictions.
 */
function denseEvaluation(
  tf: Tf,
  model: Network,
  layers: Layers,
  task: Task,
  x: tfjs.Tensor2D,
  y: tfjs.Tensor2D,
): tfjs.Tensor1D {
  registerHostKernel(tf, DENSE_EVAL_KERNEL, denseEvalKernel);
  const attrs = netAttrs(model, task, layers) as unknown as tfjs.NamedAttrMap;
  return tf.engine().runKernel(DENSE_EVAL_KERNEL, weightInputs(layers, { x, y }), attrs) as tfjs.Tensor1D;
}

/**
 * One gradient step at rate `lr` on rows order[start .. start + size) of the training set; adds
 * the batch's loss (with the penalty) × size and its metric to the epoch sums.
 */
export function denseHostStep(
  c: StepContext,
  plan: DenseStepPlan,
  trainX: tfjs.Tensor2D,
  trainY: tfjs.Tensor2D,
  batch: BatchSpan,
  lr: number,
): void {
  const { tf } = c;
  const { layers, gradsOf } = plan;
  registerHostKernel(tf, DENSE_STEP_KERNEL, denseStepKernel);
  const inputs = weightInputs(layers, { x: trainX, y: trainY, sums: c.epochSums });
  const attrs: DenseStepAttrs = {
    ...netAttrs(c.model, c.task, layers),
    dropout: c.model.denseSettings.dropout,
    dropoutRng: c.dropoutRng,
    ...batch,
    gradsOf,
  };
  const outputs = tf
    .engine()
    .runKernel(DENSE_STEP_KERNEL, inputs, attrs as unknown as tfjs.NamedAttrMap) as tfjs.Tensor[];
  try {
    c.optimizer.step(outputs.slice(0, gradsOf.length), lr);
    c.epochSums.assign(outputs[gradsOf.length]);
  } finally {
    outputs.forEach((t) => t.dispose());
  }
}
