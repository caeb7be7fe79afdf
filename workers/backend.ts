/**
 * Picks and starts the tfjs backend inside the worker. "auto" prefers hardware: WebGPU on a real
 * (non-fallback, non-software) adapter, else WebGL on a hardware renderer, else WebAssembly, else
 * the plain-JavaScript CPU backend. tf.setBackend() resolves false and leaves the old backend in
 * place when one fails to start, so every attempt is checked and the reason reported honestly.
 * This module imports the WebGPU and WebAssembly backends: import it from the worker only.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-webgpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import wasmPlainUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url";
import wasmSimdUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";
import wasmThreadedSimdUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url";
import type { BackendChoice, BackendInfo, BackendName } from "../src/shared/train";
import {
  autoReason,
  notesFor,
  BACKEND_LABELS as LABELS,
  planBackends,
  probeWebGl,
  probeWebGpu,
  webGlObjection,
  webGpuObjection,
} from "./backend-choice";

// Vite serves the binaries under hashed names, so the backend is told each file's URL.
setWasmPaths({
  "tfjs-backend-wasm.wasm": wasmPlainUrl,
  "tfjs-backend-wasm-simd.wasm": wasmSimdUrl,
  "tfjs-backend-wasm-threaded-simd.wasm": wasmThreadedSimdUrl,
});
// The multithreaded WASM build hangs when loaded from a minified Vite bundle (tfjs issue 4539),
// and we already run several workers side by side, so each worker uses single-threaded WASM.
tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);

/** Tries to make `name` the active backend; true only if tfjs really switched to it. */
async function trySetBackend(name: BackendName): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** Selects and initialises a backend for `choice`, and says which one runs and why. */
export async function initBackend(choice: BackendChoice): Promise<BackendInfo> {
  const webgpu = choice === "auto" || choice === "webgpu" ? await probeWebGpu() : null;
  const webgl = choice === "auto" || choice === "webgl" ? probeWebGl() : null;
  const plan = planBackends(choice, webgpu, webgl);
  const failed: string[] = [];
  for (const name of plan.candidates) {
    if (!(await trySetBackend(name))) {
      failed.push(`${LABELS[name]} failed to start`);
      continue;
    }
    const notes = notesFor(plan, name, failed);
    let reason: string;
    if (choice === "auto") reason = autoReason(name, notes);
    else if (name === choice) reason = `forced: ${LABELS[name]}`;
    else reason = `forced ${LABELS[choice]}, but ${failed.join("; ")}: fell back to ${LABELS[name]}`;
    const info: BackendInfo = { name, reason };
    if (name === "webgpu" && webgpu) {
      info.adapter = webgpu.adapter;
      info.isFallbackAdapter = webgpu.isFallbackAdapter;
      const objection = webGpuObjection(webgpu);
      if (objection) info.reason += ` (${objection})`;
    }
    if (name === "webgl" && webgl) {
      info.adapter = webgl.renderer;
      const objection = webGlObjection(webgl);
      if (objection) info.reason += ` (${objection})`;
    }
    return info;
  }
  throw new Error(`No TensorFlow.js backend could start (${failed.join("; ")})`);
}
