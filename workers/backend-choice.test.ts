import { describe, expect, it } from "vitest";
import type { BackendChoice } from "../src/shared/train";
import {
  autoReason,
  isSoftwareDescription,
  notesFor,
  planBackends,
  probeCapabilities,
  probeWasm,
  simdProbeModule,
  summarizeCapabilities,
  type WasmProbe,
  type WebGlProbe,
  type WebGpuProbe,
} from "./backend-choice";

const gpu = (adapter: string, isFallbackAdapter = false): WebGpuProbe => ({
  available: true,
  isFallbackAdapter,
  adapter,
});
const noGpu: WebGpuProbe = {
  available: false,
  isFallbackAdapter: false,
  adapter: "",
  error: "navigator.gpu is missing",
};
const gl = (renderer: string): WebGlProbe => ({ available: true, renderer });
const noGl: WebGlProbe = { available: false, renderer: "", error: "no OffscreenCanvas" };

describe("planBackends", () => {
  it("auto takes a hardware WebGPU adapter first", () => {
    const plan = planBackends("auto", gpu("nvidia / ampere / NVIDIA GeForce RTX 3060"), gl("ANGLE (NVIDIA)"));
    expect(plan.candidates).toEqual(["webgpu", "webgl", "wasm", "cpu"]);
    expect(plan.skipped).toEqual([]);
  });

  it("auto skips a fallback or SwiftShader WebGPU adapter and a software WebGL renderer", () => {
    const plan = planBackends(
      "auto",
      gpu("google / swiftshader / SwiftShader Device (Subzero)"),
      gl("ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)"),
    );
    expect(plan.candidates).toEqual(["wasm", "cpu"]);
    expect(plan.skipped).toEqual([
      "WebGPU adapter is software (SwiftShader)",
      "WebGL renderer is software (SwiftShader)",
    ]);
    expect(planBackends("auto", gpu("", true), gl("llvmpipe (LLVM 15.0.7, 256 bits)")).skipped).toEqual([
      "WebGPU adapter is a fallback adapter (software)",
      "WebGL renderer is software (llvmpipe)",
    ]);
  });

  it("auto uses hardware WebGL when there is no WebGPU", () => {
    const plan = planBackends("auto", noGpu, gl("ANGLE (Intel, Mesa Intel(R) UHD Graphics 620)"));
    expect(plan.candidates).toEqual(["webgl", "wasm", "cpu"]);
    expect(plan.skipped).toEqual(["no WebGPU adapter (navigator.gpu is missing)"]);
    expect(planBackends("auto", noGpu, noGl).candidates).toEqual(["wasm", "cpu"]);
  });

  it("a forced backend comes first, even on a software adapter, then falls back to slower ones", () => {
    expect(planBackends("webgpu", gpu("swiftshader", true), null).candidates).toEqual([
      "webgpu",
      "webgl",
      "wasm",
      "cpu",
    ]);
    expect(planBackends("wasm", null, null).candidates).toEqual(["wasm", "cpu"]);
    expect(planBackends("cpu", null, null).candidates).toEqual(["cpu"]);
    expect(() => planBackends("tpu" as BackendChoice, null, null)).toThrow(/"tpu"/);
  });
});

describe("isSoftwareDescription", () => {
  it("recognises software renderers and not hardware ones", () => {
    for (const s of ["SwiftShader", "llvmpipe (LLVM 12)", "Microsoft Basic Render Driver", "google / cpu"]) {
      expect(isSoftwareDescription(s), s).toBe(true);
    }
    for (const s of [
      "ANGLE (Apple, Apple M1, OpenGL 4.1)",
      "AMD Radeon Pro",
      "intel / gen-12lp / cpuid-free",
    ]) {
      expect(isSoftwareDescription(s), s).toBe(false);
    }
  });
});

const wasm: WasmProbe = { simd: true, threads: true, sharedMemory: true };
const found = (webgpu: WebGpuProbe, webgl: WebGlProbe) => ({
  webgpu,
  webgl,
  wasm,
  crossOriginIsolated: true,
  hardwareConcurrency: 2,
});

describe("summarizeCapabilities", () => {
  it("predicts auto's backend with the reason initBackend gives when that backend starts", () => {
    const swiftshader = gpu("google / swiftshader / SwiftShader Device (Subzero)", true);
    const angle = gl("ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)");
    const caps = summarizeCapabilities(found(swiftshader, angle));
    expect(caps.auto).toEqual({
      backend: "wasm",
      reason: autoReason("wasm", [
        "WebGPU adapter is a fallback adapter (SwiftShader)",
        "WebGL renderer is software (SwiftShader)",
      ]),
    });
    expect(caps.auto.reason).toBe(
      "auto: WebAssembly because WebGPU adapter is a fallback adapter (SwiftShader); WebGL renderer is software (SwiftShader)",
    );
    expect(caps.webgpu.software).toBe(true);
    expect(caps.webgl.software).toBe(true);
    expect(caps.hardwareConcurrency).toBe(2);
  });

  it("takes a hardware adapter, and calls nothing software that is missing", () => {
    const caps = summarizeCapabilities(found(gpu("apple / metal-3 / Apple M2"), noGl));
    expect(caps.auto).toEqual({ backend: "webgpu", reason: "auto: WebGPU (hardware)" });
    expect(caps.webgpu.software).toBe(false);
    expect(caps.webgl.software).toBe(false);
    const onlyGl = summarizeCapabilities(found(noGpu, gl("ANGLE (Intel, Mesa Intel(R) UHD Graphics 620)")));
    expect(onlyGl.auto.backend).toBe("webgl");
    expect(onlyGl.auto.reason).toBe("auto: WebGL because no WebGPU adapter (navigator.gpu is missing)");
  });
});

describe("notesFor", () => {
  it("names only the backends ahead of the one auto ends on, then the failures to start", () => {
    const plan = planBackends("auto", gpu("nvidia / ampere / RTX"), noGl);
    expect(notesFor(plan, "webgpu")).toEqual([]);
    expect(notesFor(plan, "wasm", ["WebGPU failed to start"])).toEqual([
      "no WebGL 2 (no OffscreenCanvas)",
      "WebGPU failed to start",
    ]);
  });
});

describe("the probes, run in Node", () => {
  it("the SIMD probe module needs SIMD: it validates, and fails once its v128 result is declared i32", () => {
    expect(WebAssembly.validate(simdProbeModule())).toBe(true);
    expect(WebAssembly.validate(simdProbeModule(0x7f))).toBe(false);
    expect(probeWasm()).toEqual({ simd: true, threads: true, sharedMemory: true });
  });

  it("find no GPU here and predict WebAssembly, naming what is missing", async () => {
    const caps = await probeCapabilities();
    expect(caps.webgpu.available).toBe(false);
    expect(caps.webgl).toMatchObject({ available: false, error: "no OffscreenCanvas" });
    expect(caps.auto.backend).toBe("wasm");
    expect(caps.auto.reason).toMatch(
      /^auto: WebAssembly because no WebGPU adapter \(.+\); no WebGL 2 \(no OffscreenCanvas\)$/,
    );
    expect(caps.crossOriginIsolated).toBe(false);
    expect(caps.hardwareConcurrency === null || caps.hardwareConcurrency >= 1).toBe(true);
  });
});
