/**
 * The tfjs-free half of backend selection: what the probes of WebGPU and WebGL found, the order in
 * which "auto" tries the backends, and the capability report shown to the person, with the probes
 * that fill it (they only read browser APIs and report what is missing). Kept free of tfjs so that
 * it runs anywhere, tests in Node included, and a worker can answer capabilities() cheaply.
 */
import type { BackendChoice, BackendName } from "../src/shared/train";

export interface WebGpuProbe {
  /** An adapter was returned by navigator.gpu.requestAdapter(). */
  available: boolean;
  isFallbackAdapter: boolean;
  /** vendor / architecture / description of adapter.info, joined for display; empty when unknown. */
  adapter: string;
  /** adapter.info's fields, each empty when the browser does not say. */
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** Why no adapter, when there is none. */
  error?: string;
}

export interface WebGlProbe {
  available: boolean;
  /** The unmasked renderer string (WEBGL_debug_renderer_info) or, without it, the plain RENDERER. */
  renderer: string;
  /** The unmasked vendor string, when the browser tells it. */
  vendor?: string;
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
  /** The same reasons, each with the backend it passes over. */
  passedOver: { backend: BackendName; reason: string }[];
}

/** What to say for ending on `name`: the objections to the backends ahead of it, then the failures to start. */
export function notesFor(plan: BackendPlan, name: BackendName, failed: string[] = []): string[] {
  const rank = FALLBACK_ORDER.indexOf(name);
  const ahead = plan.passedOver.filter((p) => FALLBACK_ORDER.indexOf(p.backend) < rank).map((p) => p.reason);
  return [...ahead, ...failed];
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
    return { candidates: FALLBACK_ORDER.slice(FALLBACK_ORDER.indexOf(choice)), skipped: [], passedOver: [] };
  }
  const passedOver: { backend: BackendName; reason: string }[] = [];
  const candidates: BackendName[] = [];
  const gpuObjection = webgpu ? webGpuObjection(webgpu) : "WebGPU not probed";
  if (gpuObjection) passedOver.push({ backend: "webgpu", reason: gpuObjection });
  else candidates.push("webgpu");
  const glObjection = webgl ? webGlObjection(webgl) : "WebGL not probed";
  if (glObjection) passedOver.push({ backend: "webgl", reason: glObjection });
  else candidates.push("webgl");
  candidates.push("wasm", "cpu");
  return { candidates, skipped: passedOver.map((p) => p.reason), passedOver };
}

/** Display names of the backends, as reasons and the capability panel spell them. */
export const BACKEND_LABELS: Record<BackendName, string> = {
  webgpu: "WebGPU",
  webgl: "WebGL",
  wasm: "WebAssembly",
  cpu: "CPU",
};

/** Why "auto" ended on `name`: the objections to the faster backends and the failures to start, if any. */
export function autoReason(name: BackendName, notes: string[]): string {
  return `auto: ${BACKEND_LABELS[name]}${notes.length ? ` because ${notes.join("; ")}` : " (hardware)"}`;
}

export interface WasmProbe {
  /** The browser validates a module that uses 128-bit SIMD (tfjs then loads its SIMD build). */
  simd: boolean;
  /** The browser validates shared WebAssembly memory (the threads proposal). */
  threads: boolean;
  /** SharedArrayBuffer can be created here, which needs cross-origin isolation in browsers. */
  sharedMemory: boolean;
}

/** What the training worker found about the machine, and what "auto" makes of it. */
export interface Capabilities {
  webgpu: WebGpuProbe & { software: boolean };
  webgl: WebGlProbe & { software: boolean };
  wasm: WasmProbe;
  /** self.crossOriginIsolated where the probe ran (COOP and COEP headers on the page). */
  crossOriginIsolated: boolean;
  /** navigator.hardwareConcurrency (logical cores), or null when the browser does not say. */
  hardwareConcurrency: number | null;
  /** The backend "auto" starts when it starts without error, and the reason init() would give. */
  auto: { backend: BackendName; reason: string };
}

/** Puts the probes' findings together and predicts "auto" with the same plan initBackend follows. */
export function summarizeCapabilities(found: {
  webgpu: WebGpuProbe;
  webgl: WebGlProbe;
  wasm: WasmProbe;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number | null;
}): Capabilities {
  const plan = planBackends("auto", found.webgpu, found.webgl);
  const backend = plan.candidates[0];
  return {
    webgpu: { ...found.webgpu, software: found.webgpu.available && webGpuObjection(found.webgpu) !== null },
    webgl: { ...found.webgl, software: found.webgl.available && webGlObjection(found.webgl) !== null },
    wasm: found.wasm,
    crossOriginIsolated: found.crossOriginIsolated,
    hardwareConcurrency: found.hardwareConcurrency,
    auto: { backend, reason: autoReason(backend, notesFor(plan, backend)) },
  };
}

// The smallest modules that need each feature: a function returning a v128 constant (SIMD), and a
// shared memory of one page (threads). WebAssembly.validate compiles nothing and never throws.
const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
/** A module whose one function returns `v128.const 0`; with `resultType` other than v128 (0x7b) it is invalid. */
export function simdProbeModule(resultType = 0x7b): Uint8Array<ArrayBuffer> {
  const body = [0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b];
  return new Uint8Array([
    ...WASM_HEADER,
    ...[0x01, 0x05, 0x01, 0x60, 0x00, 0x01, resultType], // type section: () -> resultType
    ...[0x03, 0x02, 0x01, 0x00], // function section: one function of type 0
    ...[0x0a, body.length + 2, 0x01, body.length, ...body], // code section
  ]);
}
const SHARED_MEMORY_MODULE = new Uint8Array([...WASM_HEADER, 0x05, 0x04, 0x01, 0x03, 0x01, 0x01]);

/** Which WebAssembly features the current thread's engine offers; never throws. */
export function probeWasm(): WasmProbe {
  const validate = (bytes: Uint8Array<ArrayBuffer>): boolean => {
    try {
      return typeof WebAssembly === "object" && WebAssembly.validate(bytes);
    } catch {
      return false;
    }
  };
  let sharedMemory: boolean;
  try {
    sharedMemory = typeof SharedArrayBuffer === "function" && new SharedArrayBuffer(1).byteLength === 1;
  } catch {
    sharedMemory = false;
  }
  return { simd: validate(simdProbeModule()), threads: validate(SHARED_MEMORY_MODULE), sharedMemory };
}

interface GpuNavigator {
  gpu?: {
    requestAdapter(options?: { powerPreference?: "high-performance" | "low-power" }): Promise<{
      info?: {
        vendor?: string;
        architecture?: string;
        device?: string;
        description?: string;
        isFallbackAdapter?: boolean;
      };
      isFallbackAdapter?: boolean;
    } | null>;
  };
}

/** Asks for a WebGPU adapter and describes it; never throws. */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  const none = (error: string): WebGpuProbe => ({
    available: false,
    isFallbackAdapter: false,
    adapter: "",
    error,
  });
  const gpu = (globalThis.navigator as GpuNavigator | undefined)?.gpu;
  if (!gpu) return none("navigator.gpu is missing");
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
    if (!adapter) return none("requestAdapter returned null");
    const info = adapter.info;
    const vendor = info?.vendor ?? "";
    const architecture = info?.architecture ?? "";
    const device = info?.device ?? "";
    const description = info?.description ?? "";
    return {
      available: true,
      // isFallbackAdapter moved from the adapter to adapter.info; read both.
      isFallbackAdapter: Boolean(info?.isFallbackAdapter ?? adapter.isFallbackAdapter),
      adapter: [vendor, architecture, description].filter(Boolean).join(" / "),
      vendor,
      architecture,
      device,
      description,
    };
  } catch (err) {
    return none(String(err));
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
    const vendor = String(gl.getParameter(debug ? debug.UNMASKED_VENDOR_WEBGL : gl.VENDOR) ?? "");
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return { available: true, renderer, vendor };
  } catch (err) {
    return { available: false, renderer: "", error: String(err) };
  }
}

/** Probes everything the capability panel shows, in the thread that calls it (the training worker). */
export async function probeCapabilities(): Promise<Capabilities> {
  const scope = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  const cores = scope.navigator?.hardwareConcurrency;
  return summarizeCapabilities({
    webgpu: await probeWebGpu(),
    webgl: probeWebGl(),
    wasm: probeWasm(),
    crossOriginIsolated: scope.crossOriginIsolated === true,
    hardwareConcurrency: typeof cores === "number" && cores > 0 ? cores : null,
  });
}
