/**
 * How much memory training a model takes, estimated before anything is built, so that a network
 * too large for a browser tab is refused with a message instead of freezing the page. The count
 * of parameters is exact for the networks the worker builds (same-padded convolutions with bias
 * and optional 2×2 pooling, then dense layers with bias or batch normalisation); the bytes are a
 * rough upper estimate: weights, their gradients and the optimizer's state, plus the activations
 * a batch keeps for backpropagation.
 */
import type { ModelConfig, OptimizerName } from "../shared/train";

/** What the worker refuses to build; the page can show the same limits. */
export const MODEL_SIZE_LIMITS = {
  /** Weights of the whole network, trainable or not. */
  maxParameters: 20_000_000,
  /** Estimated memory of one training step (see estimateModelMemory). */
  maxBytes: 512 * 1024 * 1024,
} as const;

/** Values the optimizer keeps per trainable weight (RMSprop counted with its optional momentum buffer). */
export const OPTIMIZER_SLOTS: Readonly<Record<OptimizerName, number>> = {
  sgd: 0,
  momentum: 1,
  nesterov: 1,
  adagrad: 1,
  rmsprop: 2,
  adam: 2,
  adamw: 2,
};

const BYTES_PER_VALUE = 4;
/**
 * Activations are counted once for the forward values the gradient tape keeps and once more for
 * the gradients flowing back through them: an upper bound, as tfjs frees most of those as it goes.
 */
const ACTIVATION_FACTOR = 2;

export interface ModelMemory {
  /** Every weight of the network (biases and batch-normalisation statistics included). */
  parameters: number;
  /** Estimated bytes of one training step: the sum of the three parts below. */
  bytes: number;
  /** Weights, their gradients and the optimizer's state. */
  weightBytes: number;
  /** Activations of one batch, kept for backpropagation. */
  activationBytes: number;
}

function checkCount(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) {
    return String(value);
  }
  if (typeof value === "string") return JSON.stringify(value.slice(0, 40));
  return Array.isArray(value) ? `an array of ${value.length}` : typeof value;
}

/**
 * Parameters and estimated training memory of `model` on examples of `exampleShape` ([features]
 * or [height, width, channels]) with `outputs` output units, trained by `optimizer` on batches of
 * `batchSize`. Throws naming the value if an argument is malformed.
 */
export function estimateModelMemory(
  model: ModelConfig,
  exampleShape: number[],
  outputs: number,
  optimizer: OptimizerName,
  batchSize: number,
): ModelMemory {
  if (!Array.isArray(exampleShape) || exampleShape.length === 0) {
    throw new Error(`The example shape must be a non-empty list of sizes, got ${describe(exampleShape)}`);
  }
  exampleShape.forEach((d, i) => checkCount(`Size ${i + 1} of the example shape`, d));
  checkCount("The number of outputs", outputs);
  checkCount("The batch size", batchSize);
  if (!Object.hasOwn(OPTIMIZER_SLOTS, optimizer)) {
    throw new Error(
      `Unknown optimizer ${describe(optimizer)} (expected one of ${Object.keys(OPTIMIZER_SLOTS).join(", ")})`,
    );
  }
  const blocks = model?.conv ?? [];
  if (!Array.isArray(blocks)) throw new Error(`Conv blocks must be a list, got ${describe(blocks)}`);
  if (!Array.isArray(model?.hiddenLayers)) {
    throw new Error(`Hidden layers must be a list of unit counts, got ${describe(model?.hiddenLayers)}`);
  }
  if (blocks.length > 0 && exampleShape.length !== 3) {
    throw new Error(
      `Conv blocks need examples of shape [height, width, channels], got [${exampleShape.join(", ")}]`,
    );
  }

  let trainable = 0;
  let frozen = 0;
  // Values per example that the forward pass keeps for backpropagation.
  let activations = exampleShape.reduce((a, b) => a * b, 1);
  let features = activations;

  if (blocks.length > 0) {
    let [height, width, channels] = exampleShape;
    blocks.forEach((block, i) => {
      const filters = checkCount(`Filters of conv block ${i + 1}`, block?.filters);
      const kernel = checkCount(`Kernel size of conv block ${i + 1}`, block?.kernel);
      const patch = kernel * kernel * channels;
      trainable += patch * filters + filters;
      // The image patches (what a convolution multiplies) and the convolution's output.
      activations += height * width * (patch + filters);
      if (block.pool !== "none") {
        height = Math.floor(height / 2);
        width = Math.floor(width / 2);
        activations += height * width * filters;
      }
      channels = filters;
    });
    features = height * width * channels;
  }

  let fanIn = features;
  model.hiddenLayers.forEach((value, i) => {
    const units = checkCount(`Units of hidden layer ${i + 1}`, value);
    trainable += fanIn * units;
    if (model.batchNorm) {
      trainable += 2 * units; // scale and shift
      frozen += 2 * units; // moving mean and variance
    } else {
      trainable += units; // bias
    }
    // Before and after the activation (dropout's mask and batch normalisation's output are alike in size).
    activations += units * (2 + (model.dropout > 0 ? 1 : 0) + (model.batchNorm ? 1 : 0));
    fanIn = units;
  });
  trainable += fanIn * outputs + outputs;
  activations += 2 * outputs;

  const parameters = trainable + frozen;
  // Each weight, the gradient of each trainable one, and the optimizer's slots for those.
  const weightValues = parameters + trainable * (1 + OPTIMIZER_SLOTS[optimizer]);
  const weightBytes = weightValues * BYTES_PER_VALUE;
  const activationBytes = batchSize * activations * BYTES_PER_VALUE * ACTIVATION_FACTOR;
  return { parameters, bytes: weightBytes + activationBytes, weightBytes, activationBytes };
}

/** An integer with thousands separators: 20000000 -> "20,000,000". */
export function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Bytes in mebibytes for a message: one decimal below 10 MB, whole megabytes above. */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb < 10 ? `${mb.toFixed(1)} MB` : `${groupDigits(mb)} MB`;
}

/**
 * Why training this model would not fit the limits, or null if it fits. The message names the
 * model's size, what the estimate includes, and the limits.
 */
export function modelSizeProblem(
  model: ModelConfig,
  exampleShape: number[],
  outputs: number,
  optimizer: OptimizerName,
  batchSize: number,
  limits: { maxParameters: number; maxBytes: number } = MODEL_SIZE_LIMITS,
): string | null {
  const memory = estimateModelMemory(model, exampleShape, outputs, optimizer, batchSize);
  if (memory.parameters <= limits.maxParameters && memory.bytes <= limits.maxBytes) return null;
  const slots = OPTIMIZER_SLOTS[optimizer];
  const state =
    slots === 0
      ? "weights and gradients"
      : `weights, gradients and ${optimizer}'s ${slots} value${slots === 1 ? "" : "s"} per weight`;
  return (
    `The model is too large: ${groupDigits(memory.parameters)} parameters (about ${formatMegabytes(memory.bytes)} ` +
    `to train: ${state} take ${formatMegabytes(memory.weightBytes)}, the activations of a batch of ` +
    `${groupDigits(batchSize)} take ${formatMegabytes(memory.activationBytes)}); the limit is ` +
    `${groupDigits(limits.maxParameters)} parameters and ${formatMegabytes(limits.maxBytes)}. ` +
    `Use fewer or smaller layers, fewer filters, more pooling or a smaller batch.`
  );
}

/** Throws an Error with modelSizeProblem's message if training this model would not fit the limits. */
export function checkModelSize(
  model: ModelConfig,
  exampleShape: number[],
  outputs: number,
  optimizer: OptimizerName,
  batchSize: number,
  limits: { maxParameters: number; maxBytes: number } = MODEL_SIZE_LIMITS,
): void {
  const problem = modelSizeProblem(model, exampleShape, outputs, optimizer, batchSize, limits);
  if (problem !== null) throw new Error(problem);
}
