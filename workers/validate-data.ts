/**
 * Checks of the parts of a run that concern array datasets, convolutions, augmentation and folds:
 * the config's own fields (before anything is made), the arrays the page hands over, and whether a
 * config fits the dataset it names (convolutions and augmentation need images large enough).
 */
import { MAX_FOLDS, MIN_FOLDS } from "../src/core/datasets/split";
import { MODEL_SIZE_LIMITS, checkModelSize } from "../src/core/model-size";
import type {
  ArrayDatasetSpec,
  AugmentConfig,
  ConvBlock,
  DatasetArrays,
  Task,
  TrainConfig,
} from "../src/shared/train";
import { augments } from "./augment";
import { convOutputShapes } from "./conv";

export const MAX_CONV_BLOCKS = 4;
export const MAX_FILTERS = 256;
export const MAX_KERNEL = 9;
export const POOLINGS: ConvBlock["pool"][] = ["max", "avg", "none"];
export const MAX_SHIFT = 8;
export const MAX_NOISE = 1;
export const MAX_CLASSES = 1000;
const TASKS: Task[] = ["binary", "multiclass", "regression"];

export function integerIn(name: string, value: number, low: number, high: number): void {
  if (!Number.isInteger(value) || value < low || value > high) {
    throw new Error(`${name} must be an integer from ${low} to ${high}, got ${String(value)}`);
  }
}

export function numberIn(name: string, value: number, low: number, high: number): void {
  if (typeof value !== "number" || !(value >= low && value <= high)) {
    throw new Error(`${name} must be between ${low} and ${high}, got ${String(value)}`);
  }
}

/** Validation and test ratios of an array dataset (the validation ratio is unused with folds). */
export function validateArraySpec(spec: ArrayDatasetSpec, withFolds: boolean): void {
  if (typeof spec.id !== "string" || spec.id.trim() === "") {
    throw new Error(`Dataset id must be a non-empty string, got ${JSON.stringify(spec.id)}`);
  }
  const { valRatio, testRatio } = spec;
  if (typeof testRatio !== "number" || !(testRatio >= 0 && testRatio < 1)) {
    throw new Error(`Test ratio must be from 0 up to (not including) 1, got ${String(testRatio)}`);
  }
  if (withFolds) return;
  if (typeof valRatio !== "number" || !(valRatio > 0 && valRatio < 1)) {
    throw new Error(`Validation ratio must be strictly between 0 and 1, got ${String(valRatio)}`);
  }
  if (valRatio + testRatio >= 1) {
    throw new Error(
      `Validation and test ratios must add up to less than 1, got ${valRatio} + ${testRatio} = ${valRatio + testRatio}`,
    );
  }
}

/** Cross-validation fold: k from MIN_FOLDS to MAX_FOLDS, index from 0 to k − 1 (absent: no folds). */
export function validateFold(fold: TrainConfig["fold"]): void {
  if (fold === undefined) return;
  if (!fold || typeof fold !== "object") throw new Error(`Fold must be { k, index }, got ${String(fold)}`);
  integerIn("Fold count k", fold.k, MIN_FOLDS, MAX_FOLDS);
  integerIn("Fold index", fold.index, 0, fold.k - 1);
}

/** The convolutional blocks' own fields (absent or empty: none). */
export function validateConvBlocks(blocks: ConvBlock[] | undefined): void {
  if (blocks === undefined) return;
  if (!Array.isArray(blocks) || blocks.length > MAX_CONV_BLOCKS) {
    throw new Error(
      `Convolutional blocks must be a list of at most ${MAX_CONV_BLOCKS}, got ${JSON.stringify(blocks)}`,
    );
  }
  blocks.forEach((b, i) => {
    const name = `Convolutional block ${i + 1}`;
    if (!b || typeof b !== "object")
      throw new Error(`${name} must be { filters, kernel, pool }, got ${String(b)}`);
    integerIn(`Filters of ${name.toLowerCase()}`, b.filters, 1, MAX_FILTERS);
    integerIn(`Kernel size of ${name.toLowerCase()}`, b.kernel, 1, MAX_KERNEL);
    if (!POOLINGS.includes(b.pool)) {
      throw new Error(
        `Unknown pooling "${String(b.pool)}" in ${name.toLowerCase()} (expected one of ${POOLINGS.join(", ")})`,
      );
    }
  });
}

/** The augmentation's own fields (absent: none). */
export function validateAugment(augment: AugmentConfig | undefined): void {
  if (augment === undefined) return;
  if (!augment || typeof augment !== "object") {
    throw new Error(`Augmentation must be { shift, flip, noise }, got ${String(augment)}`);
  }
  integerIn("Augmentation shift", augment.shift, 0, MAX_SHIFT);
  if (typeof augment.flip !== "boolean") {
    throw new Error(`Augmentation flip must be true or false, got ${String(augment.flip)}`);
  }
  numberIn("Augmentation noise", augment.noise, 0, MAX_NOISE);
}

/**
 * Throws "The model is too large: ..." if training `config`'s model on examples of `exampleShape`
 * with `outputs` output units would pass MODEL_SIZE_LIMITS. `examples` caps the batch, as the
 * trainer never makes a batch larger than the training set.
 */
export function validateModelSize(
  config: TrainConfig,
  exampleShape: number[],
  outputs: number,
  examples: number,
): void {
  const batchSize = Math.max(1, Math.min(config.batchSize, examples));
  checkModelSize(config.model, exampleShape, outputs, config.optimizer.name, batchSize, MODEL_SIZE_LIMITS);
}

const shapeText = (shape: number[]): string => `[${shape.join(", ")}]`;

/** Throws an Error naming the dataset and the problem unless the arrays are a usable dataset. */
export function validateDatasetArrays(a: DatasetArrays): void {
  if (!a || typeof a !== "object") throw new Error(`Dataset arrays missing, got ${String(a)}`);
  if (typeof a.id !== "string" || a.id.trim() === "") {
    throw new Error(`Dataset id must be a non-empty string, got ${JSON.stringify(a.id)}`);
  }
  const name = `Dataset "${a.id}"`;
  if (!TASKS.includes(a.task)) {
    throw new Error(`${name}: unknown task "${String(a.task)}" (expected one of ${TASKS.join(", ")})`);
  }
  const shape = a.exampleShape;
  if (
    !Array.isArray(shape) ||
    (shape.length !== 1 && shape.length !== 3) ||
    !shape.every((d) => Number.isInteger(d) && d > 0)
  ) {
    throw new Error(
      `${name}: example shape must be [features] or [height, width, channels] of positive integers, got ${JSON.stringify(shape)}`,
    );
  }
  if (!(a.y instanceof Float32Array)) throw new Error(`${name}: targets y must be a Float32Array`);
  if (!(a.x instanceof Float32Array) && !(a.x instanceof Uint8Array)) {
    throw new Error(`${name}: values x must be a Float32Array or a Uint8Array`);
  }
  const n = a.y.length;
  const perExample = shape.reduce((p, d) => p * d, 1);
  if (n < 2) throw new Error(`${name} needs at least 2 examples, got ${n}`);
  if (a.x.length !== n * perExample) {
    throw new Error(
      `${name}: x has ${a.x.length} values, expected ${n} examples × ${perExample} (shape ${shapeText(shape)}) = ${n * perExample}`,
    );
  }
  if (typeof a.xScale !== "number" || !Number.isFinite(a.xScale) || a.xScale === 0) {
    throw new Error(`${name}: xScale must be a finite non-zero number, got ${String(a.xScale)}`);
  }
  if (typeof a.standardize !== "boolean") {
    throw new Error(`${name}: standardize must be true or false, got ${String(a.standardize)}`);
  }
  if (!Number.isInteger(a.sourceTestCount) || a.sourceTestCount < 0 || a.sourceTestCount >= n) {
    throw new Error(
      `${name}: sourceTestCount must be an integer from 0 to ${n - 1}, got ${String(a.sourceTestCount)}`,
    );
  }
  if (a.x instanceof Float32Array) {
    const bad = a.x.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new Error(
        `${name}: value ${a.x[bad]} of example ${Math.floor(bad / perExample)} (feature ${bad % perExample}) is not a finite number`,
      );
    }
  }
  if (a.task === "regression") {
    const bad = a.y.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`${name}: target of example ${bad} is not a finite number: ${a.y[bad]}`);
    return;
  }
  const low = 2;
  const high = a.task === "binary" ? 2 : MAX_CLASSES;
  if (!Number.isInteger(a.classes) || a.classes < low || a.classes > high) {
    throw new Error(
      `${name}: a ${a.task} task needs from ${low} to ${high} classes, got ${String(a.classes)}`,
    );
  }
  if (!Array.isArray(a.classNames) || a.classNames.length !== a.classes) {
    throw new Error(
      `${name}: expected ${a.classes} class names, got ${Array.isArray(a.classNames) ? a.classNames.length : String(a.classNames)}`,
    );
  }
  const bad = a.y.findIndex((v) => !Number.isInteger(v) || v < 0 || v >= a.classes);
  if (bad >= 0) {
    throw new Error(
      `${name}: label of example ${bad} must be a class index from 0 to ${a.classes - 1}, got ${a.y[bad]}`,
    );
  }
}

/** Throws unless the config's convolutions and augmentation fit the dataset (images, large enough). */
export function validateAgainstData(config: TrainConfig, a: DatasetArrays): void {
  validateDatasetArrays(a);
  const shape = a.exampleShape;
  const isImage = shape.length === 3;
  const blocks = config.model.conv ?? [];
  if (blocks.length > 0) {
    if (!isImage) {
      throw new Error(
        `Convolutional blocks need image data; dataset "${a.id}" has examples of shape ${shapeText(shape)}, not [height, width, channels]`,
      );
    }
    const sizes = [shape, ...convOutputShapes(shape, blocks)];
    blocks.forEach((b, i) => {
      const [h, w] = sizes[i];
      if (b.pool !== "none" && (h < 2 || w < 2)) {
        throw new Error(
          `Convolutional block ${i + 1} pools a ${h}×${w} map: too much pooling for the ${shape[0]}×${shape[1]} images of dataset "${a.id}"`,
        );
      }
    });
  }
  validateModelSize(config, shape, a.task === "multiclass" ? a.classes : 1, a.y.length);
  if (augments(config.augment)) {
    if (!isImage) {
      throw new Error(
        `Augmentation needs image data; dataset "${a.id}" has examples of shape ${shapeText(shape)}, not images`,
      );
    }
    const side = Math.min(shape[0], shape[1]);
    if (config.augment.shift >= side) {
      throw new Error(
        `Augmentation shift must be smaller than the image side ${side} of dataset "${a.id}", got ${config.augment.shift}`,
      );
    }
  }
}
