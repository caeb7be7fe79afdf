/**
 * The pure half of backend selection: what the probes of WebGPU and WebGL found, and the order in
 * which "auto" tries the backends. Kept free of tfjs so that it can be tested anywhere.
 */
import type { BackendChoice, BackendName } from "../src/shared/train";

export interface WebGpuProbe {
  /** An adapter was returned by navigator.gpu.requestAdapter(). */
  available: boolean;
  isFallbackAdapter: boolean;
  /** vendor / architecture / description of adapter.info, joined for display; empty when unknown. */
  adapter: string;
  /** Why no adapter, when there is none. */
  error?: string;
}

export interface WebGlProbe {
  available: boolean;
  /** The unmasked renderer string (WEBGL_debug_renderer_info) or, without it, the plain RENDERER. */
  renderer: string;
  error?: string;
}

/** Fastest first; also the order a forced backend falls back through when it fails to start. */
export const FALLBACK_ORDER: BackendName[] = ["webgpu", "webgl", "wasm", "cpu"];

const SOFTWARE_PATTERN = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render|\bcpu\b/i;

/** True when an adapter or renderer description names a software implementation (SwiftShader, llvmpipe, ...). */
export function isSoftwareDescription(text: string): boolean {
  return SOFTWARE_PATTERN.test(text);
}

/** The software implementation a description names, for messages (e.g. "SwiftShader"), or "software". */
export function softwareName(text: string): string {
  const match = text.match(/swiftshader|llvmpipe|softpipe|lavapipe/i);
  if (!match) return "software";
  const names: Record<string, string> = {
    swiftshader: "SwiftShader",
    llvmpipe: "llvmpipe",
    softpipe: "softpipe",
    lavapipe: "lavapipe",
  };
  return names[match[0].toLowerCase()];
}

/** Why a WebGPU adapter is not worth using, or null when it is a hardware adapter. */
export function webGpuObjection(probe: WebGpuProbe): string | null {
  if (!probe.available) return `no WebGPU adapter${probe.error ? ` (${probe.error})` : ""}`;
  if (probe.isFallbackAdapter) return `WebGPU adapter is a fallback adapter (${softwareName(probe.adapter)})`;
  if (isSoftwareDescription(probe.adapter))
    return `WebGPU adapter is software (${softwareName(probe.adapter)})`;
  return null;
}

/** Why the WebGL renderer is not worth using, or null when it is hardware. */
export function webGlObjection(probe: WebGlProbe): string | null {
  if (!probe.available) return `no WebGL 2${probe.error ? ` (${probe.error})` : ""}`;
  if (isSoftwareDescription(probe.renderer))
    return `WebGL renderer is software (${softwareName(probe.renderer)})`;
  return null;
}

export interface BackendPlan {
  /** Backends to try, in order; the first that starts is used. */
  candidates: BackendName[];
  /** Reasons the backends ahead of the candidates were passed over (auto only). */
  skipped: string[];
}

/** The backends to try for a choice: a forced one first (then the usual fallbacks), or auto's hardware-first order. */
export function planBackends(
  choice: BackendChoice,
  webgpu: WebGpuProbe | null,
  webgl: WebGlProbe | null,
): BackendPlan {
  if (choice !== "auto") {
    if (!FALLBACK_ORDER.includes(choice)) {
      throw new Error(`Unknown backend "${String(choice)}" (expected auto, ${FALLBACK_ORDER.join(", ")})`);
    }
    // A forced backend that fails to start falls back to the ones after it (never to a faster one).
    return { candidates: FALLBACK_ORDER.slice(FALLBACK_ORDER.indexOf(choice)), skipped: [] };
  }
  const skipped: string[] = [];
  const candidates: BackendName[] = [];
  const gpuObjection = webgpu ? webGpuObjection(webgpu) : "WebGPU not probed";
  if (gpuObjection) skipped.push(gpuObjection);
  else candidates.push("webgpu");
  const glObjection = webgl ? webGlObjection(webgl) : "WebGL not probed";
  if (glObjection) skipped.push(glObjection);
  else candidates.push("webgl");
  candidates.push("wasm", "cpu");
  return { candidates, skipped };
}
