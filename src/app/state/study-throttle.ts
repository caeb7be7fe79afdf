/**
 * Runs the latest of a series of costly asynchronous jobs (a parameter-importance fit in the
 * analysis worker) at most once every `intervalMs`, one at a time: a value asked for while a run is
 * in flight or waiting replaces the one waiting, and runs when the run in flight has ended and the
 * interval since it started has passed.
 */

export interface TimerEnvironment {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/** The page's clock and timers. */
export function browserTimers(): TimerEnvironment {
  return {
    now: () => performance.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  };
}

export class LatestOnlyThrottle<T> {
  private pending: { value: T } | null = null;
  private timer: unknown = null;
  private inFlight = false;
  private lastStart = -Infinity;
  private disposed = false;

  /** `run` should settle (resolve or reject) once; its rejection is ignored here, so it handles its own errors. */
  constructor(
    private readonly intervalMs: number,
    private readonly run: (value: T) => Promise<void>,
    private readonly env: TimerEnvironment = browserTimers(),
  ) {
    if (!(intervalMs >= 0))
      throw new Error(`A throttle's interval must be a number of ms >= 0, got ${intervalMs}`);
  }

  /** Whether a run has started and not yet settled. */
  get running(): boolean {
    return this.inFlight;
  }

  /** Asks for a run with `value`, replacing a value still waiting; never runs inside this call. */
  request(value: T): void {
    if (this.disposed) return;
    this.pending = { value };
    this.kick();
  }

  /** Drops the value waiting, if any; a run in flight goes on. */
  cancel(): void {
    this.pending = null;
    if (this.timer !== null) this.env.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Drops the value waiting and refuses later ones. */
  dispose(): void {
    this.disposed = true;
    this.cancel();
  }

  private kick(): void {
    if (this.disposed || this.inFlight || this.timer !== null || this.pending === null) return;
    const wait = Math.max(0, this.lastStart + this.intervalMs - this.env.now());
    this.timer = this.env.setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = null;
    const next = this.pending;
    this.pending = null;
    if (next === null || this.disposed) return;
    this.inFlight = true;
    this.lastStart = this.env.now();
    let done: Promise<void>;
    try {
      done = this.run(next.value);
    } catch (error) {
      done = Promise.reject(error);
    }
    void done
      .catch(() => {})
      .then(() => {
        this.inFlight = false;
        this.kick();
      });
  }
}
