import { describe, expect, it } from "vitest";
import { FakeWorker } from "./fake-worker";
import { WorkerCrashError, WorkerPool, type CrashReport } from "./worker-pool";

interface FakeApi {
  worker: FakeWorker;
  serial: number;
}

function makePool(size: number) {
  const workers: FakeWorker[] = [];
  const crashes: CrashReport[] = [];
  const pool = new WorkerPool<FakeApi, { uses: number }>({
    size,
    create: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return { worker, api: { worker, serial: workers.length } };
    },
    initialMeta: () => ({ uses: 0 }),
    onCrash: (r) => crashes.push(r),
  });
  return { pool, workers, crashes };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("WorkerPool", () => {
  it("refuses a size that is not a positive whole number", () => {
    for (const size of [0, -1, 1.5, NaN]) {
      expect(() => makePool(size)).toThrow(
        `Worker pool size must be a whole number of at least 1, got ${size}`,
      );
    }
  });

  it("creates workers lazily and reuses a free one with its metadata", async () => {
    const { pool, workers } = makePool(2);
    expect(workers).toHaveLength(0);
    const first = await pool.run(async (slot) => {
      slot.meta.uses++;
      return slot.api.serial;
    });
    const second = await pool.run(async (slot) => {
      slot.meta.uses++;
      return [slot.api.serial, slot.meta.uses];
    });
    expect(first).toBe(1);
    expect(second).toEqual([1, 2]);
    expect(workers).toHaveLength(1);
  });

  it("runs at most `size` tasks at once and queues the rest in order", async () => {
    const { pool, workers } = makePool(2);
    const gates = [deferred<void>(), deferred<void>(), deferred<void>()];
    const order: string[] = [];
    const tasks = gates.map((gate, i) =>
      pool.run(async (slot) => {
        order.push(`start ${i} on ${slot.api.serial}`);
        await gate.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(pool.busyCount).toBe(2);
    expect(order).toEqual(["start 0 on 1", "start 1 on 2"]);
    gates[1].resolve();
    await tasks[1];
    await Promise.resolve();
    expect(order).toEqual(["start 0 on 1", "start 1 on 2", "start 2 on 2"]);
    gates[0].resolve();
    gates[2].resolve();
    expect(await Promise.all(tasks)).toEqual([0, 1, 2]);
    expect(workers).toHaveLength(2);
    expect(pool.busyCount).toBe(0);
  });

  it("rejects the running task when its worker fires error, reports it and replaces the worker", async () => {
    const { pool, workers, crashes } = makePool(1);
    const never = deferred<number>();
    const task = pool.run(() => never.promise);
    await Promise.resolve();
    workers[0].fireError("Out of memory");
    await expect(task).rejects.toBeInstanceOf(WorkerCrashError);
    await expect(task).rejects.toThrow("The training worker crashed: Out of memory");
    expect(workers[0].terminated).toBe(true);
    expect(crashes).toEqual([{ workerId: 1, cause: "error-event", message: "Out of memory" }]);
    const next = await pool.run(async (slot) => [slot.api.serial, slot.meta.uses]);
    expect(next).toEqual([2, 0]);
  });

  it("replaces a worker whose call rejected and passes the error on", async () => {
    const { pool, workers, crashes } = makePool(1);
    await expect(
      pool.run(async () => {
        throw new Error("Batch size must be at least 1, got 0");
      }),
    ).rejects.toThrow("Batch size must be at least 1, got 0");
    expect(workers[0].terminated).toBe(true);
    expect(crashes).toEqual([
      { workerId: 1, cause: "rejected-call", message: "Batch size must be at least 1, got 0" },
    ]);
    expect(await pool.run(async (slot) => slot.api.serial)).toBe(2);
  });

  it("replaces a worker that crashed while idle before the next task", async () => {
    const { pool, workers, crashes } = makePool(1);
    await pool.run(async () => 0);
    workers[0].fireError("boom");
    expect(crashes).toHaveLength(1);
    expect(await pool.run(async (slot) => slot.api.serial)).toBe(2);
  });

  it("hands a queued task a fresh worker when the busy one crashed", async () => {
    const { pool, workers } = makePool(1);
    const never = deferred<number>();
    const first = pool.run(() => never.promise);
    const second = pool.run(async (slot) => slot.api.serial);
    await Promise.resolve();
    workers[0].fireError("boom");
    await expect(first).rejects.toThrow("boom");
    expect(await second).toBe(2);
  });

  it("terminates a worker on request without reporting a crash", async () => {
    const { pool, workers, crashes } = makePool(1);
    const never = deferred<number>();
    const task = pool.run((slot) => {
      queueMicrotask(() => pool.terminate(slot, "Stopped by the page"));
      return never.promise;
    });
    await expect(task).rejects.toThrow("Stopped by the page");
    expect(workers[0].terminated).toBe(true);
    expect(crashes).toEqual([]);
    expect(await pool.run(async (slot) => slot.api.serial)).toBe(2);
  });

  it("terminates everything and refuses later tasks", async () => {
    const { pool, workers } = makePool(2);
    await pool.run(async () => 0);
    pool.terminateAll();
    expect(workers[0].terminated).toBe(true);
    await expect(pool.run(async () => 0)).rejects.toThrow("The worker pool has been shut down");
  });

  it("takes its listeners off every worker it ends, so a terminated worker does not keep the pool alive", async () => {
    const { pool, workers } = makePool(2);
    await Promise.all([pool.run(async () => 0), pool.run(async () => 0)]);
    expect(workers.map((w) => w.listening)).toEqual([2, 2]);
    workers[0].fireError("out of memory");
    expect(workers[0].listening).toBe(0);
    pool.terminateAll();
    expect(workers.map((w) => [w.terminated, w.listening])).toEqual([
      [true, 0],
      [true, 0],
    ]);
  });
});
