/**
 * A training batch's rows, copied out of the whole training set by one host kernel (see
 * host-kernels.ts) in the epoch's shuffled order. The op path gathers the shuffled set once per
 * epoch and slices every batch out of it; on WebAssembly each slice first copies its whole input
 * out of the heap into a new ArrayBuffer, so two slices per step made the step's largest garbage.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { registerHostKernel, type HostKernel, type Values } from "./host-kernels";
import type { Tf } from "./model";

export const BATCH_ROWS_KERNEL = "TunelabBatchRows";

/** The rows a batch takes: order[start .. start + size) of its set. */
export interface BatchSpan {
  order: number[];
  start: number;
  size: number;
}

/**
 * Copies the batch's rows of `src` ([n, cols], row-major) into `dst`, in order; `kernel` names the
 * kernel in the message when a row is outside the set.
 */
export function copyRows(
  src: Values,
  n: number,
  cols: number,
  batch: BatchSpan,
  dst: Values,
  kernel: string,
): void {
  const { order, start, size } = batch;
  for (let b = 0; b < size; b++) {
    const r = order[start + b];
    if (!(r >= 0 && r < n)) throw new Error(`${kernel}: row ${r} is outside [0, ${n})`);
    const from = r * cols;
    const to = b * cols;
    for (let c = 0; c < cols; c++) dst[to + c] = src[from + c];
  }
}

const rowsKernel: HostKernel = (host, input, attrs) => {
  const batch = attrs as unknown as BatchSpan;
  const sources = [input("x"), input("y")];
  const outputs = sources.map((t) => host.output([batch.size, t.shape[1]]));
  sources.forEach((t, k) => {
    const [n, cols] = t.shape;
    copyRows(host.values(t), n, cols, batch, outputs[k].values(), BATCH_ROWS_KERNEL);
  });
  return outputs.map((o) => o.info);
};

/** Rows order[start .. start + size) of `x` and of `y` (same row count), as new tensors. */
export function batchRows(
  tf: Tf,
  x: tfjs.Tensor2D,
  y: tfjs.Tensor2D,
  order: number[],
  start: number,
  size: number,
): [tfjs.Tensor2D, tfjs.Tensor2D] {
  registerHostKernel(tf, BATCH_ROWS_KERNEL, rowsKernel);
  const [xb, yb] = tf
    .engine()
    .runKernel(BATCH_ROWS_KERNEL, { x, y }, { order, start, size }) as tfjs.Tensor2D[];
  return [xb, yb];
}
