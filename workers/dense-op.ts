/**
 * The product of a dense layer (or of a convolution computed from image patches), h·W + b and an
 * activation, with a choice of how its gradient multiplies. tfjs's own matMul gradient computes
 * dY·Wᵀ and hᵀ·dY with transpose flags; the WebAssembly backend hands only untransposed products to
 * XNNPACK and runs flagged ones in a plain loop, many times slower. The "transposed" method
 * transposes the operand first and multiplies plainly, which XNNPACK takes.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { Tf } from "./model";

type Tensor = tfjs.Tensor;
type Tensor2D = tfjs.Tensor2D;

/** The activations tfjs can fuse into the product (see FUSABLE in model.ts). */
export type FusedActivation = "relu" | "elu" | "sigmoid" | "linear";

/**
 * How a training step computes a dense product's gradient. "fused": tf.fused.matMul and tfjs's
 * gradient (products with transpose flags). "transposed": a custom gradient, dH = dY·transpose(W),
 * dW = transpose(h)·dY, db = Σ dY, whose products have no transpose flags.
 */
export type DenseMethod = "fused" | "transposed";

/** Backends that train with the "transposed" method unless forced otherwise. */
export const TRANSPOSED_GRADIENT_BACKENDS: readonly string[] = ["wasm"];

let forced: DenseMethod | null = null;

/**
 * Makes every backend use `method` (null: each backend's own choice again). For tests, which
 * compare both methods on one backend, and for the benchmark's before/after comparison.
 */
export function forceDenseMethod(method: DenseMethod | null): void {
  forced = method;
}

/**
 * "transposed" on the WebAssembly backend, where it is much faster (BENCHMARKS.md, "Training
 * throughput"); "fused" elsewhere, where flagged and unflagged products run at the same speed.
 */
export function denseMethodFor(tf: Tf): DenseMethod {
  return forced ?? (TRANSPOSED_GRADIENT_BACKENDS.includes(tf.getBackend()) ? "transposed" : "fused");
}

export interface DenseArgs {
  /** Rows in, [batch, fanIn]. */
  h: Tensor2D;
  /** [fanIn, units]. */
  kernel: Tensor2D;
  /** [units], or null (batch norm follows, its beta plays the bias's part). */
  bias: Tensor | null;
  activation?: FusedActivation;
  /**
   * Whether a gradient must flow back into `h` (false when `h` is the network's input data: then
   * the custom gradient skips dY·Wᵀ, a product nothing would use).
   */
  inputGradient: boolean;
}

/** activation(h·W + b), computed as `denseMethodFor(tf)` says; the same values either way. */
export function denseProduct(tf: Tf, args: DenseArgs): Tensor2D {
  const { h, kernel, bias, activation = "linear" } = args;
  // Outside a gradient computation (evaluation, prediction) nothing is differentiated: one fused
  // kernel does it all, as tfjs itself decides (its fused ops unfuse only under a gradient tape).
  if (denseMethodFor(tf) === "fused" || tf.engine().state.gradientDepth === 0) {
    return tf.fused.matMul({ a: h, b: kernel, bias: bias ?? undefined, activation }) as Tensor2D;
  }
  return applyActivation(tf, linearWithTransposedGradient(tf, args), activation);
}

function applyActivation(tf: Tf, z: Tensor2D, activation: FusedActivation): Tensor2D {
  switch (activation) {
    case "relu":
      return tf.relu(z);
    case "elu":
      return tf.elu(z);
    case "sigmoid":
      return tf.sigmoid(z);
    case "linear":
      return z;
  }
}

/**
 * h·W + b under tf.customGrad, with every gradient product untransposed. The inputs the gradient
 * must reach are customGrad's arguments (a tensor only closed over gets none): the kernel and the
 * bias always, h when `inputGradient` says so.
 */
function linearWithTransposedGradient(tf: Tf, args: DenseArgs): Tensor2D {
  const { h, kernel, bias: b, inputGradient } = args;
  const params: Tensor[] = b !== null ? [kernel, b] : [kernel];
  const forward = (x: Tensor2D, w: Tensor2D, withBias: Tensor | null): Tensor2D =>
    tf.fused.matMul({ a: x, b: w, bias: withBias ?? undefined }) as Tensor2D;
  // Gradients of the kernel and the bias; `x` is the saved input.
  const paramGrads = (dy: Tensor2D, x: Tensor2D): Tensor[] => {
    const dw = tf.matMul(tf.transpose(x), dy);
    return b !== null ? [dw, tf.sum(dy, 0)] : [dw];
  };

  if (inputGradient) {
    const op = tf.customGrad((...inputs: (Tensor | tfjs.GradSaveFunc)[]) => {
      const save = inputs[inputs.length - 1] as tfjs.GradSaveFunc;
      const x = inputs[0] as Tensor2D;
      const w = inputs[1] as Tensor2D;
      save([x, w]);
      return {
        value: forward(x, w, b !== null ? (inputs[2] as Tensor) : null),
        gradFunc: (dy: Tensor2D, saved: Tensor[]) => {
          const [sx, sw] = saved as Tensor2D[];
          return [tf.matMul(dy, tf.transpose(sw)), ...paramGrads(dy, sx)];
        },
      };
    });
    return op(h, ...params) as Tensor2D;
  }
  const op = tf.customGrad((...inputs: (Tensor | tfjs.GradSaveFunc)[]) => {
    const save = inputs[inputs.length - 1] as tfjs.GradSaveFunc;
    const w = inputs[0] as Tensor2D;
    save([h]);
    return {
      value: forward(h, w, b !== null ? (inputs[1] as Tensor) : null),
      gradFunc: (dy: Tensor2D, saved: Tensor[]) => paramGrads(dy, saved[0] as Tensor2D),
    };
  });
  return op(...params) as Tensor2D;
}
