/** For tests: a frame clock advanced by hand, in place of the browser's animation frames. */
import type { FrameScheduler } from "./frame-scheduler";

export function manualFrames(): FrameScheduler & { tick(): void; waiting(): number } {
  let next = 1;
  const queued = new Map<number, () => void>();
  return {
    request: (callback) => {
      queued.set(next, callback);
      return next++;
    },
    cancel: (id) => void queued.delete(id),
    /** Runs every callback asked for before this frame (not those they ask for). */
    tick: () => {
      const now = [...queued.values()];
      queued.clear();
      for (const callback of now) callback();
    },
    waiting: () => queued.size,
  };
}
