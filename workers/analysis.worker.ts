/** The analysis Web Worker: exposes the analysis API through comlink. The page imports only its type. */
import * as Comlink from "comlink";
import { analysisApi } from "./analysis-api";

export type AnalysisWorkerApi = typeof analysisApi;

Comlink.expose(analysisApi);

// Held for the worker's whole life and released by the browser when the worker ends in any way:
// the page waits on the same lock to learn that it died (see src/app/bridge/worker-death.ts).
const aliveLock = `tunelab-worker-alive:${self.name}`;
void navigator.locks?.request(aliveLock, () => {
  self.postMessage({ tunelabAlive: aliveLock });
  return new Promise<never>(() => {});
});
