import { describe, expect, it } from "vitest";
import { sum, timeAsyncCalls, timeSyncCalls, workerGaps, type CallTimes } from "./timing";

/** A clock that advances by the given steps, one per reading. */
function steppingClock(...steps: number[]): () => number {
  let t = 0;
  let i = 0;
  return () => (t += steps[i++ % steps.length]);
}

class Counter {
  #count = 0;
  get count(): number {
    return this.#count;
  }
  add(n: number): number {
    this.#count += n;
    return this.#count;
  }
  fail(): never {
    throw new Error("boom");
  }
}

describe("timeSyncCalls", () => {
  it("records each named call's duration and passes everything else (private fields, getters) through", () => {
    const sink: CallTimes = {};
    const counter = timeSyncCalls(new Counter(), ["add", "fail"], sink, steppingClock(1, 3));
    expect(counter.add(2)).toBe(2);
    expect(counter.add(5)).toBe(7);
    expect(counter.count).toBe(7);
    expect(() => counter.fail()).toThrow("boom");
    expect(sink).toEqual({ add: [3, 3], fail: [3] });
  });
});

describe("timeAsyncCalls", () => {
  it("records the synchronous part and the time until the promise settled, also when it rejects", async () => {
    const sink: CallTimes = {};
    let now = 0;
    const target = {
      async save(ms: number): Promise<number> {
        now += 2; // the synchronous part
        await Promise.resolve();
        now += ms;
        return ms;
      },
      async broken(): Promise<void> {
        throw new Error("refused");
      },
    };
    const timed = timeAsyncCalls(target, ["save", "broken"], sink, () => now);
    await expect(timed.save(10)).resolves.toBe(10);
    await expect(timed.broken()).rejects.toThrow("refused");
    expect(sink["save:sync"]).toEqual([2]);
    expect(sink.save).toEqual([12]);
    expect(sink.broken).toEqual([0]);
  });

  it("raises inSync while a call's synchronous part runs, and only then", async () => {
    const inSync = { depth: 0 };
    const seen: number[] = [];
    const target = {
      async save(): Promise<void> {
        seen.push(inSync.depth);
        await Promise.resolve();
        seen.push(inSync.depth);
      },
    };
    const timed = timeAsyncCalls(target, ["save"], {}, undefined, inSync);
    await timed.save();
    expect(seen).toEqual([1, 0]);
    expect(inSync.depth).toBe(0);
  });
});

describe("workerGaps", () => {
  it("measures each worker's idle time between its own runs, whatever the order of the spans", () => {
    const gaps = workerGaps([
      { worker: 1, start: 0, end: 100 },
      { worker: 2, start: 5, end: 50 },
      { worker: 1, start: 103, end: 200 },
      { worker: 2, start: 51, end: 300 },
      { worker: 1, start: 201, end: 250 },
    ]);
    expect(gaps.sort((a, b) => a - b)).toEqual([1, 1, 3]);
    expect(sum(gaps)).toBe(5);
  });

  it("refuses a span that ends before it starts", () => {
    expect(() => workerGaps([{ worker: 0, start: 10, end: 5 }])).toThrow(/ends before it starts/);
  });
});
