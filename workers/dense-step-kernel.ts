/**
 * A whole training step of a plain dense network (no convolutions, no batch norm, no augmentation)
 * as one host kernel (see host-kernels.ts): the batch's rows, the forward pass with dropout, the
 * loss and metric, the L1/L2 penalty and the backward pass to every parameter's gradient, in plain
 * loops. The op path takes ~55 tfjs ops a step through the gradient tape; in Chromium, V8's
 * background threads keep recompiling tfjs's tape and scope bookkeeping all through a study, and
 * that work takes the second core two workers need (BENCHMARKS.md, "Parallel trials"). The maths
 * is model.ts's and losses.ts's; train-step.ts's tests compare the two paths.
 */
import type { TensorInfo } from "@tensorflow/tfjs";
import type { Rng } from "../src/core/rng";
import type { Activation, Task } from "../src/shared/train";
import { activateInto, activationGradInPlace } from "./host-activations";
import { copyRows, type BatchSpan } from "./batch-rows";
import { gemm, type Strided } from "./host-gemm";
import type { HostKernel, Values } from "./host-kernels";
import { lossInto } from "./loss-kernel";
import { fillDropoutMask } from "./model";

export const DENSE_STEP_KERNEL = "TunelabDenseStep";
export const DENSE_EVAL_KERNEL = "TunelabDenseEval";

/** What both kernels know of the network. Inputs: w0…, b0… (layer l: [fanIn, units], [units]). */
export interface DenseNetAttrs {
  task: Task;
  activation: Activation;
  l1: number;
  l2: number;
  /** Dense layers, the output layer included. */
  layers: number;
}

/**
 * The training step's attributes, the batch (rows order[start .. start + size) of x and y) among
 * them. Inputs: x, y (the whole training set), sums (the epoch's [loss sum, metric sum]) and the
 * network's.
 */
export interface DenseStepAttrs extends DenseNetAttrs, BatchSpan {
  dropout: number;
  /** Draws the dropout masks: one number per element of each hidden layer's output, layer by layer, row by row. */
  dropoutRng: Rng;
  /** The gradients to output, in this order: parameter p is layer ⌊p/2⌋'s kernel (p even) or bias (p odd). */
  gradsOf: number[];
}

/** Per-layer scratch arrays, kept between steps of the same shapes (no garbage per step). */
interface Workspace {
  /** Input rows of each layer: h[0] the batch, h[l] the (dropped-out) output of hidden layer l − 1. */
  h: Float32Array[];
  /** Pre-activations of each hidden layer, and the output layer's raw values (z[layers − 1]). */
  z: Float32Array[];
  /** Activations of each hidden layer, before dropout. */
  a: Float32Array[];
  masks: Float32Array[];
  /** Gradients with respect to each layer's pre-activation (or raw output). */
  dz: Float32Array[];
  y: Float32Array;
}

const workspaces = new Map<string, Workspace>();

function workspaceFor(rows: number, widths: number[], dropout: boolean): Workspace {
  const key = `${rows}:${widths.join(",")}:${dropout}`;
  let ws = workspaces.get(key);
  if (ws) return ws;
  if (workspaces.size >= 8) workspaces.clear();
  const layers = widths.length - 1;
  const f = (n: number) => new Float32Array(n);
  ws = {
    h: widths.slice(0, layers).map((w) => f(rows * w)),
    z: widths.slice(1).map((w) => f(rows * w)),
    a: widths.slice(1, layers).map((w) => f(rows * w)),
    masks: dropout ? widths.slice(1, layers).map((w) => f(rows * w)) : [],
    dz: widths.slice(1).map((w) => f(rows * w)),
    y: f(rows * widths[layers]),
  };
  workspaces.set(key, ws);
  return ws;
}

/** Row-major [rows, cols] values, or their transpose (a view, no copy). */
const rowMajor = (values: Values, cols: number): Strided => ({ values, rowStride: cols, colStride: 1 });
const transposed = (values: Values, cols: number): Strided => ({ values, rowStride: 1, colStride: cols });

/** db[n] = Σ rows of dz. */
function biasGrad(dz: Float32Array, db: Values, rows: number, n: number): void {
  db.fill(0);
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) db[j] += dz[r * n + j];
}

/** The network's weights from the kernel's inputs, their shapes checked against `nIn` inputs and `nOut` outputs. */
function networkOf(name: string, input: (name: string) => TensorInfo, L: number, nIn: number, nOut: number) {
  const kernels = Array.from({ length: L }, (_, l) => input(`w${l}`));
  const biases = Array.from({ length: L }, (_, l) => input(`b${l}`));
  const widths = [nIn, ...kernels.map((w) => w.shape[1])];
  kernels.forEach((w, l) => {
    if (w.shape[0] !== widths[l] || biases[l].shape[0] !== widths[l + 1]) {
      throw new Error(`${name}: layer ${l} has shape [${w.shape.join(", ")}] after ${widths[l]} inputs`);
    }
  });
  if (nOut !== widths[L]) {
    throw new Error(`${name}: targets have ${nOut} columns, the network ${widths[L]} outputs`);
  }
  return { kernels, biases, widths };
}

/**
 * The forward pass of `rows` input rows `h0` into ws.z (the output layer's raw values last), with
 * dropout after each hidden layer when `dropout` is given.
 */
function forwardPass(
  ws: Workspace,
  h0: Values,
  W: Values[],
  B: Values[],
  widths: number[],
  rows: number,
  activation: Activation,
  dropout: { rate: number; rng: Rng } | null,
): void {
  const L = W.length;
  let h = h0;
  for (let l = 0; l < L; l++) {
    const [k, n] = [widths[l], widths[l + 1]];
    gemm(rowMajor(h, k), rowMajor(W[l], n), ws.z[l], rows, n, k, B[l]);
    if (l === L - 1) break;
    const count = rows * n;
    activateInto(activation, ws.z[l], ws.a[l], count);
    const next = ws.h[l + 1];
    if (dropout) {
      const mask = fillDropoutMask(ws.masks[l], dropout.rate, dropout.rng);
      for (let i = 0; i < count; i++) next[i] = ws.a[l][i] * mask[i];
    } else {
      next.set(ws.a[l]);
    }
    h = next;
  }
}

/** l1·Σ|w| + l2·Σw² over the kernels. */
function penaltyOf(W: Values[], l1: number, l2: number): number {
  let penalty = 0;
  if (l1 > 0 || l2 > 0) {
    for (const w of W) for (let i = 0; i < w.length; i++) penalty += l1 * Math.abs(w[i]) + l2 * w[i] * w[i];
  }
  return penalty;
}

export const denseStepKernel: HostKernel = (host, input, attrs) => {
  const a = attrs as unknown as DenseStepAttrs;
  const L = a.layers;
  const x = input("x");
  const y = input("y");
  const sums = input("sums");
  const { kernels, biases, widths } = networkOf(DENSE_STEP_KERNEL, input, L, x.shape[1], y.shape[1]);
  const rows = a.size;
  // Every output first: an allocation may detach the views taken before it.
  const outs = a.gradsOf.map((p) => host.output(p % 2 === 0 ? kernels[p >> 1].shape : biases[p >> 1].shape));
  const sumsOut = host.output([2]);
  const W = kernels.map((t) => host.values(t));
  const B = biases.map((t) => host.values(t));
  const ws = workspaceFor(rows, widths, a.dropout > 0);

  copyRows(host.values(x), x.shape[0], widths[0], a, ws.h[0], DENSE_STEP_KERNEL);
  copyRows(host.values(y), y.shape[0], widths[L], a, ws.y, DENSE_STEP_KERNEL);
  const dropout = a.dropout > 0 ? { rate: a.dropout, rng: a.dropoutRng } : null;
  forwardPass(ws, ws.h[0], W, B, widths, rows, a.activation, dropout);
  const [loss, metric] = lossInto(a.task, ws.z[L - 1], ws.y, rows, ws.dz[L - 1]);
  const penalty = penaltyOf(W, a.l1, a.l2);

  // Backward, down to the lowest layer with a gradient to output.
  const grad = new Map<number, Values>();
  a.gradsOf.forEach((p, i) => grad.set(p, outs[i].values()));
  const lowest = Math.min(...a.gradsOf.map((p) => p >> 1));
  for (let l = L - 1; l >= lowest; l--) {
    const [k, n] = [widths[l], widths[l + 1]];
    const dw = grad.get(2 * l);
    const db = grad.get(2 * l + 1);
    // dW = hᵀ·dZ, [k, n].
    if (dw) gemm(transposed(ws.h[l], k), rowMajor(ws.dz[l], n), dw, k, n, rows, null);
    if (db) biasGrad(ws.dz[l], db, rows, n);
    if (dw && (a.l1 > 0 || a.l2 > 0)) {
      const w = W[l];
      for (let i = 0; i < w.length; i++) dw[i] += a.l1 * Math.sign(w[i]) + 2 * a.l2 * w[i];
    }
    if (l === lowest) break;
    // dH = dZ·Wᵀ, [rows, k].
    const dh = ws.dz[l - 1];
    gemm(rowMajor(ws.dz[l], n), transposed(W[l], n), dh, rows, k, n, null);
    const count = rows * k;
    if (dropout) {
      const mask = ws.masks[l - 1];
      for (let i = 0; i < count; i++) dh[i] *= mask[i];
    }
    activationGradInPlace(a.activation, ws.z[l - 1], ws.a[l - 1], dh, count);
  }

  const s = host.values(sums);
  const next = sumsOut.values();
  next[0] = s[0] + Math.fround(loss + penalty) * rows;
  next[1] = s[1] + metric;
  return [...outs.map((o) => o.info), sumsOut.info];
};

/**
 * A whole set's [loss, metric sum] in inference mode (no dropout): inputs x, y and the network's;
 * the loss is the mean over the rows plus the penalty, as evaluate.ts's evaluationTensor has it.
 */
export const denseEvalKernel: HostKernel = (host, input, attrs) => {
  const a = attrs as unknown as DenseNetAttrs;
  const L = a.layers;
  const x = input("x");
  const y = input("y");
  const { kernels, biases, widths } = networkOf(DENSE_EVAL_KERNEL, input, L, x.shape[1], y.shape[1]);
  const rows = x.shape[0];
  if (y.shape[0] !== rows)
    throw new Error(`${DENSE_EVAL_KERNEL}: ${rows} rows of inputs, ${y.shape[0]} of targets`);
  const out = host.output([2]);
  const W = kernels.map((t) => host.values(t));
  const B = biases.map((t) => host.values(t));
  const ws = workspaceFor(rows, widths, false);
  forwardPass(ws, host.values(x), W, B, widths, rows, a.activation, null);
  const [loss, metric] = lossInto(a.task, ws.z[L - 1], host.values(y), rows, ws.dz[L - 1]);
  const values = out.values();
  values[0] = loss + penaltyOf(W, a.l1, a.l2);
  values[1] = metric;
  return out.info;
};
