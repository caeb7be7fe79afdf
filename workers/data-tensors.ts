/**
 * The dataset on the device. A run on 2D data uploads its small tensors at its start and disposes
 * them at its end; array datasets (up to thousands of images) are uploaded once per split and kept
 * in a DataCache across the trials of a study, until the split, the data or the backend changes.
 * The boundary grid is the same square the 2D points live in.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { DOMAIN_2D } from "../src/core/datasets/generators2d";
import { featureRows } from "../src/core/datasets/prepare";
import type {
  ArrayDatasetSpec,
  Dataset2DSpec,
  DatasetArrays,
  Feature2D,
  TrainConfig,
} from "../src/shared/train";
import type { Tf } from "./model";
import { targetTensor } from "./losses";
import { prepared2D, preparedArrays, type PreparedData, type PreparedMeta } from "./prepared-data";

export interface DataTensors {
  trainX: tfjs.Tensor2D;
  trainY: tfjs.Tensor2D;
  valX: tfjs.Tensor2D;
  valY: tfjs.Tensor2D;
  /** The test set, or null when there is none. */
  testX: tfjs.Tensor2D | null;
  testY: tfjs.Tensor2D | null;
  /** How many tensors this holds. */
  readonly count: number;
  dispose(): void;
}

let cached2D: { key: string; data: PreparedData } | null = null;

/** prepared2D with a one-entry cache: the trials of a study usually share their dataset. */
export function preparedData(spec: Dataset2DSpec, seed: number, fold?: TrainConfig["fold"]): PreparedData {
  const key = JSON.stringify([spec, seed, fold ?? null]);
  if (cached2D?.key !== key) cached2D = { key, data: prepared2D(spec, seed, fold) };
  return cached2D.data;
}

/**
 * Points of a resolution × resolution grid over [-DOMAIN_2D, DOMAIN_2D]²: cell centres, row-major
 * from the top-left (first row at the largest x2), so row r, column c covers one pixel of an image.
 */
export function boundaryGridPoints(resolution: number): { x1: number; x2: number }[] {
  const cell = (2 * DOMAIN_2D) / resolution;
  const points: { x1: number; x2: number }[] = [];
  for (let r = 0; r < resolution; r++) {
    const x2 = DOMAIN_2D - (r + 0.5) * cell;
    for (let c = 0; c < resolution; c++) points.push({ x1: -DOMAIN_2D + (c + 0.5) * cell, x2 });
  }
  return points;
}

/** Feature rows of the boundary grid, or null when resolution is 0. */
export function createGridTensor(tf: Tf, features: Feature2D[], resolution: number): tfjs.Tensor2D | null {
  if (resolution <= 0) return null;
  return tf.tensor2d(featureRows(boundaryGridPoints(resolution), features), [
    resolution ** 2,
    features.length,
  ]);
}

/** Uploads a prepared dataset. */
export function createDataTensors(tf: Tf, data: PreparedData): DataTensors {
  const nF = data.nFeatures;
  const tensors: tfjs.Tensor[] = [];
  const track = <T extends tfjs.Tensor>(t: T): T => {
    tensors.push(t);
    return t;
  };
  const rows = (x: Float32Array) => track(tf.tensor2d(x, [x.length / nF, nF]));
  const targets = (y: Float32Array) => track(targetTensor(tf, data.task, y, data.classes));
  try {
    return {
      trainX: rows(data.trainX),
      trainY: targets(data.trainY),
      valX: rows(data.valX),
      valY: targets(data.valY),
      testX: data.testX ? rows(data.testX) : null,
      testY: data.testY ? targets(data.testY) : null,
      count: tensors.length,
      dispose: () => tensors.forEach((t) => t.dispose()),
    };
  } catch (err) {
    tensors.forEach((t) => t.dispose());
    throw err;
  }
}

/**
 * One prepared array dataset and its tensors, kept between runs. A new split, new arrays (even
 * under the same id) or another backend replaces the entry and disposes the old tensors.
 */
export class DataCache {
  private entry: {
    key: string;
    /** The arrays an array dataset was prepared from; null for a 2D data set (made from its spec). */
    arrays: DatasetArrays | null;
    backend: string;
    data: PreparedMeta;
    tensors: DataTensors;
  } | null = null;

  /**
   * The prepared data and its tensors for a run; both stay owned by the cache. The values are kept
   * on the device only (thousands of images would otherwise sit in memory twice).
   */
  get(
    tf: Tf,
    arrays: DatasetArrays,
    spec: ArrayDatasetSpec,
    seed: number,
    fold?: TrainConfig["fold"],
  ): { data: PreparedMeta; tensors: DataTensors } {
    const key = JSON.stringify([spec.id, spec.valRatio, spec.testRatio, seed, fold ?? null]);
    return this.entryFor(tf, key, arrays, () => preparedArrays(arrays, spec, seed, fold));
  }

  /**
   * The same for a generated 2D data set: a study's trials share one, which is then generated and
   * uploaded once rather than once per trial.
   */
  get2d(
    tf: Tf,
    spec: Dataset2DSpec,
    seed: number,
    fold?: TrainConfig["fold"],
  ): { data: PreparedMeta; tensors: DataTensors } {
    const key = JSON.stringify(["2d", spec, seed, fold ?? null]);
    return this.entryFor(tf, key, null, () => preparedData(spec, seed, fold));
  }

  private entryFor(
    tf: Tf,
    key: string,
    arrays: DatasetArrays | null,
    prepare: () => PreparedData,
  ): { data: PreparedMeta; tensors: DataTensors } {
    const backend = tf.getBackend();
    const e = this.entry;
    if (e && e.key === key && e.arrays === arrays && e.backend === backend) return e;
    this.clear();
    const prepared = prepare();
    const tensors = createDataTensors(tf, prepared);
    const { trainX: _t, valX: _v, testX: _s, ...data } = prepared;
    this.entry = { key, arrays, backend, data, tensors };
    return this.entry;
  }

  /** Disposes the entry if it was made from these arrays (they are being dropped). */
  forget(arrays: DatasetArrays): void {
    if (this.entry?.arrays === arrays) this.clear();
  }

  clear(): void {
    this.entry?.tensors.dispose();
    this.entry = null;
  }

  /** Tensors the cache holds (so leak checks can tell them from leaks). */
  get tensorCount(): number {
    return this.entry?.tensors.count ?? 0;
  }
}
