import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FLUSH_MS, FrameSync } from "./study-frame-sync";

/** Animation frames as 16 ms timers, on Vitest's fake clock. */
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance"] });
  vi.stubGlobal("requestAnimationFrame", (callback: () => void) => setTimeout(callback, 16));
  // A page that has been open a while (the first flush is measured from the time origin).
  vi.advanceTimersByTime(10_000);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function counted() {
  const seen = { flushes: 0, ticks: 0 };
  const sync: FrameSync = new FrameSync(
    () => {
      seen.flushes++;
      sync.flushed();
    },
    () => seen.ticks++,
  );
  return { sync, seen };
}

describe("FrameSync", () => {
  it("flushes once in the next frame however many changes ask for it", () => {
    const { sync, seen } = counted();
    for (let i = 0; i < 50; i++) sync.schedule();
    expect(seen.flushes).toBe(0);
    vi.advanceTimersByTime(16);
    expect(seen.flushes).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(seen.flushes).toBe(1);
  });

  it("waits FLUSH_MS after the last flush before the next", () => {
    const { sync, seen } = counted();
    sync.schedule();
    vi.advanceTimersByTime(16);
    sync.schedule();
    vi.advanceTimersByTime(FLUSH_MS - 1);
    expect(seen.flushes).toBe(1);
    // The wait, then the animation frame.
    vi.advanceTimersByTime(1 + 16);
    expect(seen.flushes).toBe(2);
  });

  it("ticks every second while on, and stops with setTicking(false) or dispose", () => {
    const { sync, seen } = counted();
    sync.setTicking(true);
    sync.setTicking(true);
    vi.advanceTimersByTime(3016);
    expect(seen.ticks).toBe(3);
    sync.setTicking(false);
    vi.advanceTimersByTime(5000);
    expect(seen.ticks).toBe(3);
    sync.setTicking(true);
    sync.dispose();
    sync.setTicking(true);
    sync.schedule();
    vi.advanceTimersByTime(5000);
    expect(seen.ticks).toBe(3);
    expect(seen.flushes).toBe(0);
  });
});
