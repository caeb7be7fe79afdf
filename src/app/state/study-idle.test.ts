import { describe, expect, it } from "vitest";
import { IDLE_TIMEOUT_MS, ThrottledIdleJob, type IdleEnvironment } from "./study-idle";

/** A clock, timers and idle callbacks that run only when the test says so. */
function fakeEnvironment() {
  let now = 0;
  const timers: { at: number; callback: () => void; id: number }[] = [];
  const idles: { callback: () => void; timeoutMs: number; id: number }[] = [];
  let next = 1;
  const env: IdleEnvironment = {
    now: () => now,
    setTimeout: (callback, ms) => {
      timers.push({ at: now + ms, callback, id: next });
      return next++;
    },
    clearTimeout: (id) =>
      void timers.splice(
        timers.findIndex((t) => t.id === id),
        1,
      ),
    requestIdle: (callback, timeoutMs) => {
      idles.push({ callback, timeoutMs, id: next });
      return next++;
    },
    cancelIdle: (id) =>
      void idles.splice(
        idles.findIndex((t) => t.id === id),
        1,
      ),
  };
  return {
    env,
    timers,
    idles,
    /** Moves the clock on and fires the timers that are due. */
    advance(ms: number) {
      now += ms;
      for (const t of timers.filter((x) => x.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.callback();
      }
    },
    /** The page goes idle: the idle callbacks run. */
    idle() {
      for (const t of idles.splice(0)) t.callback();
    },
  };
}

describe("ThrottledIdleJob", () => {
  it("runs a job only when the page is idle, never inside schedule()", () => {
    const f = fakeEnvironment();
    const job = new ThrottledIdleJob(3000, f.env);
    const runs: string[] = [];
    job.schedule(() => runs.push("a"));
    expect(runs).toEqual([]);
    f.advance(0);
    expect(runs).toEqual([]);
    expect(f.idles).toHaveLength(1);
    expect(f.idles[0].timeoutMs).toBe(IDLE_TIMEOUT_MS);
    f.idle();
    expect(runs).toEqual(["a"]);
  });

  it("runs at most once per interval, and then the latest job", () => {
    const f = fakeEnvironment();
    const job = new ThrottledIdleJob(3000, f.env);
    const runs: string[] = [];
    job.schedule(() => runs.push("a"));
    f.advance(0);
    f.idle();
    job.schedule(() => runs.push("b"));
    job.schedule(() => runs.push("c"));
    f.advance(2999);
    f.idle();
    expect(runs).toEqual(["a"]);
    f.advance(1);
    f.idle();
    expect(runs).toEqual(["a", "c"]);
  });

  it("a job scheduled while one waits for idle time replaces it", () => {
    const f = fakeEnvironment();
    const job = new ThrottledIdleJob(0, f.env);
    const runs: string[] = [];
    job.schedule(() => runs.push("a"));
    f.advance(0);
    job.schedule(() => runs.push("b"));
    f.idle();
    expect(runs).toEqual(["b"]);
    expect(f.timers).toHaveLength(0);
  });

  it("dispose drops the waiting job", () => {
    const f = fakeEnvironment();
    const job = new ThrottledIdleJob(100, f.env);
    const runs: string[] = [];
    job.schedule(() => runs.push("a"));
    job.dispose();
    f.advance(1000);
    f.idle();
    expect(runs).toEqual([]);
    job.schedule(() => runs.push("b"));
    f.advance(0);
    f.advance(0);
    job.dispose();
    f.idle();
    expect(runs).toEqual([]);
  });

  it("refuses a negative interval, naming it", () => {
    expect(() => new ThrottledIdleJob(-1)).toThrow(/-1/);
  });
});
