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
  planBackends,
  webGlObjection,
  webGpuObjection,
  type WebGlProbe,
  type WebGpuProbe,
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

const LABELS: Record<BackendName, string> = {
  webgpu: "WebGPU",
  webgl: "WebGL",
  wasm: "WebAssembly",
  cpu: "CPU",
};

/** Asks for a WebGPU adapter and describes it; never throws. */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  const gpu = (self.navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu)
    return { available: false, isFallbackAdapter: false, adapter: "", error: "navigator.gpu is missing" };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
    if (!adapter)
      return {
        available: false,
        isFallbackAdapter: false,
        adapter: "",
        error: "requestAdapter returned null",
      };
    const info = adapter.info as GPUAdapterInfo | undefined;
    // isFallbackAdapter moved from the adapter to adapter.info; read both.
    const legacy = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
    const description = info
      ? [info.vendor, info.architecture, info.description].filter(Boolean).join(" / ")
      : "";
    return {
      available: true,
      isFallbackAdapter: Boolean(info?.isFallbackAdapter ?? legacy),
      adapter: description,
    };
  } catch (err) {
    return { available: false, isFallbackAdapter: false, adapter: "", error: String(err) };
  }
}

/** Creates a throwaway WebGL 2 context on an OffscreenCanvas and reads its renderer; never throws. */
export function probeWebGl(): WebGlProbe {
  try {
    if (typeof OffscreenCanvas === "undefined")
      return { available: false, renderer: "", error: "no OffscreenCanvas" };
    const gl = new OffscreenCanvas(1, 1).getContext("webgl2");
    if (!gl) return { available: false, renderer: "", error: "getContext('webgl2') returned null" };
    const debug = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? "");
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return { available: true, renderer };
  } catch (err) {
    return { available: false, renderer: "", error: String(err) };
  }
}

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
    const notes = [...plan.skipped, ...failed];
    let reason: string;
    if (choice === "auto")
      reason = `auto: ${LABELS[name]}${notes.length ? ` because ${notes.join("; ")}` : " (hardware)"}`;
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
