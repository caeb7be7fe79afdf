/**
 * Checks shared by the dense-op tests on the CPU and on the WebAssembly backend: which matrix
 * products a computation dispatches, and a short training run's per-epoch figures with the dense
 * method forced one way or the other.
 */
import type { DatasetArrays, EpochReport, TrainConfig, TrainResult } from "../../src/shared/train";
import { forceDenseMethod, type DenseMethod } from "../dense-op";
import { forceDenseStep } from "../dense-step";
import type { Tf } from "../model";
import { trainModel } from "../trainer";

export interface ProductCall {
  kernel: string;
  transposeA: boolean;
  transposeB: boolean;
}

/**
 * Runs `fn` and returns every matrix product it dispatched (BatchMatMul and _FusedMatMul kernels),
 * with its transpose flags. Every op reaches its kernel through the engine's runKernel, gradients
 * included, so wrapping that one method sees them all.
 */
export async function recordProducts<T>(
  tf: Tf,
  fn: () => T | Promise<T>,
): Promise<{ result: T; calls: ProductCall[] }> {
  const engine = tf.engine();
  const original = engine.runKernel;
  const calls: ProductCall[] = [];
  engine.runKernel = function (this: typeof engine, ...args: Parameters<typeof original>) {
    const [kernel, , attrs] = args;
    if (kernel === "BatchMatMul" || kernel === "_FusedMatMul") {
      const a = (attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
      calls.push({
        kernel,
        transposeA: Boolean(a.transposeA),
        transposeB: Boolean(a.transposeB),
      });
    }
    return original.apply(this, args);
  } as typeof original;
  try {
    return { result: await fn(), calls };
  } finally {
    engine.runKernel = original;
  }
}

/** Products with a transpose flag set. */
export const flagged = (calls: ProductCall[]): ProductCall[] =>
  calls.filter((c) => c.transposeA || c.transposeB);

/**
 * A training run's per-epoch reports and final result, with the dense method forced to `method`
 * (and the step through the gradient tape, where dense products are made: a plain dense network
 * would otherwise take the dense step of dense-step.ts, which has no dense product to choose).
 */
export async function trainWith(
  tf: Tf,
  method: DenseMethod,
  config: TrainConfig,
): Promise<{ reports: EpochReport[]; finalValLoss: number }> {
  forceDenseMethod(method);
  forceDenseStep("tape");
  try {
    const { reports, result } = await recordedRun(tf, config);
    return { reports, finalValLoss: result.finalValLoss };
  } finally {
    forceDenseMethod(null);
    forceDenseStep(null);
  }
}

/**
 * A training run's epoch reports and result, checking that it completed and that the tensors held
 * before it are all there is after it (a dataset the run needs comes from `arrays`).
 */
export async function recordedRun(
  tf: Tf,
  config: TrainConfig,
  arrays?: DatasetArrays,
): Promise<{ reports: EpochReport[]; result: TrainResult }> {
  const before = tf.memory().numTensors;
  const reports: EpochReport[] = [];
  const result = await trainModel(
    config,
    (r) => void reports.push(r),
    () => false,
    tf,
    { datasets: (id) => (id === arrays?.id ? arrays : undefined) },
  );
  if (result.status !== "completed") throw new Error(`Training ended "${result.status}": ${result.message}`);
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`The run leaked ${leaked} tensors`);
  return { reports, result };
}

/** Largest |a − b| relative to 1 + |b|, over paired values. */
export function maxRelativeDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`Lengths differ: ${a.length} and ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return worst;
}

/**
 * Per-epoch training and validation losses of a run, flattened for comparison (accuracies are left
 * out: a last-digit difference can move one example across the threshold).
 */
export const lossCurve = (reports: EpochReport[]): number[] =>
  reports.flatMap((r) => [r.trainLoss, r.valLoss]);
