/**
 * A multilayer perceptron built from raw tfjs variables and ops rather than tf.layers: the
 * training loop then owns every step (per-step learning rate, seeded dropout masks, seeded
 * initial weights drawn by our own generator, and weight snapshots that are plain variable
 * assignments), with no layer bookkeeping between the loop and the kernels.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { Activation, Initializer, ModelConfig } from "../src/shared/train";
import type { Rng } from "../src/core/rng";
import { denseProduct } from "./dense-op";

export type Tf = typeof tfjs;
type Tensor = tfjs.Tensor;
type Tensor2D = tfjs.Tensor2D;
type Variable = tfjs.Variable;

export const ACTIVATIONS: Activation[] = [
  "relu",
  "tanh",
  "sigmoid",
  "elu",
  "selu",
  "swish",
  "gelu",
  "linear",
];
export const INITIALIZERS: Initializer[] = ["glorot", "he", "lecun"];

/** Batch-norm moving-average momentum (PyTorch's 0.1 update, so the averages settle within a few
 * dozen steps on small playground datasets) and epsilon (Keras's). */
const BN_MOMENTUM = 0.9;
const BN_EPSILON = 1e-3;

/** Activations tfjs can fuse into the matrix product or convolution (the others run as separate ops). */
export const FUSABLE: Partial<Record<Activation, "relu" | "elu" | "sigmoid" | "linear">> = {
  relu: "relu",
  elu: "elu",
  sigmoid: "sigmoid",
  linear: "linear",
};

interface BatchNorm {
  gamma: Variable;
  beta: Variable;
  movingMean: Variable;
  movingVar: Variable;
}

interface Dense {
  kernel: Variable;
  /** Absent when batch normalisation follows (its beta plays the bias's part). */
  bias: Variable | null;
  batchNorm: BatchNorm | null;
}

/** What a training-mode forward pass needs and leaves behind. */
export interface TrainingPass {
  /** Source of dropout masks; called once per mask element. */
  dropoutRng: Rng;
  /** Batch statistics to fold into the moving averages after the step: [mean, variance] per BN layer, kept. */
  batchStats: Tensor[];
  /**
   * Batch norm normalises with its moving statistics, as in inference, and collects none (its
   * layers are frozen, as Keras treats a frozen BatchNormalization).
   */
  frozenBatchNorm?: boolean;
}

/** Applies an activation function by name. */
export function activate(tf: Tf, name: Activation, x: Tensor): Tensor {
  switch (name) {
    case "relu":
      return tf.relu(x);
    case "tanh":
      return tf.tanh(x);
    case "sigmoid":
      return tf.sigmoid(x);
    case "elu":
      return tf.elu(x);
    case "selu":
      return tf.selu(x);
    case "swish":
      return tf.mul(x, tf.sigmoid(x));
    case "gelu":
      // Exact GELU, x·Φ(x); erf has kernels and a gradient on every backend we use.
      return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
    case "linear":
      return x;
  }
}

/** Initial kernel values, drawn from our seeded generator so they are the same on every backend. */
export function initialKernel(init: Initializer, fanIn: number, fanOut: number, rng: Rng): Float32Array {
  return initialValues(init, fanIn * fanOut, fanIn, fanOut, rng);
}

/**
 * `count` initial weights for a layer with the given fans (for a convolution, the kernel area times
 * the input or output channels, as Keras counts them).
 */
export function initialValues(
  init: Initializer,
  count: number,
  fanIn: number,
  fanOut: number,
  rng: Rng,
): Float32Array {
  const values = new Float32Array(count);
  if (init === "glorot") {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < values.length; i++) values[i] = rng.uniform(-limit, limit);
    return values;
  }
  // He and LeCun normal as Keras draws them: a normal truncated at two standard deviations, whose
  // scale is corrected (÷ 0.8796) so that the variance is still scale / fanIn.
  const scale = init === "he" ? 2 : 1;
  const sd = Math.sqrt(scale / fanIn) / 0.8796256610342398;
  for (let i = 0; i < values.length; i++) {
    let z = rng.normal();
    while (Math.abs(z) > 2) z = rng.normal();
    values[i] = sd * z;
  }
  return values;
}

/**
 * Fills `mask` with an inverted-dropout mask drawn from `rng`, one number per element in order:
 * 0 where the unit drops (probability `rate`), else 1/(1 − rate) rounded to float32. Every path that
 * trains (ops, tape, host kernel) draws its masks here, so a seed gives the same masks on each.
 */
export function fillDropoutMask(mask: Float32Array, rate: number, rng: Rng): Float32Array {
  const keep = Math.fround(1 / (1 - rate));
  for (let i = 0; i < mask.length; i++) mask[i] = rng.next() >= rate ? keep : 0;
  return mask;
}

/** L1/L2 penalty on some kernels, or null when both factors are 0. */
export function kernelPenalty(tf: Tf, kernels: Variable[], l1: number, l2: number): tfjs.Scalar | null {
  if (l1 === 0 && l2 === 0) return null;
  let total: tfjs.Scalar = tf.scalar(0);
  for (const k of kernels) {
    if (l1 > 0) total = tf.add(total, tf.mul(tf.sum(tf.abs(k)), l1));
    if (l2 > 0) total = tf.add(total, tf.mul(tf.sum(tf.square(k)), l2));
  }
  return total;
}

/** The network: hidden dense layers (each: product, optional batch norm, activation, dropout) and a linear output. */
export class Mlp {
  private readonly hidden: Dense[] = [];
  private readonly output: Dense;
  /** Variables the optimizer updates, in a fixed order. */
  readonly trainable: Variable[] = [];
  /** The kernels (not biases or batch-norm parameters): what L1/L2 penalise and AdamW decays. */
  readonly kernels: Variable[] = [];
  /** Every variable, moving statistics included: what a weight snapshot copies. */
  readonly all: Variable[] = [];
  /** The output layer's kernel and bias (created last, so they are the last two of `all`). */
  readonly head: Variable[];

  constructor(
    private readonly tf: Tf,
    private readonly config: ModelConfig,
    nInputs: number,
    nOutputs: number,
    rng: Rng,
    /**
     * Whether training must pass a gradient back into the input (true when convolutions come
     * first); false spares the first layer's dY·Wᵀ when its input is the data itself.
     */
    private readonly inputNeedsGradient = true,
  ) {
    let fanIn = nInputs;
    for (const units of config.hiddenLayers) {
      this.hidden.push(this.dense(fanIn, units, config.batchNorm, rng));
      fanIn = units;
    }
    this.output = this.dense(fanIn, nOutputs, false, rng);
    this.head = [this.output.kernel, this.output.bias!];
  }

  private variable(values: Float32Array | number[], shape: number[], trainable: boolean): Variable {
    const initial = this.tf.tensor(values, shape, "float32");
    const v = this.tf.variable(initial, trainable);
    initial.dispose(); // The variable holds its own reference to the data.
    this.all.push(v);
    if (trainable) this.trainable.push(v);
    return v;
  }

  private dense(fanIn: number, units: number, batchNorm: boolean, rng: Rng): Dense {
    const kernel = this.variable(initialKernel(this.config.init, fanIn, units, rng), [fanIn, units], true);
    this.kernels.push(kernel);
    const zeros = new Float32Array(units);
    const ones = new Float32Array(units).fill(1);
    if (!batchNorm) return { kernel, bias: this.variable(zeros, [units], true), batchNorm: null };
    return {
      kernel,
      bias: null,
      batchNorm: {
        gamma: this.variable(ones, [units], true),
        beta: this.variable(zeros, [units], true),
        movingMean: this.variable(zeros, [units], false),
        movingVar: this.variable(ones, [units], false),
      },
    };
  }

  /** The output layer's raw values (logits, or the prediction for regression); training mode when `pass` is given. */
  forward(x: Tensor2D, pass: TrainingPass | null): Tensor2D {
    const tf = this.tf;
    const { activation, dropout } = this.config;
    let h: Tensor2D = x;
    // The input needs a gradient only when layers in front (convolutions) are trained through it.
    let inputGradient = this.inputNeedsGradient;
    for (const layer of this.hidden) {
      const fused = layer.batchNorm ? undefined : FUSABLE[activation];
      const z = denseProduct(tf, {
        h,
        kernel: layer.kernel as Tensor2D,
        bias: layer.bias,
        activation: fused,
        inputGradient,
      });
      if (layer.batchNorm) h = activate(tf, activation, this.normalise(z, layer.batchNorm, pass)) as Tensor2D;
      else h = fused ? z : (activate(tf, activation, z) as Tensor2D);
      if (pass && dropout > 0) h = tf.mul(h, this.dropoutMask(h.shape[0], h.shape[1], pass.dropoutRng));
      inputGradient = true;
    }
    return denseProduct(tf, {
      h,
      kernel: this.output.kernel as Tensor2D,
      bias: this.output.bias,
      inputGradient,
    });
  }

  private normalise(z: Tensor2D, bn: BatchNorm, pass: TrainingPass | null): Tensor2D {
    const tf = this.tf;
    let mean: Tensor = bn.movingMean;
    let variance: Tensor = bn.movingVar;
    if (pass && !pass.frozenBatchNorm) {
      const moments = tf.moments(z, 0);
      mean = moments.mean;
      variance = moments.variance;
      pass.batchStats.push(tf.keep(mean), tf.keep(variance));
    }
    const scaled = tf.mul(tf.rsqrt(tf.add(variance, BN_EPSILON)), bn.gamma);
    return tf.add(tf.mul(tf.sub(z, mean), scaled), bn.beta) as Tensor2D;
  }

  /** An inverted-dropout mask (0, or 1/keep) drawn from our generator so masks follow the seed. */
  private dropoutMask(rows: number, cols: number, rng: Rng): Tensor2D {
    return this.tf.tensor2d(fillDropoutMask(new Float32Array(rows * cols), this.config.dropout, rng), [
      rows,
      cols,
    ]);
  }

  /** Folds a training step's batch statistics (from a TrainingPass) into the moving averages. */
  updateMovingStats(batchStats: Tensor[]): void {
    const tf = this.tf;
    const norms = this.hidden.filter((l) => l.batchNorm).map((l) => l.batchNorm!);
    if (batchStats.length !== 2 * norms.length) {
      throw new Error(`Expected ${2 * norms.length} batch statistics, got ${batchStats.length}`);
    }
    tf.tidy(() => {
      norms.forEach((bn, i) => {
        bn.movingMean.assign(
          tf.add(tf.mul(bn.movingMean, BN_MOMENTUM), tf.mul(batchStats[2 * i], 1 - BN_MOMENTUM)),
        );
        bn.movingVar.assign(
          tf.add(tf.mul(bn.movingVar, BN_MOMENTUM), tf.mul(batchStats[2 * i + 1], 1 - BN_MOMENTUM)),
        );
      });
    });
  }

  /**
   * Every dense layer's kernel and bias, the output layer last; null when batch norm takes the
   * biases' place (a plain stack of products and activations is what the host step computes).
   */
  plainLayers(): [Variable, Variable][] | null {
    const layers = [...this.hidden, this.output];
    if (layers.some((l) => l.batchNorm || !l.bias)) return null;
    return layers.map((l) => [l.kernel, l.bias!]);
  }

  /** L1/L2 penalty on the kernels, or null when both factors are 0. */
  penalty(): tfjs.Scalar | null {
    return kernelPenalty(this.tf, this.kernels, this.config.l1, this.config.l2);
  }

  dispose(): void {
    for (const v of this.all) v.dispose();
  }
}
