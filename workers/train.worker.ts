/** The training Web Worker: exposes the training API through comlink. The page imports only its type. */
import * as Comlink from "comlink";
import { initBackend } from "./backend";
import { createTrainWorkerApi } from "./worker-api";

const api = createTrainWorkerApi(initBackend);

export type TrainWorkerApi = typeof api;

Comlink.expose(api);
