/**
 * Starts the analysis worker (workers/analysis.worker.ts), which fits parameter importance off the
 * page's main thread. Like the training workers, the page knows it through its API type alone.
 */
import * as Comlink from "comlink";
import type { AnalysisWorkerApi } from "../../../workers/analysis.worker";
import type { ImportanceOutcome, ImportanceRequest } from "../../shared/analysis";
import { watchForDeath } from "./worker-death";
import { WorkerPool, type WorkerHandle } from "./worker-pool";

export type AnalysisWorker = Comlink.Remote<AnalysisWorkerApi>;

/** Starts one analysis worker. */
export function createAnalysisWorker(): WorkerHandle<AnalysisWorker> {
  const worker = new Worker(new URL("../../../workers/analysis.worker.ts", import.meta.url), {
    type: "module",
    name: `analysis-${crypto.randomUUID()}`,
  });
  watchForDeath(worker);
  return { worker, api: Comlink.wrap<AnalysisWorkerApi>(worker) };
}

/** The analysis worker as the page uses it. */
export interface AnalysisClient {
  /** Fits parameter importance; rejects (with the reason) when the worker fails or crashes. */
  importance(request: ImportanceRequest): Promise<ImportanceOutcome>;
  /** Terminates the worker; later calls are refused. */
  terminate(): void;
}

/**
 * How long a fit may take before its worker is taken for stuck and terminated: far longer than
 * fANOVA needs for thousands of trials, so only a worker that stopped answering meets it.
 */
export const FIT_TIMEOUT_MS = 120_000;

/**
 * One analysis worker, started by the first call (so a page that never fits starts none); a worker
 * that crashes, or does not answer within `timeoutMs`, is terminated, its call rejects, and the
 * next call starts a fresh one.
 */
export function createAnalysisClient(
  create: () => WorkerHandle<AnalysisWorker> = createAnalysisWorker,
  timeoutMs = FIT_TIMEOUT_MS,
): AnalysisClient {
  const pool = new WorkerPool<AnalysisWorker>({
    size: 1,
    create,
    initialMeta: () => undefined,
    kind: "analysis worker",
  });
  return {
    importance: (request) =>
      pool.run(async (slot): Promise<ImportanceOutcome> => {
        const timer = setTimeout(
          () => pool.terminate(slot, `The analysis worker did not answer within ${timeoutMs / 1000} s`),
          timeoutMs,
        );
        try {
          return await slot.api.importance(request);
        } finally {
          clearTimeout(timer);
        }
      }),
    terminate: () => pool.terminateAll(),
  };
}
