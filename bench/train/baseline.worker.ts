/// <reference types="@webgpu/types" />
/// <reference types="vite/client" />
/**
 * The yardsticks the trainer is measured against, in their own worker on the same backend: a bare
 * tfjs model.fit of the same network on the same data, and a bare loop of the matrix products one
 * training step of that network needs. The backend is started by the worker's own initBackend, so
 * both sides run with identical backend flags (e.g. single-threaded WebAssembly).
 */
import * as Comlink from "comlink";
import * as tf from "@tensorflow/tfjs";
import type { BackendChoice } from "../../src/shared/train";
import { initBackend } from "../../workers/backend";
import type { ThroughputCase } from "./cases";
import { fitCase, type FitTiming } from "./fit-baseline";

const api = {
  init: (choice: BackendChoice) => initBackend(choice),

  /** model.fit of the case's network (see fit-baseline.ts). */
  fit: (c: ThroughputCase): Promise<FitTiming> => fitCase(c),

  /**
   * Milliseconds for `steps` repetitions of the products of one training step of dense layers of
   * these shapes at this batch size: forward X·W, and backward Xᵀ·dY and dY·Wᵀ for every layer.
   */
  async matmulLoop(shapes: [number, number][], batch: number, steps: number): Promise<number> {
    const operands = shapes.map(([fanIn, fanOut]) => ({
      x: tf.randomNormal([batch, fanIn]) as tf.Tensor2D,
      w: tf.randomNormal([fanIn, fanOut]) as tf.Tensor2D,
      dy: tf.randomNormal([batch, fanOut]) as tf.Tensor2D,
    }));
    const step = (): tf.Tensor =>
      tf.tidy(() => {
        let last: tf.Tensor | null = null;
        for (const { x, w, dy } of operands) {
          tf.matMul(x, w);
          tf.matMul(x, dy, true, false);
          last = tf.matMul(dy, w, false, true);
        }
        return last!;
      });
    try {
      // Warm-up: compiles shaders / programs for these shapes, and waits for the device to be idle.
      const warm = step();
      await warm.data();
      warm.dispose();
      const started = performance.now();
      let last: tf.Tensor | null = null;
      for (let s = 0; s < steps; s++) {
        last?.dispose();
        last = step();
      }
      // Reading the last product waits for every queued product before it (in-order device queue).
      await last!.data();
      const ms = performance.now() - started;
      last!.dispose();
      return ms;
    } finally {
      for (const o of operands) tf.dispose([o.x, o.w, o.dy]);
    }
  },

  numTensors: () => tf.memory().numTensors,
};

export type BaselineWorkerApi = typeof api;

Comlink.expose(api);
