/**
 * What the training benchmark measures: the throughput cases, the parallel-trial case, and the
 * TrainConfig each one becomes. Shared by the Node driver (to plan and label runs) and the page and
 * workers (to run them), so both sides agree on every shape. Plain data only: it crosses
 * page.evaluate and comlink.
 */
import type { BackendName, Dataset2DSpec, TrainConfig } from "../../src/shared/train";
import { defaultSchedule } from "../../src/core/schedules";

export const BACKENDS: BackendName[] = ["webgpu", "webgl", "wasm", "cpu"];

export const ALL_FEATURES: Dataset2DSpec["features"] = ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"];

/** One model/data shape whose training throughput is compared between the trainer and model.fit. */
export interface ThroughputCase {
  id: string;
  label: string;
  /** Points generated (train + validation) of the binary spiral. */
  samples: number;
  trainRatio: number;
  hiddenLayers: number[];
  batchSize: number;
  /**
   * Epochs of one run, the first of which is warm-up and not measured. Many short alternating runs
   * resist a noisy, shared machine better than a few long ones.
   */
  epochs: number;
  /** Also time a bare matMul loop of the same shapes (the "how close to the machine" figure). */
  matmulCeiling: boolean;
  /**
   * For the parallel-workers measurement: trials each worker trains per repetition, enough that one
   * worker's share lasts a couple of seconds. Over a few short trials, the last one to end (one
   * worker idle while the other finishes) and the calls' own overhead would weigh on the figure.
   */
  trialsPerWorker?: number;
}

/** Same learning rate and seed on both sides; the values only need to keep training finite. */
export const LEARNING_RATE = 0.003;
export const SEED = 7;

/**
 * Points generated per case and backend (80% train, so every size below gives whole batches). The
 * software-emulated WebGPU here spends milliseconds on every dispatch, and the plain-JavaScript
 * backend is slow on wide layers: smaller sets keep their epochs to a few seconds, so the whole
 * bench stays within its time budget. A rate is a rate; the table shows each set's size.
 */
const SAMPLES: Record<"mlp128" | "wide512", Record<BackendName, number>> = {
  mlp128: { webgpu: 640, webgl: 4000, wasm: 8000, cpu: 4000 },
  wide512: { webgpu: 320, webgl: 1280, wasm: 1280, cpu: 640 },
};

/** The standard case (spiral, all 7 features, two hidden layers of 128) and a wide MLP. */
export function throughputCases(backend: BackendName): ThroughputCase[] {
  return [
    {
      id: "mlp128",
      label: "7→128→128→1, batch 64",
      samples: SAMPLES.mlp128[backend],
      trainRatio: 0.8,
      hiddenLayers: [128, 128],
      batchSize: 64,
      epochs: 3,
      matmulCeiling: false,
    },
    {
      id: "wide512",
      label: "7→512→512→1, batch 256",
      samples: SAMPLES.wide512[backend],
      trainRatio: 0.8,
      hiddenLayers: [512, 512],
      batchSize: 256,
      epochs: 3,
      matmulCeiling: true,
    },
  ];
}

/** The TrainConfig the worker gets for a throughput case (no boundary grid, no early stopping). */
export function throughputConfig(c: ThroughputCase, backend: BackendName, seed = SEED): TrainConfig {
  return {
    data: {
      kind: "2d",
      generator: "spiral",
      samples: c.samples,
      noise: 10,
      classes: 2,
      trainRatio: c.trainRatio,
      features: ALL_FEATURES,
    },
    model: {
      hiddenLayers: c.hiddenLayers,
      activation: "relu",
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
      weightDecay: 0,
    },
    learningRate: LEARNING_RATE,
    schedule: defaultSchedule(),
    batchSize: c.batchSize,
    epochs: c.epochs,
    seed,
    earlyStopping: { enabled: false, patience: 10, minDelta: 0, restoreBest: false },
    backend,
    boundaryResolution: 0,
  };
}

/** [fanIn, fanOut] of every dense layer of a case, input side first. */
export function denseShapes(c: ThroughputCase): [number, number][] {
  const widths = [ALL_FEATURES.length, ...c.hiddenLayers, 1];
  return widths.slice(1).map((out, i) => [widths[i], out]);
}

/** Multiply-adds of one sample through all dense layers (kernel weights, biases left out). */
export function weightsOf(c: ThroughputCase): number {
  return denseShapes(c).reduce((sum, [fanIn, fanOut]) => sum + fanIn * fanOut, 0);
}

/**
 * Floating-point operations of one epoch: forward + backward of dense layers is ~6·weights per
 * training sample (2 forward, 4 for the two backward products) and 2·weights per validation sample.
 */
export function epochFlops(c: ThroughputCase): number {
  const nTrain = Math.round(c.samples * c.trainRatio);
  const nVal = c.samples - nTrain;
  return weightsOf(c) * (6 * nTrain + 2 * nVal);
}

/** A trial of the parallel-workers measurements on the binary spiral (80 % for training), labelled from its fields. */
function spiralTrial(
  id: string,
  name: string,
  shape: { samples: number; hiddenLayers: number[]; batchSize: number; epochs: number },
  trialsPerWorker: number,
): ThroughputCase {
  const { samples, hiddenLayers, batchSize, epochs } = shape;
  const layers = [7, ...hiddenLayers, 1].join("→");
  return {
    id,
    label: `${name} (spiral ${samples.toLocaleString("en-US")} points, ${layers}, batch ${batchSize}, ${epochs} epochs)`,
    trainRatio: 0.8,
    matmulCeiling: false,
    ...shape,
    trialsPerWorker,
  };
}

/**
 * Search trials for the parallel-workers measurement (WebAssembly): a small, typical playground
 * trial, and a medium one that spends more of its time inside kernels than in JavaScript.
 */
export function parallelTrialCases(quick: boolean): ThroughputCase[] {
  const epochs = quick ? 5 : 10;
  return [
    // About 55 ms a trial on one worker here.
    spiralTrial(
      "small-trial",
      "small trials",
      { samples: 1000, hiddenLayers: [32, 32], batchSize: 32, epochs },
      quick ? 10 : 40,
    ),
    // About 260 ms a trial on one worker here.
    spiralTrial(
      "medium-trial",
      "medium trials",
      { samples: 2000, hiddenLayers: [128, 128], batchSize: 64, epochs },
      quick ? 3 : 8,
    ),
  ];
}

/**
 * The trials that measure how many workers suit a GPU backend: every worker shares the one GPU,
 * so this asks whether a second worker adds trials per minute there. Fewer trials per worker than
 * on WebAssembly: the software GPUs of a machine without one train these in seconds each.
 */
export function gpuWorkerCases(backend: "webgpu" | "webgl", quick: boolean): ThroughputCase[] {
  const shape = { samples: 1000, hiddenLayers: [128, 128], batchSize: 64, epochs: quick ? 2 : 4 };
  // About 6 s a trial on WebGPU and 0.7 s on WebGL here (SwiftShader).
  const trialsPerWorker = backend === "webgpu" ? (quick ? 1 : 2) : quick ? 2 : 6;
  return [spiralTrial("gpu-trial", "GPU trials", shape, trialsPerWorker)];
}
