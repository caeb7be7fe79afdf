/**
 * The whole model a run trains: optional convolutional blocks (image data) in front of the dense
 * layers. Without convolutions it is exactly the Mlp, drawing the same initial weights for a seed.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { ModelConfig } from "../src/shared/train";
import type { Rng } from "../src/core/rng";
import { ConvStack, convMethodFor, type ConvMethod } from "./conv";
import { kernelPenalty, Mlp, type Tf, type TrainingPass } from "./model";

export class Network {
  private readonly conv: ConvStack | null;
  private readonly mlp: Mlp;
  /** Variables the optimizer updates, convolutions first, in a fixed order. */
  readonly trainable: tfjs.Variable[];
  /** Convolution and dense kernels: what L1/L2 penalise and AdamW decays. */
  readonly kernels: tfjs.Variable[];
  /** Every variable, moving statistics included: what a weight snapshot copies. */
  readonly all: tfjs.Variable[];
  /** The output layer's kernel and bias: what transfer learning replaces. */
  readonly head: tfjs.Variable[];
  /** Every variable below the output layer (convolutions, hidden layers, moving statistics): what transfer keeps. */
  readonly lower: tfjs.Variable[];

  /**
   * `exampleShape` is [nFeatures] or, for images, [height, width, channels]; convolutions need the
   * latter (the caller validates that). `method` defaults to what the current backend can train.
   */
  constructor(
    private readonly tf: Tf,
    private readonly config: ModelConfig,
    exampleShape: number[],
    nOutputs: number,
    rng: Rng,
    method: ConvMethod = convMethodFor(tf),
  ) {
    const blocks = config.conv ?? [];
    let nInputs = exampleShape.reduce((a, b) => a * b, 1);
    if (blocks.length > 0) {
      if (exampleShape.length !== 3) {
        throw new Error(
          `Convolutional blocks need image examples of shape [height, width, channels], got [${exampleShape.join(", ")}]`,
        );
      }
      const shape = exampleShape as [number, number, number];
      this.conv = new ConvStack(tf, blocks, config.activation, config.init, shape, rng, method);
      nInputs = this.conv.outputSize;
    } else {
      this.conv = null;
    }
    try {
      this.mlp = new Mlp(tf, config, nInputs, nOutputs, rng, this.conv !== null);
    } catch (err) {
      this.conv?.dispose();
      throw err;
    }
    const front = this.conv ?? { trainable: [], kernels: [], all: [] };
    this.trainable = [...front.trainable, ...this.mlp.trainable];
    this.kernels = [...front.kernels, ...this.mlp.kernels];
    this.all = [...front.all, ...this.mlp.all];
    this.head = this.mlp.head;
    this.lower = this.all.filter((v) => !this.head.includes(v));
  }

  /** The output layer's raw values; training mode when `pass` is given. */
  forward(x: tfjs.Tensor2D, pass: TrainingPass | null): tfjs.Tensor2D {
    return this.mlp.forward(this.conv ? this.conv.forward(x) : x, pass);
  }

  /** Folds a training step's batch statistics into the dense layers' moving averages. */
  updateMovingStats(batchStats: tfjs.Tensor[]): void {
    this.mlp.updateMovingStats(batchStats);
  }

  /** The dense layers' [kernel, bias], when the network is nothing else (see Mlp.plainLayers). */
  plainLayers(): [tfjs.Variable, tfjs.Variable][] | null {
    return this.conv ? null : this.mlp.plainLayers();
  }

  /** The dense layers' settings: activation, dropout rate, L1 and L2 factors. */
  get denseSettings(): Pick<ModelConfig, "activation" | "dropout" | "l1" | "l2"> {
    const { activation, dropout, l1, l2 } = this.config;
    return { activation, dropout, l1, l2 };
  }

  /** L1/L2 penalty on every kernel, or null when both factors are 0. */
  penalty(): tfjs.Scalar | null {
    return kernelPenalty(this.tf, this.kernels, this.config.l1, this.config.l2);
  }

  dispose(): void {
    this.conv?.dispose();
    this.mlp.dispose();
  }
}
