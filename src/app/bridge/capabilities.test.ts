import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Capabilities } from "../../../workers/backend-choice";
import type { WorkerHandle, WorkerLike } from "./worker-pool";
import type { TrainWorker } from "./train-workers";

type Bridge = typeof import("./capabilities");
let bridge: Bridge;
beforeEach(async () => {
  // The detection and the probe worker are module state: each test starts from a fresh module.
  vi.resetModules();
  bridge = await import("./capabilities");
});

const FOUND: Capabilities = {
  webgpu: { available: true, isFallbackAdapter: true, adapter: "google / swiftshader", software: true },
  webgl: { available: true, renderer: "ANGLE (SwiftShader)", software: true },
  wasm: { simd: true, threads: true, sharedMemory: true },
  crossOriginIsolated: true,
  hardwareConcurrency: 4,
  auto: { backend: "wasm", reason: "auto: WebAssembly because …" },
};

/** A fake training worker whose capabilities() answers when `answer` is called. */
function fakeWorker() {
  let listener: ((e: Event) => void) | null = null;
  let answer: (c: Capabilities) => void = () => {};
  const worker: WorkerLike & { terminated: boolean } = {
    terminated: false,
    addEventListener: (_type, l) => (listener = l),
    removeEventListener: (_type, l) => {
      if (listener === l) listener = null;
    },
    terminate() {
      this.terminated = true;
    },
  };
  const api = { capabilities: () => new Promise<Capabilities>((resolve) => (answer = resolve)) };
  const handle = { worker, api } as unknown as WorkerHandle<TrainWorker>;
  return {
    handle,
    worker,
    answer: (c: Capabilities) => answer(c),
    fail: (message: string) => listener?.({ type: "error", message } as unknown as Event),
  };
}

describe("suggestedWorkers", () => {
  it("gives one worker per core to CPU and WebAssembly, up to the limit given", () => {
    expect(bridge.suggestedWorkers("wasm", 2)).toBe(2);
    expect(bridge.suggestedWorkers("cpu", 6)).toBe(6);
    expect(bridge.suggestedWorkers("wasm", 64)).toBe(64);
    expect(bridge.suggestedWorkers("wasm", 64, 8)).toBe(8);
    expect(bridge.suggestedWorkers("wasm", 1, 8)).toBe(1);
  });

  it("gives GPU backends GPU_WORKERS", () => {
    expect(bridge.suggestedWorkers("webgpu", 8)).toBe(bridge.GPU_WORKERS);
    expect(bridge.suggestedWorkers("webgl", 2)).toBe(bridge.GPU_WORKERS);
    expect(bridge.GPU_WORKERS).toBe(1);
  });

  it("refuses a bad core count or backend, naming it", () => {
    expect(() => bridge.suggestedWorkers("wasm", 0)).toThrow(/got 0/);
    expect(() => bridge.suggestedWorkers("wasm", 2.5)).toThrow(/got 2.5/);
    expect(() => bridge.suggestedWorkers("tpu" as "cpu", 2)).toThrow(/"tpu"/);
    expect(() => bridge.suggestedWorkers("wasm", 2, 0)).toThrow(/got 0/);
  });

  it("explains itself and resolves auto with the capabilities found", () => {
    expect(bridge.suggestedWorkersReason("wasm", 2)).toBe(
      "2 workers: one per core, as each trial keeps a core busy",
    );
    expect(bridge.suggestedWorkersReason("cpu", 16)).toMatch(/^16 workers: /);
    expect(bridge.suggestedWorkersReason("webgpu", 4)).toMatch(/^1 worker: /);
    expect(bridge.resolveBackend("auto", FOUND)).toBe("wasm");
    expect(bridge.resolveBackend("webgl", FOUND)).toBe("webgl");
    expect(bridge.coresOf(FOUND)).toBe(4);
  });
});

describe("detectCapabilities", () => {
  it("asks one worker once and terminates it when no view claims it", async () => {
    const fake = fakeWorker();
    const create = vi.fn(() => fake.handle);
    const first = bridge.detectCapabilities(create);
    expect(bridge.detectCapabilities(create)).toBe(first);
    fake.answer(FOUND);
    await expect(first).resolves.toEqual(FOUND);
    expect(create).toHaveBeenCalledTimes(1);
    expect(fake.worker.terminated).toBe(true);
    expect(bridge.takeProbeWorker()).toBeNull();
  });

  it("keeps the worker for a claiming view, which takes it once", async () => {
    const release = bridge.claimProbeWorker();
    const fake = fakeWorker();
    const detection = bridge.detectCapabilities(() => fake.handle);
    fake.answer(FOUND);
    await detection;
    expect(fake.worker.terminated).toBe(false);
    expect(bridge.takeProbeWorker()).toBe(fake.handle);
    expect(bridge.takeProbeWorker()).toBeNull();
    release();
    expect(fake.worker.terminated).toBe(false); // taken: the view's pool owns it now
  });

  it("terminates a kept worker when the claiming view goes without taking it", async () => {
    const release = bridge.claimProbeWorker();
    const fake = fakeWorker();
    const detection = bridge.detectCapabilities(() => fake.handle);
    fake.answer(FOUND);
    await detection;
    release();
    release(); // twice is harmless
    expect(fake.worker.terminated).toBe(true);
  });

  it("rejects with the worker's error, and a later call tries again with a new worker", async () => {
    const broken = fakeWorker();
    const detection = bridge.detectCapabilities(() => broken.handle);
    broken.fail("Failed to fetch the worker script");
    await expect(detection).rejects.toThrow(
      "Could not detect the capabilities: The training worker failed to start: Failed to fetch the worker script",
    );
    expect(broken.worker.terminated).toBe(true);
    const good = fakeWorker();
    const again = bridge.detectCapabilities(() => good.handle);
    good.answer(FOUND);
    await expect(again).resolves.toBe(FOUND);
  });
});
