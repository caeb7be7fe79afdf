/**
 * The training worker's API as a plain object, so it can be tested in Node; train.worker.ts only
 * exposes it with comlink. One run at a time per worker (the pool runs several workers).
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendChoice, BackendInfo, EpochReport, TrainConfig, TrainResult } from "../src/shared/train";
import { trainModel } from "./trainer";

/** Builds the API around a backend initialiser (the worker's real one, or a CPU-only one in tests). */
export function createTrainWorkerApi(initBackend: (choice: BackendChoice) => Promise<BackendInfo>) {
  let backend: BackendInfo | null = null;
  let running = false;
  let stopRequested = false;

  const api = {
    /** Picks and initialises the backend; returns what runs and why. */
    async init(choice: BackendChoice): Promise<BackendInfo> {
      if (running)
        throw new Error(`Cannot switch the backend to "${choice}" while a training run is in progress`);
      backend = await initBackend(choice);
      return backend;
    },

    /**
     * Trains; calls onEpoch after every epoch (awaited); resolves with the result. Errors reject
     * with a clear message. Without a prior init(), the backend of config.backend is started first.
     */
    async train(config: TrainConfig, onEpoch: (r: EpochReport) => void): Promise<TrainResult> {
      if (running)
        throw new Error("This worker is already training; stop the current run or wait for it to finish");
      running = true;
      stopRequested = false;
      try {
        if (!backend) backend = await initBackend(config?.backend ?? "auto");
        return await trainModel(config, onEpoch, () => stopRequested, tf);
      } finally {
        running = false;
      }
    },

    /** Asks the running train() to stop after the current batch; it resolves with status "stopped". */
    stop(): void {
      if (running) stopRequested = true;
    },

    /** tf.memory().numTensors, for leak checks. */
    numTensors(): number {
      return tf.memory().numTensors;
    },
  };
  return api;
}
