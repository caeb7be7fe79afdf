/**
 * The only place that starts training workers. The page knows the worker through its API type
 * alone (`import type`), so TensorFlow.js is loaded by the worker and never by the page.
 */
import * as Comlink from "comlink";
import type { BackendChoice, BackendInfo } from "../../shared/train";
import type { TrainWorkerApi } from "../../../workers/train.worker";
import type { WorkerDataMeta } from "./worker-data";
import { watchForDeath } from "./worker-death";
import { WorkerPool, type CrashReport, type WorkerHandle } from "./worker-pool";

export { ensureData, WORKER_DATASET_CAPACITY, type DataReceiver, type WorkerDataMeta } from "./worker-data";

export type TrainWorker = Comlink.Remote<TrainWorkerApi>;

/**
 * What the app remembers about a training worker: the backend it was initialised for, and the
 * ids of the datasets it holds (`loadedDataIds`, kept by `ensureData`).
 */
export interface TrainWorkerMeta extends WorkerDataMeta {
  backendChoice: BackendChoice | null;
  backend: BackendInfo | null;
}

export type TrainWorkerPool = WorkerPool<TrainWorker, TrainWorkerMeta>;

let workerCount = 0;

/** Starts one training worker. */
export function createTrainWorker(): WorkerHandle<TrainWorker> {
  const worker = new Worker(new URL("../../../workers/train.worker.ts", import.meta.url), {
    type: "module",
    name: `train-${++workerCount}-${crypto.randomUUID()}`,
  });
  watchForDeath(worker);
  return { worker, api: Comlink.wrap<TrainWorkerApi>(worker) };
}

/** A pool of `size` training workers (the playground uses one, studies several). */
export function createTrainWorkerPool(
  size: number,
  onCrash?: (report: CrashReport) => void,
): TrainWorkerPool {
  return new WorkerPool<TrainWorker, TrainWorkerMeta>({
    size,
    create: createTrainWorker,
    initialMeta: () => ({ backendChoice: null, backend: null, loadedDataIds: [] }),
    onCrash,
  });
}

/**
 * Makes sure the worker runs on the chosen backend, initialising it on first use or when the
 * choice changed, and returns what it runs on.
 */
export async function ensureBackend(
  slot: { api: TrainWorker; meta: TrainWorkerMeta },
  choice: BackendChoice,
): Promise<BackendInfo> {
  if (slot.meta.backend && slot.meta.backendChoice === choice) return slot.meta.backend;
  const info = await slot.api.init(choice);
  slot.meta.backendChoice = choice;
  slot.meta.backend = info;
  return info;
}

/** Wraps a page function so the worker can call it back (comlink passes a proxy, not a copy). */
export function callback<Args extends unknown[]>(
  fn: (...args: Args) => void,
): ((...args: Args) => void) & Comlink.ProxyMarked {
  return Comlink.proxy(fn);
}
