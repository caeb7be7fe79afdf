import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import type { BackendChoice, BackendInfo, EpochReport } from "../src/shared/train";
import { createTrainWorkerApi } from "./worker-api";
import { testConfig } from "./test/configs";

/** The worker's API on the CPU backend (the real initialiser needs a browser). */
function cpuApi() {
  const choices: BackendChoice[] = [];
  const api = createTrainWorkerApi(async (choice): Promise<BackendInfo> => {
    choices.push(choice);
    await tf.setBackend("cpu");
    return { name: "cpu", reason: `test: ${choice}` };
  });
  return { api, choices };
}

describe("train worker API", () => {
  it("initialises the backend of the config when init() was not called, and trains", async () => {
    const { api, choices } = cpuApi();
    const before = api.numTensors();
    const result = await api.train(testConfig({ epochs: 2 }), () => {});
    expect(choices).toEqual(["cpu"]);
    expect(result.status).toBe("completed");
    expect(api.numTensors()).toBe(before);
  });

  it("stop() during a run ends it with status stopped; stop() when idle does nothing", async () => {
    const { api } = cpuApi();
    await api.init("auto");
    api.stop();
    const reports: EpochReport[] = [];
    const result = await api.train(testConfig({ epochs: 5 }), (r) => {
      reports.push(r);
      if (r.epoch === 2) api.stop();
    });
    expect(result.status).toBe("stopped");
    expect(reports.length).toBe(2);
  });

  it("refuses a second run while one is in progress, and reports bad input clearly", async () => {
    const { api } = cpuApi();
    const first = api.train(testConfig({ epochs: 2 }), () => {});
    await expect(api.train(testConfig(), () => {})).rejects.toThrow(/already training/);
    await expect(api.init("wasm")).rejects.toThrow(/while a training run is in progress/);
    await first;
    await expect(api.train(testConfig({ batchSize: -4 }), () => {})).rejects.toThrow(/Batch size.*-4/);
  });
});
