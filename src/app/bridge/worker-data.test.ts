import * as Comlink from "comlink";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DatasetArrays } from "../../shared/train";
import { ensureData, WORKER_DATASET_CAPACITY, type DataReceiver, type WorkerDataMeta } from "./worker-data";

function arrays(id: string, rows = 4): DatasetArrays {
  return {
    id,
    task: "binary",
    classes: 2,
    classNames: ["no", "yes"],
    featureNames: ["a", "b"],
    exampleShape: [2],
    x: Float32Array.from({ length: rows * 2 }, (_, i) => i / 2),
    xScale: 1,
    y: Float32Array.from({ length: rows }, (_, i) => i % 2),
    standardize: true,
    sourceTestCount: 0,
  };
}

/**
 * A worker-side stand-in behind a real comlink message channel: keeps what it was handed (by id,
 * least recently loaded first, at most `capacity`), and answers hasData unless `withHasData` is false.
 */
function remoteReceiver(withHasData = true, capacity = WORKER_DATASET_CAPACITY) {
  const received: DatasetArrays[] = [];
  const kept = new Map<string, DatasetArrays>();
  let failNext = false;
  const impl: { loadData(a: DatasetArrays): void; hasData?(id: string): boolean } = {
    loadData(a: DatasetArrays): void {
      if (failNext) {
        failNext = false;
        throw new Error("Out of memory");
      }
      received.push(a);
      kept.delete(a.id);
      kept.set(a.id, a);
      while (kept.size > capacity) kept.delete(kept.keys().next().value!);
    },
  };
  if (withHasData) impl.hasData = (id) => kept.has(id);
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(impl, port1);
  const post = vi.spyOn(port2, "postMessage");
  const api = Comlink.wrap<typeof impl>(port2);
  const close = (): void => {
    api[Comlink.releaseProxy]();
    port1.close();
    port2.close();
  };
  // A comlink proxy answers every property name, so a worker without hasData is a plain object here.
  const receiver: DataReceiver = withHasData
    ? (api as unknown as DataReceiver)
    : { loadData: (a) => api.loadData(a) };
  return { api: receiver, received, kept, post, close, failOnce: () => (failNext = true) };
}

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
  vi.restoreAllMocks();
});

describe("ensureData", () => {
  it("transfers a copy once per worker, leaving the page's arrays intact", async () => {
    const remote = remoteReceiver();
    closers.push(remote.close);
    const slot = { api: remote.api, meta: { loadedDataIds: [] } as WorkerDataMeta };
    const iris = arrays("iris");

    await ensureData(slot, iris);
    expect(remote.received).toHaveLength(1);
    const got = remote.received[0];
    expect(got.id).toBe("iris");
    expect(Array.from(got.x)).toEqual(Array.from(iris.x));
    expect(Array.from(got.y)).toEqual(Array.from(iris.y));
    expect(got.classNames).toEqual(["no", "yes"]);
    // The copy's buffers went in the transfer list (and are detached now); the page's own still hold their data.
    const transferList = remote.post.mock.calls[0][1] as ArrayBuffer[];
    expect(transferList).toHaveLength(2);
    expect(transferList.map((b) => b.byteLength)).toEqual([0, 0]);
    expect(transferList).not.toContain(iris.x.buffer);
    expect(iris.x.byteLength).toBe(32);
    expect(iris.x[3]).toBe(1.5);
    expect(slot.meta.loadedDataIds).toEqual(["iris"]);

    await ensureData(slot, iris);
    expect(remote.received).toHaveLength(1);
  });

  it("copies only the view of arrays that lie inside a larger buffer", async () => {
    const remote = remoteReceiver();
    closers.push(remote.close);
    const file = new ArrayBuffer(1024);
    const x = new Float32Array(file, 64, 8).fill(7);
    const y = new Float32Array(file, 512, 4).fill(1);
    const slot = { api: remote.api, meta: { loadedDataIds: [] } as WorkerDataMeta };
    await ensureData(slot, { ...arrays("digits"), x, y });
    expect(remote.received[0].x.buffer.byteLength).toBe(32);
    expect(remote.received[0].y.buffer.byteLength).toBe(16);
    expect(Array.from(remote.received[0].x)).toEqual(Array(8).fill(7));
    expect(file.byteLength).toBe(1024);
  });

  it("sends again what the worker dropped to make room, and what another worker has not got", async () => {
    const remote = remoteReceiver(false);
    closers.push(remote.close);
    const slot = { api: remote.api, meta: { loadedDataIds: [] } as WorkerDataMeta };
    const ids = Array.from({ length: WORKER_DATASET_CAPACITY + 1 }, (_, i) => `set-${i}`);
    for (const id of ids) await ensureData(slot, arrays(id));
    expect(slot.meta.loadedDataIds).toEqual(ids.slice(1));
    await ensureData(slot, arrays("set-0"));
    expect(remote.received.map((a) => a.id)).toEqual([...ids, "set-0"]);
    expect(slot.meta.loadedDataIds).toEqual([...ids.slice(2), "set-0"]);

    const other = remoteReceiver();
    closers.push(other.close);
    const otherSlot = { api: other.api, meta: { loadedDataIds: [] } as WorkerDataMeta };
    await ensureData(otherSlot, arrays("set-0"));
    expect(other.received.map((a) => a.id)).toEqual(["set-0"]);
  });

  it("treats a use as recent, as the worker does, so the dataset in use is not the one forgotten", async () => {
    const remote = remoteReceiver(false);
    closers.push(remote.close);
    const slot = { api: remote.api, meta: { loadedDataIds: [] } as WorkerDataMeta };
    for (const id of ["a", "b", "c", "a", "d"]) await ensureData(slot, arrays(id));
    expect(slot.meta.loadedDataIds).toEqual(["c", "a", "d"]);
    expect(remote.received.map((a) => a.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("asks the worker before trusting its memory, and sends again what the worker no longer has", async () => {
    const remote = remoteReceiver(true);
    closers.push(remote.close);
    const slot = { api: remote.api, meta: { loadedDataIds: [] } as WorkerDataMeta };
    await ensureData(slot, arrays("iris"));
    await ensureData(slot, arrays("iris"));
    expect(remote.received).toHaveLength(1);
    // The worker dropped it in a way the page did not see (here: cleared behind its back).
    remote.kept.clear();
    await ensureData(slot, arrays("iris"));
    expect(remote.received.map((a) => a.id)).toEqual(["iris", "iris"]);
    expect(slot.meta.loadedDataIds).toEqual(["iris"]);
  });

  it("remembers nothing when the worker refuses the data, so the next call tries again", async () => {
    const remote = remoteReceiver();
    closers.push(remote.close);
    const slot = { api: remote.api, meta: { loadedDataIds: [] } as WorkerDataMeta };
    remote.failOnce();
    await expect(ensureData(slot, arrays("wine"))).rejects.toThrow("Out of memory");
    expect(slot.meta.loadedDataIds).toEqual([]);
    await ensureData(slot, arrays("wine"));
    expect(remote.received.map((a) => a.id)).toEqual(["wine"]);
  });
});
