import { describe, expect, it } from "vitest";
import { LatestOnlyThrottle } from "./study-throttle";
import { fakeTimers } from "./study-test-fakes";

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets settled promises run their callbacks. */
const settle = () => new Promise<void>((r) => setImmediate(r));

/** A throttle whose runs are recorded and end only when the test ends them. */
function recorded(intervalMs: number) {
  const f = fakeTimers();
  const runs: { value: string; done: ReturnType<typeof deferred> }[] = [];
  const throttle = new LatestOnlyThrottle<string>(
    intervalMs,
    (value) => {
      const done = deferred();
      runs.push({ value, done });
      return done.promise;
    },
    f.env,
  );
  return { f, runs, throttle, values: () => runs.map((r) => r.value) };
}

describe("LatestOnlyThrottle", () => {
  it("never runs inside request(), but on the next timer", () => {
    const { f, throttle, values } = recorded(3000);
    throttle.request("a");
    expect(values()).toEqual([]);
    f.advance(0);
    expect(values()).toEqual(["a"]);
    expect(throttle.running).toBe(true);
  });

  it("keeps one run in flight: values asked for meanwhile coalesce into the latest", async () => {
    const { f, runs, throttle, values } = recorded(0);
    throttle.request("a");
    f.advance(0);
    throttle.request("b");
    throttle.request("c");
    f.advance(10_000);
    expect(values()).toEqual(["a"]);
    runs[0].done.resolve();
    await settle();
    f.advance(0);
    expect(values()).toEqual(["a", "c"]);
  });

  it("starts runs at most once per interval, counted from the last start", async () => {
    const { f, runs, throttle, values } = recorded(3000);
    throttle.request("a");
    f.advance(0);
    runs[0].done.resolve();
    await settle();
    throttle.request("b");
    f.advance(2999);
    expect(values()).toEqual(["a"]);
    f.advance(1);
    expect(values()).toEqual(["a", "b"]);
  });

  it("a run that fails does not stop the next one", async () => {
    const { f, runs, throttle, values } = recorded(0);
    throttle.request("a");
    f.advance(0);
    throttle.request("b");
    runs[0].done.reject(new Error("worker crashed"));
    await settle();
    f.advance(0);
    expect(values()).toEqual(["a", "b"]);
    expect(throttle.running).toBe(true);
  });

  it("a run that throws at once does not stop the next one either", async () => {
    const f = fakeTimers();
    const seen: string[] = [];
    const throttle = new LatestOnlyThrottle<string>(
      0,
      (value) => {
        seen.push(value);
        throw new Error("no worker");
      },
      f.env,
    );
    throttle.request("a");
    f.advance(0);
    await settle();
    throttle.request("b");
    f.advance(0);
    expect(seen).toEqual(["a", "b"]);
  });

  it("cancel drops the value waiting; dispose also refuses later values", async () => {
    const { f, runs, throttle, values } = recorded(0);
    throttle.request("a");
    throttle.cancel();
    f.advance(100);
    expect(values()).toEqual([]);
    throttle.request("b");
    f.advance(0);
    throttle.request("c");
    throttle.dispose();
    runs[0].done.resolve();
    await settle();
    throttle.request("d");
    f.advance(10_000);
    expect(values()).toEqual(["b"]);
    expect(f.timers).toHaveLength(0);
  });

  it("refuses a negative interval, naming it", () => {
    expect(() => new LatestOnlyThrottle(-1, async () => {})).toThrow(/-1/);
  });
});
