/**
 * Turns a 2D dataset spec into what a model trains on: the points, split into training and
 * validation sets, and their feature rows as flat Float32Arrays. The page uses the points to draw
 * the data and the worker the arrays to train, so both see the same split for a seed.
 */
import { Rng } from "../rng";
import type { Dataset2DSpec, Feature2D, Task } from "../../shared/train";
import { classCount, generate2D, splitTrainVal, taskOf, type Example2D } from "./generators2d";
import { featureLabel, featureVector, validateFeatures } from "./features";

export interface Prepared2D {
  task: Task;
  /** Number of classes; 1 for regression. */
  classes: number;
  /** Display labels of the features, in column order. */
  featureNames: string[];
  /** Row-major [examples × nFeatures]. */
  trainX: Float32Array;
  /** Class index (0..classes-1) for classification, the target for regression. */
  trainY: Float32Array;
  valX: Float32Array;
  valY: Float32Array;
  nFeatures: number;
  train: Example2D[];
  val: Example2D[];
}

/** Row-major feature matrix of some points. */
export function featureRows(points: { x1: number; x2: number }[], features: Feature2D[]): Float32Array {
  const out = new Float32Array(points.length * features.length);
  points.forEach((p, i) => out.set(featureVector(p.x1, p.x2, features), i * features.length));
  return out;
}

/** The seed of the train/validation split, derived from the data seed so it draws a different stream. */
export function splitSeedOf(seed: number): number {
  return new Rng(seed).fork().nextUint32();
}

/** Generates, splits and featurises a 2D dataset; deterministic for a seed. */
export function prepare2D(spec: Dataset2DSpec, seed: number): Prepared2D {
  const task = taskOf(spec);
  validateFeatures(spec.features);
  const examples = generate2D(spec, seed);
  const { train, val } = splitTrainVal(examples, spec.trainRatio, splitSeedOf(seed), task !== "regression");
  return {
    task,
    classes: classCount(spec),
    featureNames: spec.features.map(featureLabel),
    trainX: featureRows(train, spec.features),
    trainY: Float32Array.from(train, (e) => e.label),
    valX: featureRows(val, spec.features),
    valY: Float32Array.from(val, (e) => e.label),
    nFeatures: spec.features.length,
    train,
    val,
  };
}
