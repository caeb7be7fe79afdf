/**
 * Charts draw for the first time one per animation frame. A chart draws when it first learns its
 * width, and several learn theirs in the same frame (the playground's charts when the page loads,
 * a study dashboard's as it appears): drawn there together, they made one frame of 30-60 ms, over
 * 50 ms when training took the CPU. Queued, each first draw has a frame of its own, in the order the
 * charts asked; a chart whose width changes again before its turn draws once, at the latest width.
 */
import { animationFrames, type FrameScheduler } from "../frame-scheduler";

export class FirstDrawQueue {
  private readonly queue: { draw: () => void }[] = [];
  private pending: number | null = null;

  constructor(private readonly frames: FrameScheduler = animationFrames) {}

  /**
   * Queues a first draw; returns a handle whose `update` replaces the draw while it waits (and
   * returns false once it has run), and whose `cancel` drops it (the chart went away).
   */
  enqueue(draw: () => void): { update(draw: () => void): boolean; cancel(): void } {
    const entry = { draw };
    this.queue.push(entry);
    this.schedule();
    return {
      update: (next) => {
        if (!this.queue.includes(entry)) return false;
        entry.draw = next;
        return true;
      },
      cancel: () => {
        const at = this.queue.indexOf(entry);
        if (at >= 0) this.queue.splice(at, 1);
        if (this.queue.length === 0 && this.pending !== null) {
          this.frames.cancel(this.pending);
          this.pending = null;
        }
      },
    };
  }

  /** First draws still waiting for their frame. */
  get waiting(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.pending !== null) return;
    this.pending = this.frames.request(() => {
      this.pending = null;
      const next = this.queue.shift();
      if (this.queue.length > 0) this.schedule();
      next?.draw();
    });
  }
}

/** The page's one queue: every chart's first draw waits its turn in it. */
export const firstDraws = new FirstDrawQueue();
