/** The training Web Worker: exposes the training API through comlink. The page imports only its type. */
import * as Comlink from "comlink";
import { initBackend } from "./backend";
import { createTrainWorkerApi } from "./worker-api";

const api = createTrainWorkerApi(initBackend);

export type TrainWorkerApi = typeof api;

Comlink.expose(api);

// Held for the worker's whole life and released by the browser when the worker ends in any way
// (terminate, self.close, a crash): the page waits on the same lock to learn that it died.
const aliveLock = `tunelab-worker-alive:${self.name}`;
void navigator.locks?.request(aliveLock, () => {
  self.postMessage({ tunelabAlive: aliveLock });
  return new Promise<never>(() => {});
});
