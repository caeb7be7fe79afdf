/**
 * What a run trains on, as flat Float32Arrays on the CPU, for both kinds of dataset: generated 2D
 * points (featurised, split as the page shows them, or into k folds) and whole arrays handed over
 * by the page (split into training, validation and test rows, standardised with statistics of the
 * training rows alone).
 */
import { generate2D, classCount, taskOf } from "../src/core/datasets/generators2d";
import { featureRows, prepare2D, splitSeedOf } from "../src/core/datasets/prepare";
import { Rng } from "../src/core/rng";
import { kFolds, splitIndices, type SplitIndices } from "../src/core/datasets/split";
import { fitStandardizer, gatherStandardized, type Standardizer } from "../src/core/datasets/standardize";
import type { ArrayDatasetSpec, Dataset2DSpec, DatasetArrays, Task, TrainConfig } from "../src/shared/train";

export interface PreparedData {
  task: Task;
  /** Number of classes; 1 for regression. */
  classes: number;
  /** Shape of one example: [nFeatures], or [height, width, channels] for images. */
  exampleShape: number[];
  /** Values per example (the product of exampleShape). */
  nFeatures: number;
  /** Row-major [examples × nFeatures]. */
  trainX: Float32Array;
  /** Class index for classification, the target for regression (standardised when targetScale is set). */
  trainY: Float32Array;
  valX: Float32Array;
  valY: Float32Array;
  /** The held-out test set; null when there is none (2D data without testSamples, or a test ratio of 0). */
  testX: Float32Array | null;
  testY: Float32Array | null;
  /** Dataset row of each validation example (array datasets), for naming misclassified examples. */
  valRows: number[] | null;
  /**
   * Regression on array datasets trains on standardised targets (training rows' mean and standard
   * deviation), so a table's targets in the hundreds train as quickly as the 2D ones in [−1, 1];
   * predictions are mapped back with these. Null: targets as they are.
   */
  targetScale: { mean: number; std: number } | null;
  /** The validation targets in the dataset's own units. */
  valActual: Float32Array;
}

/** The seed of a 2D dataset's test points: its own stream, so the training and validation points stay as they were. */
export function testSeedOf(seed: number): number {
  return new Rng(splitSeedOf(seed)).fork().nextUint32();
}

/** The held-out test points of a 2D dataset (spec.testSamples of them), or null when it asks for none. */
function test2D(spec: Dataset2DSpec, seed: number): { testX: Float32Array; testY: Float32Array } | null {
  const n = spec.testSamples ?? 0;
  if (n === 0) return null;
  const points = generate2D({ ...spec, samples: n }, testSeedOf(seed));
  return { testX: featureRows(points, spec.features), testY: Float32Array.from(points, (e) => e.label) };
}

/**
 * The training/validation split of a 2D dataset: the page's split, or fold `fold.index` of k over
 * all points; plus its separate test points when the spec asks for them.
 */
export function prepared2D(spec: Dataset2DSpec, seed: number, fold?: TrainConfig["fold"]): PreparedData {
  const nFeatures = spec.features.length;
  const test = test2D(spec, seed);
  const common = {
    exampleShape: [nFeatures],
    nFeatures,
    testX: test?.testX ?? null,
    testY: test?.testY ?? null,
    valRows: null,
    targetScale: null,
  };
  if (!fold) {
    const p = prepare2D(spec, seed);
    const { task, classes, trainX, trainY, valX, valY } = p;
    return { task, classes, trainX, trainY, valX, valY, valActual: valY, ...common };
  }
  const task = taskOf(spec);
  const examples = generate2D(spec, seed);
  const labels = Float32Array.from(examples, (e) => e.label);
  const rows = examples.map((_, i) => i);
  const folds = kFolds(rows, labels, task, fold.k, splitSeedOf(seed));
  const train = folds.filter((_, i) => i !== fold.index).flat();
  const val = folds[fold.index];
  const pick = (indices: number[]) => indices.map((i) => examples[i]);
  const valY = Float32Array.from(val, (i) => labels[i]);
  return {
    task,
    classes: classCount(spec),
    trainX: featureRows(pick(train), spec.features),
    trainY: Float32Array.from(train, (i) => labels[i]),
    valX: featureRows(pick(val), spec.features),
    valY,
    valActual: valY,
    ...common,
  };
}

/** What a run needs of its data once the values are on the device. */
export type PreparedMeta = Omit<PreparedData, "trainX" | "valX" | "testX">;

export interface PreparedArrays extends PreparedData {
  split: SplitIndices;
  /** The training rows' statistics, or null when the dataset is not standardised. */
  standardizer: Standardizer | null;
}

/** Splits and (when the dataset asks for it) standardises an array dataset; deterministic for a seed. */
export function preparedArrays(
  arrays: DatasetArrays,
  spec: ArrayDatasetSpec,
  seed: number,
  fold?: TrainConfig["fold"],
): PreparedArrays {
  const { task, x, y, xScale } = arrays;
  const nFeatures = arrays.exampleShape.reduce((a, b) => a * b, 1);
  const split = splitIndices(y, {
    task,
    valRatio: spec.valRatio,
    testRatio: spec.testRatio,
    seed: splitSeedOf(seed),
    sourceTestCount: arrays.sourceTestCount,
    fold,
  });
  if (split.val.length === 0) {
    throw new Error(
      `Dataset "${arrays.id}" leaves no validation examples with validation ratio ${spec.valRatio}`,
    );
  }
  const standardizer = arrays.standardize ? fitStandardizer(x, nFeatures, split.train, xScale) : null;
  const rowsX = (rows: number[]) => gatherStandardized(x, nFeatures, rows, standardizer, xScale);
  const target = task === "regression" ? fitStandardizer(y, 1, split.train) : null;
  const rowsY = (rows: number[]) => gatherStandardized(y, 1, rows, target);
  const hasTest = split.test.length > 0;
  return {
    task,
    classes: task === "regression" ? 1 : arrays.classes,
    exampleShape: arrays.exampleShape.slice(),
    nFeatures,
    trainX: rowsX(split.train),
    trainY: rowsY(split.train),
    valX: rowsX(split.val),
    valY: rowsY(split.val),
    testX: hasTest ? rowsX(split.test) : null,
    testY: hasTest ? rowsY(split.test) : null,
    valRows: split.val,
    targetScale: target ? { mean: target.mean[0], std: target.std[0] } : null,
    valActual: Float32Array.from(split.val, (r) => y[r]),
    split,
    standardizer,
  };
}
