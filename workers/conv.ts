/**
 * Convolutional blocks for image data: each a convolution with "same" padding and stride 1, a
 * bias, the model's activation and an optional 2×2 pooling; the last block's output is flattened
 * for the dense layers. Inputs arrive as flat rows (h·w·c values, row-major, channels last) so the
 * training loop slices batches the same way for tables and images.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { Activation, ConvBlock, Initializer } from "../src/shared/train";
import type { Rng } from "../src/core/rng";
import { denseProduct } from "./dense-op";
import { activate, FUSABLE, initialValues, type Tf } from "./model";

type Tensor2D = tfjs.Tensor2D;
type Tensor4D = tfjs.Tensor4D;
type Variable = tfjs.Variable;

/**
 * How a convolution is computed. "native" uses tfjs's conv2d kernels; "patches" gathers the k×k
 * neighbourhoods into one matrix and multiplies (im2col), which needs only slice, pad, concat and
 * matMul, so it also trains on backends without a filter-gradient kernel (the WebAssembly one has
 * no Conv2DBackpropFilter).
 */
export type ConvMethod = "native" | "patches";

/** "native" when the backend can compute conv2d's filter gradient, else "patches". */
export function convMethodFor(tf: Tf): ConvMethod {
  return tf.getKernel("Conv2DBackpropFilter", tf.getBackend()) ? "native" : "patches";
}

/** Height, width and channels after each block, and the flattened size after the last one. */
export function convOutputShapes(inputShape: number[], blocks: ConvBlock[]): number[][] {
  const [h0, w0] = inputShape;
  let h = h0;
  let w = w0;
  return blocks.map((b) => {
    if (b.pool !== "none") {
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    }
    return [h, w, b.filters];
  });
}

interface ConvLayer {
  kernel: Variable;
  bias: Variable;
  block: ConvBlock;
}

/** The convolutional front of a network; its variables are created in block order. */
export class ConvStack {
  private readonly layers: ConvLayer[] = [];
  readonly trainable: Variable[] = [];
  readonly kernels: Variable[] = [];
  readonly all: Variable[] = [];
  /** Values per example after the last block (the dense layers' input size). */
  readonly outputSize: number;

  constructor(
    private readonly tf: Tf,
    blocks: ConvBlock[],
    private readonly activation: Activation,
    init: Initializer,
    private readonly inputShape: [number, number, number],
    rng: Rng,
    private readonly method: ConvMethod,
  ) {
    if (method === "native" && convMethodFor(tf) !== "native") {
      // Checked here because a kernel missing mid-backpropagation would leave the tape's tensors behind.
      throw new Error(
        `The ${tf.getBackend()} backend cannot train tfjs's conv2d (it has no Conv2DBackpropFilter kernel); use the "patches" method`,
      );
    }
    let channels = inputShape[2];
    for (const block of blocks) {
      const area = block.kernel * block.kernel;
      const shape = [block.kernel, block.kernel, channels, block.filters];
      const values = initialValues(
        init,
        area * channels * block.filters,
        area * channels,
        area * block.filters,
        rng,
      );
      const kernel = this.variable(values, shape);
      const bias = this.variable(new Float32Array(block.filters), [block.filters]);
      this.kernels.push(kernel);
      this.layers.push({ kernel, bias, block });
      channels = block.filters;
    }
    const shapes = convOutputShapes(inputShape, blocks);
    const last = shapes[shapes.length - 1] ?? inputShape;
    this.outputSize = last[0] * last[1] * last[2];
  }

  private variable(values: Float32Array, shape: number[]): Variable {
    const initial = this.tf.tensor(values, shape, "float32");
    const v = this.tf.variable(initial, true);
    initial.dispose();
    this.all.push(v);
    this.trainable.push(v);
    return v;
  }

  /** Flat image rows in, flat feature rows out. */
  forward(x: Tensor2D): Tensor2D {
    const tf = this.tf;
    const [h, w, c] = this.inputShape;
    let images = tf.reshape(x, [x.shape[0], h, w, c]) as Tensor4D;
    for (const layer of this.layers) {
      images = this.convolve(images, layer);
      if (layer.block.pool === "max") images = tf.maxPool(images, 2, 2, "valid");
      else if (layer.block.pool === "avg") images = tf.avgPool(images, 2, 2, "valid");
    }
    return tf.reshape(images, [x.shape[0], -1]) as Tensor2D;
  }

  private convolve(x: Tensor4D, layer: ConvLayer): Tensor4D {
    const tf = this.tf;
    const fused = FUSABLE[this.activation];
    if (this.method === "native") {
      const filter = layer.kernel as tfjs.Tensor4D;
      const out = tf.fused.conv2d({
        x,
        filter,
        strides: 1,
        pad: "same",
        bias: layer.bias,
        activation: fused,
      });
      return fused ? out : (activate(tf, this.activation, out) as Tensor4D);
    }
    const [n, h, w] = x.shape;
    const { kernel: k, filters } = layer.block;
    const patches = imagePatches(tf, x, k);
    const product = denseProduct(tf, {
      h: patches,
      kernel: tf.reshape(layer.kernel, [-1, filters]) as Tensor2D,
      bias: layer.bias,
      activation: fused,
      // The first block's patches come from the data: no gradient needs to reach them.
      inputGradient: layer !== this.layers[0],
    });
    const activated = fused ? product : activate(tf, this.activation, product);
    return tf.reshape(activated, [n, h, w, filters]) as Tensor4D;
  }

  dispose(): void {
    for (const v of this.all) v.dispose();
  }
}

/**
 * The k×k neighbourhood of every pixel under "same" padding (TensorFlow's: the extra row or column
 * of an even kernel goes after), as rows of k·k·c values ordered (dy, dx, channel) — the order of a
 * [k, k, c, filters] kernel reshaped to [k·k·c, filters].
 */
export function imagePatches(tf: Tf, x: Tensor4D, k: number): Tensor2D {
  const [n, h, w, c] = x.shape;
  if (k === 1) return tf.reshape(x, [n * h * w, c]) as Tensor2D;
  const before = Math.floor((k - 1) / 2);
  const after = k - 1 - before;
  const padded = tf.pad(x, [
    [0, 0],
    [before, after],
    [before, after],
    [0, 0],
  ]);
  const shifted: Tensor4D[] = [];
  for (let dy = 0; dy < k; dy++) {
    for (let dx = 0; dx < k; dx++) shifted.push(tf.slice(padded, [0, dy, dx, 0], [n, h, w, c]));
  }
  return tf.reshape(tf.concat(shifted, 3), [n * h * w, k * k * c]) as Tensor2D;
}
