/**
 * What the machine offers for training, asked of a training worker (where training runs, so the
 * page and the worker cannot disagree), and how many workers suit each backend. The probe worker
 * is kept for the playground's first run when the playground is there to use it, so its start-up
 * (loading TensorFlow.js) is not paid twice; otherwise it is terminated once it has answered.
 */
import type { BackendChoice, BackendName } from "../../shared/train";
import type { Capabilities } from "../../../workers/backend-choice";
import { createTrainWorker, type TrainWorker } from "./train-workers";
import type { WorkerHandle } from "./worker-pool";

export type { Capabilities } from "../../../workers/backend-choice";

/**
 * Workers for a GPU backend. All workers share the one GPU, so a second worker adds no arithmetic,
 * only a second context and copy of the data. `npm run bench` measures trials per minute with 1
 * and 2 workers on WebGPU and WebGL ("Workers on a GPU backend" in BENCHMARKS.md): on the 2-core
 * test machine's software GPUs (SwiftShader) a second worker added nothing (0.95-1.05×), where
 * WebAssembly gains 1.7-1.9×.
 */
export const GPU_WORKERS = 1;

/**
 * The number of training workers that suits `backend` on a machine with `cores` logical cores:
 * one per core for CPU and WebAssembly (each trial keeps one core busy), GPU_WORKERS for WebGPU
 * and WebGL; at most `limit` (a study passes its MAX_WORKERS; this module does not import the
 * study code, which would pull the whole search engine into the page's first bundle).
 */
export function suggestedWorkers(
  backend: BackendName,
  cores: number,
  limit = Number.POSITIVE_INFINITY,
): number {
  if (!Number.isInteger(cores) || cores < 1) {
    throw new Error(`Cores must be a whole number of at least 1, got ${cores}`);
  }
  if (!(limit >= 1)) throw new Error(`The limit of workers must be at least 1, got ${limit}`);
  switch (backend) {
    case "cpu":
    case "wasm":
      return Math.floor(Math.min(cores, limit));
    case "webgpu":
    case "webgl":
      return Math.floor(Math.min(GPU_WORKERS, cores, limit));
    default:
      throw new Error(`Unknown backend "${String(backend)}" (expected webgpu, webgl, wasm or cpu)`);
  }
}

/** Why suggestedWorkers() says what it says, in a sentence for the person. */
export function suggestedWorkersReason(backend: BackendName, cores: number): string {
  const n = suggestedWorkers(backend, cores);
  const workers = `${n} worker${n === 1 ? "" : "s"}`;
  if (backend === "cpu" || backend === "wasm")
    return `${workers}: one per core, as each trial keeps a core busy`;
  return `${workers}: workers share the one GPU, and a second one did not reliably add trials per minute`;
}

/** The backend a choice runs on: "auto" is resolved with the capabilities found. */
export function resolveBackend(choice: BackendChoice, capabilities: Capabilities): BackendName {
  return choice === "auto" ? capabilities.auto.backend : choice;
}

/** Logical cores: what the worker reported, else the page's navigator, else 1. */
export function coresOf(capabilities: Capabilities | null): number {
  const fromWorker = capabilities?.hardwareConcurrency;
  if (fromWorker) return fromWorker;
  const fromPage = typeof navigator === "undefined" ? 0 : navigator.hardwareConcurrency;
  return Number.isInteger(fromPage) && fromPage > 0 ? fromPage : 1;
}

let detection: Promise<Capabilities> | null = null;
/** The probe worker, until the playground takes it or it is terminated. */
let probeWorker: WorkerHandle<TrainWorker> | null = null;
/** Views that may train soon and would take the probe worker for it. */
let claims = 0;
let probed = false;

function dropUnclaimedWorker(): void {
  if (probeWorker && probed && claims === 0) {
    probeWorker.worker.terminate();
    probeWorker = null;
  }
}

/**
 * Asks a training worker what this machine offers; the first call starts the probe, later calls
 * share its answer. Rejects with a clear message when the worker cannot start or answer.
 */
export function detectCapabilities(
  create: () => WorkerHandle<TrainWorker> = createTrainWorker,
): Promise<Capabilities> {
  if (detection) return detection;
  const handle = create();
  probeWorker = handle;
  const failed = new Promise<never>((_, reject) =>
    handle.worker.addEventListener("error", (event) => {
      const message = (event as Partial<ErrorEvent>).message;
      reject(new Error(`The training worker failed to start: ${message || "no message"}`));
    }),
  );
  detection = Promise.race([handle.api.capabilities(), failed]).then(
    (capabilities) => {
      probed = true;
      dropUnclaimedWorker();
      return capabilities;
    },
    (error: unknown) => {
      // A worker the playground has taken is its pool's to replace; only an untaken one is ended here.
      if (probeWorker === handle) {
        probeWorker = null;
        handle.worker.terminate();
      }
      detection = null; // a later call tries again
      throw new Error(
        `Could not detect the capabilities: ${error instanceof Error ? error.message : String(error)}`,
      );
    },
  );
  return detection;
}

/**
 * Says that a view may train soon and would use the probe worker (so it is not terminated after
 * probing). Returns the release, which terminates the worker if nobody took it.
 */
export function claimProbeWorker(): () => void {
  claims++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    claims--;
    dropUnclaimedWorker();
  };
}

/** Hands over the probe worker (at most once); null when there is none to take. */
export function takeProbeWorker(): WorkerHandle<TrainWorker> | null {
  const handle = probeWorker;
  probeWorker = null;
  return handle;
}
