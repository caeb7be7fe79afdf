/**
 * The workers a study trains its trials on, seen through the little the study needs of them:
 * run a task on a free worker, start its backend once, hand it an array dataset once, train with
 * a per-epoch callback, stop, and terminate one that does not answer. The real pool is the bridge's; tests give fake workers
 * to the same WorkerPool.
 */
import type {
  BackendChoice,
  BackendInfo,
  DatasetArrays,
  EpochReport,
  TrainConfig,
  TrainResult,
} from "../../shared/train";
import { callback, createTrainWorkerPool, ensureData, type WorkerDataMeta } from "../bridge/train-workers";
import { WorkerPool, type CrashReport, type PoolSlot } from "../bridge/worker-pool";

/** What the study calls on a training worker (the worker's comlink API, as the page sees it). */
export interface TrainerApi {
  init(choice: BackendChoice): Promise<BackendInfo>;
  train(config: TrainConfig, onEpoch: (report: EpochReport) => void | Promise<void>): Promise<TrainResult>;
  stop(): Promise<void> | void;
  /** Keeps an array dataset in the worker for trainings that name it. */
  loadData(arrays: DatasetArrays): Promise<void> | void;
}

export interface TrainerMeta extends WorkerDataMeta {
  backendChoice: BackendChoice | null;
  backend: BackendInfo | null;
}

/** One worker, while a task runs on it. */
export interface Trainer {
  /** The pool's id of the worker (a replaced worker gets a new one). */
  readonly workerId: number;
  /** Starts the backend on first use (or when the choice changed); returns what runs. */
  ensureBackend(choice: BackendChoice): Promise<BackendInfo>;
  /** Hands the worker an array dataset unless it holds it already (the bridge's ensureData). */
  ensureData(arrays: DatasetArrays): Promise<void>;
  train(config: TrainConfig, onEpoch: (report: EpochReport) => Promise<void>): Promise<TrainResult>;
  stop(): Promise<void>;
}

export interface TrainerPool {
  run<T>(task: (trainer: Trainer) => Promise<T>): Promise<T>;
  /** Terminates a worker that does not answer; its task rejects with a WorkerCrashError. */
  terminate(trainer: Trainer, reason: string): void;
  terminateAll(): void;
}

/** Makes a TrainerPool of a WorkerPool; `wrap` prepares the epoch callback for the worker (comlink's proxy). */
export function trainerPool<Api extends TrainerApi>(
  pool: WorkerPool<Api, TrainerMeta>,
  wrap: (fn: (report: EpochReport) => Promise<void>) => (report: EpochReport) => Promise<void> = (fn) => fn,
): TrainerPool {
  const slots = new WeakMap<Trainer, PoolSlot<Api, TrainerMeta>>();
  const trainerOf = (slot: PoolSlot<Api, TrainerMeta>): Trainer => {
    const trainer: Trainer = {
      workerId: slot.id,
      async ensureBackend(choice) {
        if (slot.meta.backend && slot.meta.backendChoice === choice) return slot.meta.backend;
        const info = await slot.api.init(choice);
        slot.meta.backendChoice = choice;
        slot.meta.backend = info;
        return info;
      },
      ensureData: (arrays) => ensureData(slot, arrays),
      train: (config, onEpoch) => slot.api.train(config, wrap(onEpoch)),
      stop: async () => {
        await slot.api.stop();
      },
    };
    slots.set(trainer, slot);
    return trainer;
  };
  return {
    run: (task) => pool.run((slot) => task(trainerOf(slot))),
    terminate(trainer, reason) {
      const slot = slots.get(trainer);
      if (slot) pool.terminate(slot, reason);
    },
    terminateAll: () => pool.terminateAll(),
  };
}

/** The real pool: `size` training Web Workers. */
export function createStudyTrainerPool(size: number, onCrash: (report: CrashReport) => void): TrainerPool {
  // The comlink proxy of the worker API has exactly these methods, with promises for results.
  const pool = createTrainWorkerPool(size, onCrash) as unknown as WorkerPool<TrainerApi, TrainerMeta>;
  return trainerPool(pool, (fn) => callback(fn) as unknown as typeof fn);
}
