/** Checks a TrainConfig before any tensor is made, so bad input fails fast with a message naming the value. */
import { validateSchedule } from "../src/core/schedules";
import { MAX_SAMPLES_2D, taskOf, validateGeneration } from "../src/core/datasets/generators2d";
import { validateFeatures } from "../src/core/datasets/features";
import type { BackendChoice, TrainConfig } from "../src/shared/train";
import { augments } from "./augment";
import { ACTIVATIONS, INITIALIZERS } from "./model";
import { validateOptimizer } from "./optimizers";
import {
  integerIn,
  numberIn,
  validateArraySpec,
  validateAugment,
  validateConvBlocks,
  validateFold,
  validateModelSize,
} from "./validate-data";
import { validateTransfer } from "./validate-transfer";

export const BACKEND_CHOICES: BackendChoice[] = ["auto", "webgpu", "webgl", "wasm", "cpu"];
export const MAX_UNITS = 1024;
export const MAX_LAYERS = 8;
export const MAX_EPOCHS = 10_000;
export const MAX_BOUNDARY_RESOLUTION = 256;

/** Throws an Error naming the field and the offending value if `config` cannot be trained. */
export function validateTrainConfig(config: TrainConfig): void {
  if (!config || typeof config !== "object")
    throw new Error(`Training configuration missing, got ${String(config)}`);
  const { data, model, earlyStopping } = config;
  validateFold(config.fold);
  validateTransfer(config.transfer);
  if (data?.kind === "2d") {
    if (config.transfer !== undefined) {
      throw new Error(
        `Transfer learning needs a multi-class array dataset (e.g. "digits"), not the 2D dataset "${data.generator}"`,
      );
    }
    validateGeneration(data);
    validateFeatures(data.features);
    if (data.testSamples !== undefined) integerIn("Test sample count", data.testSamples, 0, MAX_SAMPLES_2D);
    if (!config.fold) {
      numberIn("Training ratio", data.trainRatio, 0, 1);
      if (data.trainRatio === 0 || data.trainRatio === 1) {
        throw new Error(`Training ratio must be strictly between 0 and 1, got ${data.trainRatio}`);
      }
    }
  } else if (data?.kind === "builtin" || data?.kind === "upload") {
    validateArraySpec(data, config.fold !== undefined);
  } else {
    throw new Error(`Unknown dataset kind "${String(data?.kind)}" (expected "2d", "builtin" or "upload")`);
  }

  if (!Array.isArray(model?.hiddenLayers) || model.hiddenLayers.length > MAX_LAYERS) {
    throw new Error(
      `Hidden layers must be a list of at most ${MAX_LAYERS} sizes, got ${JSON.stringify(model?.hiddenLayers)}`,
    );
  }
  model.hiddenLayers.forEach((units, i) => integerIn(`Units of hidden layer ${i + 1}`, units, 1, MAX_UNITS));
  if (!ACTIVATIONS.includes(model.activation)) {
    throw new Error(
      `Unknown activation "${String(model.activation)}" (expected one of ${ACTIVATIONS.join(", ")})`,
    );
  }
  if (!INITIALIZERS.includes(model.init)) {
    throw new Error(
      `Unknown initializer "${String(model.init)}" (expected one of ${INITIALIZERS.join(", ")})`,
    );
  }
  numberIn("Dropout", model.dropout, 0, 0.9);
  numberIn("L1 factor", model.l1, 0, 10);
  numberIn("L2 factor", model.l2, 0, 10);
  if (typeof model.batchNorm !== "boolean")
    throw new Error(`batchNorm must be true or false, got ${String(model.batchNorm)}`);
  validateConvBlocks(model.conv);
  validateAugment(config.augment);
  if (data.kind === "2d") {
    if (model.conv && model.conv.length > 0) {
      throw new Error(
        `Convolutional blocks need image data; the 2D dataset "${data.generator}" has ${data.features.length} features per point, not images`,
      );
    }
    if (augments(config.augment)) {
      throw new Error(`Augmentation needs image data; the 2D dataset "${data.generator}" has no images`);
    }
  }

  validateOptimizer(config.optimizer);
  if (
    typeof config.learningRate !== "number" ||
    !(config.learningRate > 0) ||
    !Number.isFinite(config.learningRate)
  ) {
    throw new Error(`Learning rate must be a positive finite number, got ${String(config.learningRate)}`);
  }
  validateSchedule(config.schedule);
  integerIn("Batch size", config.batchSize, 1, 65_536);
  integerIn("Epochs", config.epochs, 1, MAX_EPOCHS);
  if (typeof config.seed !== "number" || !Number.isFinite(config.seed)) {
    throw new Error(`Seed must be a finite number, got ${String(config.seed)}`);
  }
  if (typeof earlyStopping?.enabled !== "boolean") {
    throw new Error(`earlyStopping.enabled must be true or false, got ${String(earlyStopping?.enabled)}`);
  }
  if (earlyStopping.enabled) {
    integerIn("Early-stopping patience", earlyStopping.patience, 1, MAX_EPOCHS);
    numberIn("Early-stopping minDelta", earlyStopping.minDelta, 0, Number.MAX_VALUE);
  }
  if (!BACKEND_CHOICES.includes(config.backend)) {
    throw new Error(
      `Unknown backend "${String(config.backend)}" (expected one of ${BACKEND_CHOICES.join(", ")})`,
    );
  }
  integerIn("Boundary resolution", config.boundaryResolution, 0, MAX_BOUNDARY_RESOLUTION);
  // A 2D dataset's shape is known from the config; array datasets are checked against their real
  // shape once the worker has them (validateAgainstData).
  if (data.kind === "2d") {
    const outputs = taskOf(data) === "multiclass" ? data.classes : 1;
    validateModelSize(config, [data.features.length], outputs, data.samples);
  }
}
