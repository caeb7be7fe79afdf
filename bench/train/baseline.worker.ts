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

export type MatmulForm = "autodiff" | "explicit";

const api = {
  init: (choice: BackendChoice) => initBackend(choice),

  /** model.fit of the case's network (see fit-baseline.ts). */
  fit: (c: ThroughputCase): Promise<FitTiming> => fitCase(c),

  /**
   * Milliseconds for `steps` repetitions of the products of one training step of dense layers of
   * these shapes at this batch size: forward X·W, backward dY·Wᵀ and Xᵀ·dY for every layer.
   * "autodiff" issues them as tfjs's matMul gradient does (transpose flags on the product);
   * "explicit" transposes the operand first and multiplies plainly, which some backends run on a
   * much faster path (WebAssembly's XNNPACK only takes untransposed products).
   */
  async matmulLoop(
    shapes: [number, number][],
    batch: number,
    steps: number,
    form: MatmulForm,
  ): Promise<number> {
    const operands = shapes.map(([fanIn, fanOut]) => ({
      x: tf.randomNormal([batch, fanIn]) as tf.Tensor2D,
      w: tf.randomNormal([fanIn, fanOut]) as tf.Tensor2D,
      dy: tf.randomNormal([batch, fanOut]) as tf.Tensor2D,
    }));
    const step = (): tf.Tensor =>
      tf.tidy(() => {
        let last: tf.Tensor | null = null;
        for (const { x, w: weights, dy } of operands) {
          // Training changes the weights every step, so each step gets a fresh weight tensor: a
          // backend that caches work per weight tensor (XNNPACK packs it) must redo it, as in training.
          const w = tf.add(weights, 0) as tf.Tensor2D;
          tf.matMul(x, w);
          if (form === "autodiff") {
            tf.matMul(dy, w, false, true);
            last = tf.matMul(x, dy, true, false);
          } else {
            tf.matMul(dy, tf.transpose(w));
            last = tf.matMul(tf.transpose(x), dy);
          }
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

  /**
   * Milliseconds for a fixed amount of plain JavaScript arithmetic. Run in one and in two workers at
   * once, it shows how much of a second core the machine gives right now (it is shared), which
   * bounds the speed-up parallel trials can reach.
   */
  busyLoop(iterations: number): number {
    const started = performance.now();
    let x = 0;
    for (let i = 0; i < iterations; i++) x = (x * 1.000001 + Math.sqrt(i)) % 1e6;
    if (Number.isNaN(x)) throw new Error("busyLoop produced NaN"); // Keeps x alive: the loop cannot be dropped.
    return performance.now() - started;
  },

  numTensors: () => tf.memory().numTensors,
};

export type BaselineWorkerApi = typeof api;

Comlink.expose(api);
