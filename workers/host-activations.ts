/**
 * The activations of model.ts as plain loops over arrays, forward and backward, for the dense
 * training step's host kernel (dense-step-kernel.ts). Each matches the tfjs op it replaces and its
 * gradient: the same constants (SELU's, and the erf approximation tfjs's kernels use, Abramowitz and
 * Stegun 7.1.26) and the same choices at the kinks (ReLU's slope is 0 at 0, ELU's derivative is read
 * from its output as tfjs's EluGrad does).
 */
import type { Activation } from "../src/shared/train";

type Values = Float32Array;

/** SELU's scale and scale × alpha (tfjs's selu_util values), for the host loops and the ops step. */
export const SELU_SCALE = 1.0507009873554805;
export const SELU_SCALE_ALPHA = 1.7580993408473766;
const ERF_P = 0.3275911;
const ERF_A = [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429];
/** 2 / √π: the derivative of erf is that times e^(−x²). */
const ERF_SLOPE = 1.1283791670955126;

/** erf(x) as tfjs's CPU and WebAssembly kernels approximate it (error under 1.5e-7). */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const v = Math.abs(x);
  const t = 1 / (1 + ERF_P * v);
  const poly = ((((ERF_A[4] * t + ERF_A[3]) * t + ERF_A[2]) * t + ERF_A[1]) * t + ERF_A[0]) * t;
  return sign * (1 - poly * Math.exp(-v * v));
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** a = activation(z), element by element (`a` may be `z` itself only for "linear"). */
export function activateInto(name: Activation, z: Values, a: Values, n: number): void {
  switch (name) {
    case "relu":
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0;
      return;
    case "tanh":
      for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
      return;
    case "sigmoid":
      for (let i = 0; i < n; i++) a[i] = sigmoid(z[i]);
      return;
    case "elu":
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : Math.expm1(z[i]);
      return;
    case "selu":
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? SELU_SCALE * z[i] : SELU_SCALE_ALPHA * Math.expm1(z[i]);
      return;
    case "swish":
      for (let i = 0; i < n; i++) a[i] = z[i] * sigmoid(z[i]);
      return;
    case "gelu":
      for (let i = 0; i < n; i++) a[i] = z[i] * 0.5 * (erf(z[i] * Math.SQRT1_2) + 1);
      return;
    case "linear":
      for (let i = 0; i < n; i++) a[i] = z[i];
      return;
  }
}

/**
 * Turns the gradient with respect to the activation's output, `d`, into the gradient with respect
 * to its input, in place; `z` is the input and `a` the output of activateInto.
 */
export function activationGradInPlace(name: Activation, z: Values, a: Values, d: Values, n: number): void {
  switch (name) {
    case "relu":
      for (let i = 0; i < n; i++) if (!(z[i] > 0)) d[i] = 0;
      return;
    case "tanh":
      for (let i = 0; i < n; i++) d[i] *= 1 - a[i] * a[i];
      return;
    case "sigmoid":
      for (let i = 0; i < n; i++) d[i] *= a[i] * (1 - a[i]);
      return;
    case "elu":
      for (let i = 0; i < n; i++) if (a[i] < 0) d[i] *= a[i] + 1;
      return;
    case "selu":
      for (let i = 0; i < n; i++) d[i] *= z[i] > 0 ? SELU_SCALE : SELU_SCALE_ALPHA * Math.exp(z[i]);
      return;
    case "swish":
      for (let i = 0; i < n; i++) {
        const s = sigmoid(z[i]);
        d[i] *= s + z[i] * s * (1 - s);
      }
      return;
    case "gelu":
      for (let i = 0; i < n; i++) {
        const x = z[i];
        const u = x * Math.SQRT1_2;
        // d/dx of x·½(1 + erf(x/√2)): ½(1 + erf(u)) + x·½·(2/√π)e^(−u²)/√2.
        d[i] *= 0.5 * (erf(u) + 1) + x * 0.5 * ERF_SLOPE * Math.exp(-u * u) * Math.SQRT1_2;
      }
      return;
    case "linear":
      return;
  }
}
