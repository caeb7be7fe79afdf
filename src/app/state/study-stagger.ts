/**
 * Hands a new value to several consumers one animation frame apart: when a trial ends, each chart
 * of ended trials recomputes (and the browser lays it out) in a frame of its own, rather than all
 * of them in one long frame. A newer value restarts the round from the first consumer.
 */

import { animationFrames, type FrameScheduler } from "../frame-scheduler";

export class FrameStagger<T> {
  private pending: number | null = null;
  private readonly deliver: (slot: number, value: T) => void;
  private readonly slots: number;
  private readonly frames: FrameScheduler;

  /** `deliver(slot, value)` is called for slots 0..slots-1, one frame apart, after each `push`. */
  constructor(
    slots: number,
    deliver: (slot: number, value: T) => void,
    frames: FrameScheduler = animationFrames,
  ) {
    if (!Number.isInteger(slots) || slots < 1)
      throw new Error(`A stagger needs at least one slot, got ${slots}`);
    this.slots = slots;
    this.deliver = deliver;
    this.frames = frames;
  }

  /** Delivers `value` to every slot, starting in the next frame. */
  push(value: T): void {
    this.dispose();
    let slot = 0;
    const step = (): void => {
      this.pending = null;
      this.deliver(slot, value);
      slot += 1;
      if (slot < this.slots) this.pending = this.frames.request(step);
    };
    this.pending = this.frames.request(step);
  }

  /** Drops a round in progress. */
  dispose(): void {
    if (this.pending !== null) this.frames.cancel(this.pending);
    this.pending = null;
  }
}
