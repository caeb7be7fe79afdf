import { describe, expect, it } from "vitest";
import type { BackendChoice } from "../src/shared/train";
import { isSoftwareDescription, planBackends, type WebGlProbe, type WebGpuProbe } from "./backend-choice";

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
