/**
 * The training configurations the lessons run: small 2D problems and small networks, so that a
 * lesson's runs finish in seconds on a CPU. Each lesson varies one thing of a shared base.
 */
import { defaultSchedule } from "../../core/schedules";
import type { Feature2D, ModelConfig, ScheduleConfig, TrainConfig } from "../../shared/train";

const XY: Feature2D[] = ["x1", "x2"];

/** Base of every lesson: a noisy two-spiral-free circle problem, a 2×8 tanh network, SGD. */
export function baseConfig(): TrainConfig {
  return {
    data: {
      kind: "2d",
      generator: "circle",
      samples: 400,
      noise: 10,
      classes: 3,
      trainRatio: 0.7,
      features: XY,
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
      name: "sgd",
      momentum: 0.9,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      rho: 0.9,
      weightDecay: 0.01,
    },
    learningRate: 0.1,
    schedule: defaultSchedule(),
    batchSize: 16,
    epochs: 40,
    seed: 1,
    earlyStopping: { enabled: false, patience: 10, minDelta: 0, restoreBest: true },
    backend: "wasm",
    boundaryResolution: 0,
  };
}

/** A copy of the base with parts replaced (model and schedule fields merge into the base's). */
export function variant(
  over: Partial<Omit<TrainConfig, "model" | "schedule">> & {
    model?: Partial<ModelConfig>;
    schedule?: Partial<ScheduleConfig>;
  },
  base: TrainConfig = baseConfig(),
): TrainConfig {
  const { model, schedule, ...rest } = over;
  return {
    ...base,
    ...rest,
    model: { ...base.model, ...model },
    schedule: { ...base.schedule, ...schedule },
  };
}

/** A small, noisy dataset that a large network overfits (lessons 6, 7 and 8). */
export function overfitBase(): TrainConfig {
  return variant({
    data: {
      kind: "2d",
      generator: "xor",
      samples: 120,
      noise: 30,
      classes: 3,
      trainRatio: 0.5,
      features: XY,
    },
    model: { hiddenLayers: [64, 64], activation: "relu", init: "he" },
    optimizer: { ...baseConfig().optimizer, name: "adam" },
    learningRate: 0.01,
    batchSize: 10,
    epochs: 80,
  });
}

/** Range test: the rate grows exponentially from RANGE_START to RANGE_END over RANGE_EPOCHS short epochs. */
export const RANGE_START = 1e-4;
export const RANGE_END = 30;
export const RANGE_EPOCHS = 30;

/** The range test's run: the base network on the circle data, plain SGD, an exponential schedule. */
export function rangeTestConfig(): TrainConfig {
  return variant({
    learningRate: RANGE_START,
    epochs: RANGE_EPOCHS,
    schedule: { kind: "exponential", gamma: Math.pow(RANGE_END / RANGE_START, 1 / RANGE_EPOCHS) },
  });
}

export const SEEDS = [1, 2, 3, 4, 5];
/** The two configurations the seeds lesson compares: the 8-unit network at two learning rates. */
export const SEED_GROUPS = [
  { id: "a", label: "lr 0.01", learningRate: 0.01 },
  { id: "b", label: "lr 0.001", learningRate: 0.001 },
];

/** Configuration of one seed of one group of the seeds lesson. */
export function seedConfig(learningRate: number, seed: number): TrainConfig {
  return variant({ learningRate, seed, model: { hiddenLayers: [8] } }, overfitBase());
}
