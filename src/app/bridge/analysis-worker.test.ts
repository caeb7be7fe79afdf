import { afterEach, describe, expect, it, vi } from "vitest";
import type { ImportanceOutcome, ImportanceRequest } from "../../shared/analysis";
import { analysisApi } from "../../../workers/analysis-api";
import { createAnalysisClient, type AnalysisWorker } from "./analysis-worker";
import { FakeWorker } from "./fake-worker";
import { WorkerCrashError, type WorkerHandle } from "./worker-pool";

/** A stand-in for the analysis Worker: answers with the real implementation, or never, and can fire `error`. */
class FakeAnalysisWorker extends FakeWorker {
  hang = false;
  importance(request: ImportanceRequest): Promise<ImportanceOutcome> {
    if (this.hang) return new Promise(() => {});
    return Promise.resolve(analysisApi.importance(structuredClone(request)));
  }
}

function fakes(timeoutMs?: number) {
  const workers: FakeAnalysisWorker[] = [];
  const create = (): WorkerHandle<AnalysisWorker> => {
    const worker = new FakeAnalysisWorker();
    workers.push(worker);
    return { worker, api: worker as unknown as AnalysisWorker };
  };
  return { workers, client: createAnalysisClient(create, timeoutMs) };
}

const request: ImportanceRequest = {
  space: { x: { type: "float", low: 0, high: 1 }, y: { type: "int", low: 0, high: 3 } },
  trials: [0.1, 0.4, 0.7, 0.9].map((x, i) => ({
    number: i,
    params: { x, y: i % 4 },
    state: "complete" as const,
    value: x * 2,
    intermediate: {},
  })),
  direction: "minimize",
};

describe("createAnalysisClient", () => {
  it("starts its worker on the first fit only, and keeps it for the next", async () => {
    const { workers, client } = fakes();
    expect(workers).toHaveLength(0);
    const first = await client.importance(request);
    expect(first).toHaveProperty("importance");
    await client.importance(request);
    expect(workers).toHaveLength(1);
  });

  it("a crash rejects the fit in flight with a message naming the analysis worker; the next fit gets a fresh worker", async () => {
    const { workers, client } = fakes();
    await client.importance(request);
    workers[0].hang = true;
    const fit = client.importance(request);
    await Promise.resolve();
    workers[0].fireError("Out of memory");
    await expect(fit).rejects.toBeInstanceOf(WorkerCrashError);
    await expect(fit).rejects.toThrow("The analysis worker crashed: Out of memory");
    expect(workers[0].terminated).toBe(true);
    expect(await client.importance(request)).toHaveProperty("importance");
    expect(workers).toHaveLength(2);
  });

  it("terminate ends the worker and refuses later fits", async () => {
    const { workers, client } = fakes();
    await client.importance(request);
    client.terminate();
    expect(workers[0].terminated).toBe(true);
    await expect(client.importance(request)).rejects.toThrow("The worker pool has been shut down");
  });

  it("a worker that stops answering is terminated after the timeout, and the fit rejects saying so", async () => {
    vi.useFakeTimers();
    const { workers, client } = fakes(5000);
    const first = client.importance(request);
    await vi.advanceTimersByTimeAsync(0);
    expect(await first).toHaveProperty("importance");
    workers[0].hang = true;
    const fit = client.importance(request);
    fit.catch(() => {});
    await vi.advanceTimersByTimeAsync(4999);
    expect(workers[0].terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(fit).rejects.toThrow("The analysis worker did not answer within 5 s");
    expect(workers[0].terminated).toBe(true);
    expect(await client.importance(request)).toHaveProperty("importance");
    expect(workers).toHaveLength(2);
  });
});

afterEach(() => {
  vi.useRealTimers();
});
