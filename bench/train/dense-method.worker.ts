/**
 * The app's trainer worker API with two additions: the dense-product method can be forced, so the
 * bench can time the same trainer with tfjs's fused product and with the transposed-gradient one
 * (workers/dense-op.ts) side by side, in one session (`--dense-methods`); and host kernels
 * (workers/host-kernels.ts) can be turned off, so `--host-kernels` can time the trainer with and
 * without them in one session.
 */
import * as Comlink from "comlink";
import { initBackend } from "../../workers/backend";
import { forceDenseMethod, type DenseMethod } from "../../workers/dense-op";
import { forceHostKernels } from "../../workers/host-kernels";
import { createTrainWorkerApi } from "../../workers/worker-api";

const api = {
  ...createTrainWorkerApi(initBackend),
  /** Every later run of this worker uses `method` (null: the backend's own choice, as in the app). */
  forceDenseMethod: (method: DenseMethod | null): void => forceDenseMethod(method),
  /** Every later run of this worker uses host kernels or not (null: the backend's own choice). */
  forceHostKernels: (use: boolean | null): void => forceHostKernels(use),
};

export type DenseMethodWorkerApi = typeof api;

Comlink.expose(api);
