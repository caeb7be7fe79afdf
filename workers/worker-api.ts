/**
 * The training worker's API as a plain object, so it can be tested in Node; train.worker.ts only
 * exposes it with comlink. One run at a time per worker (the pool runs several workers).
 */
import * as tf from "@tensorflow/tfjs";
import type {
  BackendChoice,
  BackendInfo,
  DatasetArrays,
  EpochReport,
  TrainConfig,
  TrainResult,
} from "../src/shared/train";
import { probeCapabilities, type Capabilities } from "./backend-choice";
import { DataCache } from "./data-tensors";
import { trainModel } from "./trainer";
import { validateDatasetArrays } from "./validate-data";

/** How many handed-over datasets a worker keeps (the least recently loaded or used goes first). */
export const KEPT_DATASETS = 3;

/** Builds the API around a backend initialiser (the worker's real one, or a CPU-only one in tests). */
export function createTrainWorkerApi(initBackend: (choice: BackendChoice) => Promise<BackendInfo>) {
  let backend: BackendInfo | null = null;
  let running = false;
  let stopRequested = false;
  /** The array dataset the current run trains on (never evicted under it). */
  let inUse: string | null = null;
  /** Handed-over datasets by id, least recently loaded or used first. */
  const datasets = new Map<string, DatasetArrays>();
  const cache = new DataCache();

  const drop = (id: string): void => {
    const old = datasets.get(id);
    if (!old) return;
    datasets.delete(id);
    cache.forget(old);
  };

  const api = {
    /** Picks and initialises the backend; returns what runs and why. */
    async init(choice: BackendChoice): Promise<BackendInfo> {
      if (running)
        throw new Error(`Cannot switch the backend to "${choice}" while a training run is in progress`);
      // Tensors of the old backend are not carried over: the next run uploads its data again.
      cache.clear();
      backend = await initBackend(choice);
      return backend;
    },

    /**
     * Keeps a dataset's arrays for runs that name its id (replacing any earlier arrays of that id).
     * Only the KEPT_DATASETS most recently loaded or used stay; bad arrays throw naming the problem.
     */
    loadData(arrays: DatasetArrays): void {
      validateDatasetArrays(arrays);
      if (arrays.id === inUse) {
        throw new Error(`Cannot replace dataset "${arrays.id}" while a training run uses it`);
      }
      drop(arrays.id);
      datasets.set(arrays.id, arrays);
      while (datasets.size > KEPT_DATASETS) drop([...datasets.keys()].find((id) => id !== inUse)!);
    },

    /** Whether the arrays of dataset `id` are here (so the page knows whether to send them). */
    hasData(id: string): boolean {
      return datasets.has(id);
    },

    /**
     * Trains; calls onEpoch after every epoch (awaited); resolves with the result. Errors reject
     * with a clear message. Without a prior init(), the backend of config.backend is started first.
     * An array dataset must have been handed over with loadData().
     */
    async train(config: TrainConfig, onEpoch: (r: EpochReport) => void): Promise<TrainResult> {
      if (running)
        throw new Error("This worker is already training; stop the current run or wait for it to finish");
      running = true;
      stopRequested = false;
      try {
        if (!backend) backend = await initBackend(config?.backend ?? "auto");
        const lookup = (id: string): DatasetArrays | undefined => {
          const arrays = datasets.get(id);
          if (arrays) {
            inUse = id;
            // Using a dataset makes it the most recent, so a study's data is not the one evicted.
            datasets.delete(id);
            datasets.set(id, arrays);
          }
          return arrays;
        };
        return await trainModel(config, onEpoch, () => stopRequested, tf, { datasets: lookup, cache });
      } finally {
        running = false;
        inUse = null;
      }
    },

    /** Asks the running train() to stop after the current batch; it resolves with status "stopped". */
    stop(): void {
      if (running) stopRequested = true;
    },

    /**
     * What this worker's thread offers (WebGPU adapter, WebGL 2 renderer, WebAssembly SIMD and
     * threads, isolation, cores) and the backend "auto" would pick from it. Starts no backend, so it
     * may be called at any time, during a run too.
     */
    capabilities(): Promise<Capabilities> {
      return probeCapabilities();
    },

    /** tf.memory().numTensors, for leak checks (it includes cachedTensors()). */
    numTensors(): number {
      return tf.memory().numTensors;
    },

    /**
     * Tensors this worker keeps on purpose between runs: the split of the last array dataset trained
     * on, or of the last 2D data set. numTensors() − cachedTensors() stays the same from run to run.
     */
    cachedTensors(): number {
      return cache.tensorCount;
    },
  };
  return api;
}
