/// <reference types="@webgpu/types" />
/// <reference types="vite/client" />
/**
 * Kernel-level profile of one run of the trainer (trainModel, called directly) and of model.fit on
 * the same case, for `--profile`: which kernels each side dispatches per training step, and how long
 * they take. When the trainer is slower than model.fit, this shows where the extra work is.
 */
import * as Comlink from "comlink";
import * as tf from "@tensorflow/tfjs";
import type { BackendChoice, BackendName } from "../../src/shared/train";
import { initBackend } from "../../workers/backend";
import { trainModel } from "../../workers/trainer";
import { throughputConfig, type ThroughputCase } from "./cases";
import { fitCase } from "./fit-baseline";

/** Per kernel name: dispatches and milliseconds (when the backend can time kernels) over the whole run. */
export interface KernelProfile {
  kernels: { name: string; count: number; ms: number }[];
  wallMs: number;
  /** False when the backend could not time kernels (the ms are then 0). */
  timed: boolean;
}

const api = {
  init: (choice: BackendChoice) => initBackend(choice),

  async profile(c: ThroughputCase, side: "trainer" | "fit"): Promise<KernelProfile> {
    const run =
      side === "trainer"
        ? () =>
            trainModel(
              throughputConfig(c, tf.getBackend() as BackendName),
              () => {},
              () => false,
              tf,
            )
        : () => fitCase(c);
    const started = performance.now();
    const info = await tf.profile(async () => {
      await run();
    });
    const wallMs = performance.now() - started;
    const byName = new Map<string, { name: string; count: number; ms: number }>();
    let timed = true;
    for (const k of info.kernels) {
      // Matrix products are told apart by shape: a slow one points at its layer and direction.
      const name = /MatMul/.test(k.name)
        ? `${k.name} ${k.inputShapes
            .filter((s) => s != null)
            .map((s) => `[${s.join("×")}]`)
            .join("·")}→[${k.outputShapes[0]?.join("×")}]`
        : k.name;
      const entry = byName.get(name) ?? { name, count: 0, ms: 0 };
      entry.count++;
      if (typeof k.kernelTimeMs === "number") entry.ms += k.kernelTimeMs;
      else timed = false;
      byName.set(name, entry);
    }
    return { kernels: [...byName.values()], wallMs, timed };
  },
};

export type ProfileWorkerApi = typeof api;

Comlink.expose(api);
