import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/playground-config";
import { MAX_WORKERS, defaultStudyConfig } from "../../core/study/study-config";
import type { Capabilities } from "../bridge/capabilities";
import type { BackendChoice, BackendName } from "../../shared/train";
import { suggestStudyWorkers } from "./study-suggested-workers";

function found(auto: BackendName, cores: number | null): () => Promise<Capabilities> {
  return async () => ({ hardwareConcurrency: cores, auto: { backend: auto, reason: "" } }) as Capabilities;
}

const configOn = (backend: BackendChoice) => defaultStudyConfig({ ...defaultConfig(), backend });

describe("suggestStudyWorkers", () => {
  it("suggests one worker per core on WebAssembly and the CPU, at most MAX_WORKERS", async () => {
    expect(await suggestStudyWorkers(configOn("auto"), found("wasm", 4))).toEqual({
      workers: 4,
      reason: expect.stringMatching(/^4 workers: one per core/),
    });
    expect((await suggestStudyWorkers(configOn("cpu"), found("webgl", 64)))?.workers).toBe(MAX_WORKERS);
  });

  it("suggests one worker on a GPU backend, whether chosen or picked by auto", async () => {
    const onGpu = await suggestStudyWorkers(configOn("auto"), found("webgpu", 16));
    expect(onGpu).toEqual({
      workers: 1,
      reason: expect.stringMatching(/^1 worker: workers share the one GPU/),
    });
    expect((await suggestStudyWorkers(configOn("webgl"), found("wasm", 16)))?.workers).toBe(1);
  });

  it("gives no suggestion when the capabilities cannot be found", async () => {
    const failing = async (): Promise<Capabilities> => {
      throw new Error("Could not detect the capabilities: no worker");
    };
    expect(await suggestStudyWorkers(configOn("auto"), failing)).toBeNull();
  });
});
