/**
 * When the study runner copies its driver's state into the page's runes: at most once per
 * animation frame and no more often than every FLUSH_MS, so hundreds of trials reporting epochs do
 * not redraw the page on every report; and the clock the time figures read, which ticks every
 * second while the study runs, in an animation frame (with the drawing, not in a task of its own).
 */

/** Shortest time between two copies of the driver's state into the page. */
export const FLUSH_MS = 200;

export class FrameSync {
  private pending = false;
  private lastFlush = 0;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private disposed = false;

  /** `flush` copies the state (and calls flushed()); `tick` moves the clock. */
  constructor(
    private readonly flush: () => void,
    private readonly tick: () => void,
  ) {}

  /** Asks for a flush in a coming animation frame, unless one is already asked for. */
  schedule(): void {
    if (this.pending || this.disposed) return;
    this.pending = true;
    const wait = Math.max(0, this.lastFlush + FLUSH_MS - performance.now());
    setTimeout(() => requestAnimationFrame(() => this.flush()), wait);
  }

  /** A flush is happening now (asked for or not): the next one waits FLUSH_MS from here. */
  flushed(): void {
    this.pending = false;
    this.lastFlush = performance.now();
  }

  /** Starts or stops the clock. */
  setTicking(on: boolean): void {
    if (on && this.ticker === null && !this.disposed) {
      this.ticker = setInterval(() => requestAnimationFrame(() => this.tick()), 1000);
    } else if (!on && this.ticker !== null) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
  }

  /** Stops the clock and refuses later flushes. */
  dispose(): void {
    this.disposed = true;
    this.setTicking(false);
  }
}
