import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import type { BackendChoice, BackendInfo, DatasetArrays, EpochReport } from "../src/shared/train";
import { createTrainWorkerApi, KEPT_DATASETS } from "./worker-api";
import { testConfig } from "./test/configs";
import { arrayConfig, builtinArrays } from "./test/datasets";

/** A shipped dataset, read from public/. */
const builtin = (id: string) =>
  builtinArrays(id, (path) => new Uint8Array(readFileSync(new URL(`../public/${path}`, import.meta.url))));

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
    // The generated 2D set's split stays (x and y of training and validation) for the next run.
    expect(api.cachedTensors()).toBe(4);
    expect(api.numTensors() - api.cachedTensors()).toBe(before);
    const afterFirst = api.numTensors();
    const again = await api.train(testConfig({ epochs: 2, learningRate: 0.01 }), () => {});
    expect(again.status).toBe("completed");
    expect(api.numTensors()).toBe(afterFirst);
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

  it("trains on handed-over arrays, keeps their split's tensors between runs, and refuses unknown data", async () => {
    const { api } = cpuApi();
    await api.init("cpu");
    const baseline = api.numTensors();
    await expect(api.train(arrayConfig("iris"), () => {})).rejects.toThrow(
      'Dataset "iris" has not been handed to this worker',
    );
    expect(api.hasData("iris")).toBe(false);
    api.loadData(builtin("iris"));
    expect(api.hasData("iris")).toBe(true);
    const first = await api.train(arrayConfig("iris", { epochs: 2 }), () => {});
    expect(first.status).toBe("completed");
    expect(first.testMetric).toBeGreaterThan(0);
    expect(api.cachedTensors()).toBe(6);
    expect(api.numTensors() - api.cachedTensors()).toBe(baseline);
    const afterFirst = api.numTensors();
    await api.train(arrayConfig("iris", { epochs: 2, learningRate: 0.05 }), () => {});
    expect(api.numTensors()).toBe(afterFirst);
    // A 2D run's generated set takes the cached split's place; switching the backend drops it.
    await api.train(testConfig({ epochs: 1 }), () => {});
    expect(api.cachedTensors()).toBe(4);
    expect(api.numTensors() - api.cachedTensors()).toBe(baseline);
    await api.init("cpu");
    expect(api.cachedTensors()).toBe(0);
    expect(api.numTensors()).toBe(baseline);
  });

  it(`keeps the ${KEPT_DATASETS} most recently loaded or used datasets and frees the tensors of the one it drops`, async () => {
    const { api } = cpuApi();
    await api.init("cpu");
    const baseline = api.numTensors();
    const iris = builtin("iris");
    const copy = (id: string): DatasetArrays => ({ ...iris, id });
    api.loadData(copy("a"));
    api.loadData(copy("b"));
    api.loadData(copy("c"));
    await api.train(arrayConfig("a", { epochs: 1 }), () => {}); // "a" becomes the most recent
    api.loadData(copy("d"));
    expect(["a", "b", "c", "d"].map((id) => api.hasData(id))).toEqual([true, false, true, true]);
    expect(api.cachedTensors()).toBe(6);
    // While a run trains on "b", loading others evicts around it, and "b" itself cannot be replaced.
    api.loadData(copy("b"));
    const running = api.train(arrayConfig("b", { epochs: 3 }), () => {});
    api.loadData(copy("e"));
    api.loadData(copy("f"));
    expect(() => api.loadData(copy("b"))).toThrow('Cannot replace dataset "b" while a training run uses it');
    expect((await running).status).toBe("completed");
    expect(["b", "e", "f"].map((id) => api.hasData(id))).toEqual([true, true, true]);
    api.loadData(copy("a"));
    expect(api.hasData("b")).toBe(false);
    expect(api.cachedTensors()).toBe(0);
    expect(api.numTensors()).toBe(baseline);
    api.loadData(copy("c"));
    await api.train(arrayConfig("a", { epochs: 1 }), () => {});
    expect(api.cachedTensors()).toBe(6);
    // Replacing "a" with new arrays drops the tensors made from the old ones.
    api.loadData(copy("a"));
    expect(api.cachedTensors()).toBe(0);
    expect(api.numTensors()).toBe(baseline);
  });

  it("refuses malformed arrays with a message naming the dataset and the problem", () => {
    const { api } = cpuApi();
    const iris = builtin("iris");
    expect(() => api.loadData({ ...iris, x: iris.x.slice(1) })).toThrow(
      /Dataset "iris": x has 599 values, expected 150 examples × 4/,
    );
    const y = iris.y.slice();
    y[7] = 3;
    expect(() => api.loadData({ ...iris, y })).toThrow(
      /label of example 7 must be a class index from 0 to 2, got 3/,
    );
    expect(() => api.loadData({ ...iris, exampleShape: [2, 2] })).toThrow(/example shape.*\[2,2\]/);
    expect(() => api.loadData({ ...iris, classNames: ["a"] })).toThrow(/expected 3 class names, got 1/);
    expect(api.hasData("iris")).toBe(false);
  });
});
