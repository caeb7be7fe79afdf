/**
 * A training step of a plain dense network with tfjs ops but without the gradient tape: the
 * forward pass keeps what the backward pass needs, and the backward pass is written out (dZ·Wᵀ,
 * hᵀ·dZ, Σ dZ and each activation's derivative), with untransposed products as dense-op.ts's
 * "transposed" method has them. For the networks on WebAssembly too large for the host step
 * (dense-step.ts), whose products XNNPACK does faster than JavaScript loops: the tape's bookkeeping
 * (recording every op, finding the path from the loss back to the weights) is what V8's background
 * threads kept recompiling, and it took a share of the second core from two workers. The loss, its
 * gradient and metric come from the host loss kernel (loss-kernel.ts).
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { Activation } from "../src/shared/train";
import { SELU_SCALE, SELU_SCALE_ALPHA } from "./host-activations";
import { LOSS_KERNEL, registerLossKernel } from "./loss-kernel";
import { activate, fillDropoutMask, type Tf } from "./model";
import type { DenseStepPlan } from "./dense-step";
import type { StepContext } from "./train-step";

type Tensor = tfjs.Tensor;
type Tensor2D = tfjs.Tensor2D;

/** 1/√(2π): the standard normal density at 0. */
const INV_SQRT_2PI = 0.3989422804014327;

/**
 * The gradient with respect to an activation's input from `d`, the gradient with respect to its
 * output; `z` is the input and `a` the output.
 */
export function activationGrad(tf: Tf, name: Activation, z: Tensor, a: Tensor, d: Tensor): Tensor {
  switch (name) {
    case "relu":
      return tf.mul(d, tf.step(z));
    case "tanh":
      return tf.mul(d, tf.sub(1, tf.square(a)));
    case "sigmoid":
      return tf.mul(d, tf.mul(a, tf.sub(1, a)));
    case "elu":
      // tfjs's EluGrad reads the output: 1 where it is ≥ 0, output + 1 below.
      return tf.mul(d, tf.where(tf.less(a, 0), tf.add(a, 1), tf.onesLike(a)));
    case "selu":
      return tf.mul(
        d,
        tf.where(tf.greater(z, 0), tf.fill(z.shape, SELU_SCALE), tf.mul(tf.exp(z), SELU_SCALE_ALPHA)),
      );
    case "swish": {
      const s = tf.sigmoid(z);
      return tf.mul(d, tf.add(s, tf.mul(z, tf.mul(s, tf.sub(1, s)))));
    }
    case "gelu": {
      // d/dz of z·Φ(z) = Φ(z) + z·φ(z), Φ(z) = ½(1 + erf(z/√2)), φ(z) = e^(−z²/2)/√(2π).
      const cdf = tf.mul(tf.add(tf.erf(tf.mul(z, Math.SQRT1_2)), 1), 0.5);
      const pdf = tf.mul(tf.exp(tf.mul(tf.square(z), -0.5)), INV_SQRT_2PI);
      return tf.mul(d, tf.add(cdf, tf.mul(z, pdf)));
    }
    case "linear":
      return d;
  }
}

/**
 * One gradient step at rate `lr` on the batch xb, yb; adds the batch's loss (with the penalty) ×
 * rows and its metric to the epoch sums. Call inside tidy.
 */
export function denseOpsStep(
  c: StepContext,
  plan: DenseStepPlan,
  xb: Tensor2D,
  yb: Tensor2D,
  lr: number,
): void {
  const { tf } = c;
  const { layers, gradsOf } = plan;
  const { activation, dropout, l1, l2 } = c.model.denseSettings;
  const rows = xb.shape[0];
  const L = layers.length;
  // Forward, keeping each layer's input h, pre-activation z, activation a and dropout mask.
  const h: Tensor2D[] = [xb];
  const z: Tensor2D[] = [];
  const a: Tensor2D[] = [];
  const masks: Tensor2D[] = [];
  for (let l = 0; l < L; l++) {
    const [w, b] = layers[l];
    z.push(tf.fused.matMul({ a: h[l], b: w as Tensor2D, bias: b }) as Tensor2D);
    if (l === L - 1) break;
    a.push(activate(tf, activation, z[l]) as Tensor2D);
    if (dropout > 0) {
      const cols = a[l].shape[1];
      masks.push(
        tf.tensor2d(fillDropoutMask(new Float32Array(rows * cols), dropout, c.dropoutRng), [rows, cols]),
      );
      h.push(tf.mul(a[l], masks[l]));
    } else {
      h.push(a[l]);
    }
  }
  registerLossKernel(tf);
  const [loss, metric, outputGrad] = tf
    .engine()
    .runKernel(LOSS_KERNEL, { z: z[L - 1], y: yb }, { task: c.task }) as Tensor[];
  const penalty = c.model.penalty();

  // Backward, down to the lowest layer with a variable to update.
  const grads = new Map<tfjs.Variable, Tensor>();
  const lowest = Math.min(...gradsOf.map((p) => p >> 1));
  let dz: Tensor2D = outputGrad as Tensor2D;
  for (let l = L - 1; l >= lowest; l--) {
    const [w, b] = layers[l];
    let dw: Tensor = tf.matMul(tf.transpose(h[l]), dz);
    if (l1 > 0) dw = tf.add(dw, tf.mul(tf.sign(w), l1));
    if (l2 > 0) dw = tf.add(dw, tf.mul(w, 2 * l2));
    grads.set(w, dw);
    grads.set(b, tf.sum(dz, 0));
    if (l === lowest) break;
    let dh: Tensor = tf.matMul(dz, tf.transpose(w));
    if (dropout > 0) dh = tf.mul(dh, masks[l - 1]);
    dz = activationGrad(tf, activation, z[l - 1], a[l - 1], dh) as Tensor2D;
  }
  c.optimizer.step(
    c.variables.map((v) => grads.get(v)!),
    lr,
  );
  const value = penalty ? tf.add(loss, penalty) : loss;
  c.epochSums.assign(tf.add(c.epochSums, tf.stack([tf.mul(value, rows), metric])));
}
