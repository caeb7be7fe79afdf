/**
 * The dataset on the device: created once per training run (never per epoch or batch) and
 * disposed at its end. The boundary grid is the same square the 2D points live in.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { DOMAIN_2D } from "../src/core/datasets/generators2d";
import { featureRows, prepare2D, type Prepared2D } from "../src/core/datasets/prepare";
import type { Dataset2DSpec, Feature2D } from "../src/shared/train";
import type { Tf } from "./model";
import { targetTensor } from "./losses";

export interface DataTensors {
  trainX: tfjs.Tensor2D;
  trainY: tfjs.Tensor2D;
  valX: tfjs.Tensor2D;
  valY: tfjs.Tensor2D;
  /** Feature rows of the boundary grid, or null when no boundary is wanted. */
  grid: tfjs.Tensor2D | null;
  dispose(): void;
}

let cached: { key: string; data: Prepared2D } | null = null;

/** prepare2D with a one-entry cache: the trials of a study usually share their dataset. */
export function preparedData(spec: Dataset2DSpec, seed: number): Prepared2D {
  const key = JSON.stringify([spec, seed]);
  if (cached?.key !== key) cached = { key, data: prepare2D(spec, seed) };
  return cached.data;
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

/** Uploads a prepared dataset (and the boundary grid's features when resolution > 0). */
export function createDataTensors(
  tf: Tf,
  data: Prepared2D,
  features: Feature2D[],
  boundaryResolution: number,
): DataTensors {
  const nF = data.nFeatures;
  const tensors: tfjs.Tensor[] = [];
  const track = <T extends tfjs.Tensor>(t: T): T => {
    tensors.push(t);
    return t;
  };
  try {
    const result: DataTensors = {
      trainX: track(tf.tensor2d(data.trainX, [data.train.length, nF])),
      trainY: track(targetTensor(tf, data.task, data.trainY, data.classes)),
      valX: track(tf.tensor2d(data.valX, [data.val.length, nF])),
      valY: track(targetTensor(tf, data.task, data.valY, data.classes)),
      grid:
        boundaryResolution > 0
          ? track(
              tf.tensor2d(featureRows(boundaryGridPoints(boundaryResolution), features), [
                boundaryResolution ** 2,
                nF,
              ]),
            )
          : null,
      dispose: () => tensors.forEach((t) => t.dispose()),
    };
    return result;
  } catch (err) {
    tensors.forEach((t) => t.dispose());
    throw err;
  }
}
