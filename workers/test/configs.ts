/** Small training configurations for the worker's tests. */
import type { Dataset2DSpec, Feature2D, TrainConfig } from "../../src/shared/train";
import { defaultSchedule } from "../../src/core/schedules";

export const ALL_FEATURES: Feature2D[] = ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"];

/** A 2D run's configuration: its data is always a Dataset2DSpec. */
export type Test2DConfig = TrainConfig & { data: Dataset2DSpec };

/** A quick binary spiral run; override any part. */
export function testConfig(over: Partial<Test2DConfig> = {}): Test2DConfig {
  return {
    data: {
      kind: "2d",
      generator: "spiral",
      samples: 200,
      noise: 0,
      classes: 3,
      trainRatio: 0.7,
      features: ALL_FEATURES,
    },
    model: {
      hiddenLayers: [8, 8],
      activation: "tanh",
      dropout: 0,
      batchNorm: false,
      l1: 0,
      l2: 0,
      init: "glorot",
    },
    optimizer: {
      name: "adam",
      momentum: 0.9,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      rho: 0.9,
      weightDecay: 0.01,
    },
    learningRate: 0.03,
    schedule: defaultSchedule(),
    batchSize: 16,
    epochs: 5,
    seed: 1,
    earlyStopping: { enabled: false, patience: 3, minDelta: 0, restoreBest: true },
    backend: "cpu",
    boundaryResolution: 0,
    ...over,
  };
}
