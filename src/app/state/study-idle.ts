/**
 * Runs the latest of a series of costly jobs (a parameter-importance fit) at most once every
 * `intervalMs`, and then in the page's idle time rather than inside an animation frame or a task
 * that also renders: the fit then never adds its time to a frame of the dashboard.
 */

export interface IdleEnvironment {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  /** Calls back when the page is idle, or after `timeoutMs` at the latest. */
  requestIdle(callback: () => void, timeoutMs: number): unknown;
  cancelIdle(id: unknown): void;
}

/** The browser's idle callbacks where there are any (a timer of 0 elsewhere). */
export function browserIdleEnvironment(): IdleEnvironment {
  const hasIdle = typeof requestIdleCallback === "function";
  return {
    now: () => Date.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
    requestIdle: (callback, timeoutMs) =>
      hasIdle ? requestIdleCallback(() => callback(), { timeout: timeoutMs }) : setTimeout(callback, 0),
    cancelIdle: (id) =>
      hasIdle ? cancelIdleCallback(id as number) : clearTimeout(id as ReturnType<typeof setTimeout>),
  };
}

/** The longest a job waits for an idle moment once its interval has passed. */
export const IDLE_TIMEOUT_MS = 1000;

export class ThrottledIdleJob {
  private pending: (() => void) | null = null;
  private lastAt = -Infinity;
  private timer: unknown = null;
  private idle: unknown = null;

  constructor(
    private readonly intervalMs: number,
    private readonly env: IdleEnvironment = browserIdleEnvironment(),
  ) {
    if (!(intervalMs >= 0))
      throw new Error(`A job's interval must be a number of ms >= 0, got ${intervalMs}`);
  }

  /** Runs `job` in idle time, at least `intervalMs` after the last run; a job not yet run is replaced. */
  schedule(job: () => void): void {
    this.pending = job;
    if (this.timer !== null || this.idle !== null) return;
    const wait = Math.max(0, this.lastAt + this.intervalMs - this.env.now());
    this.timer = this.env.setTimeout(() => {
      this.timer = null;
      this.idle = this.env.requestIdle(() => {
        this.idle = null;
        const run = this.pending;
        this.pending = null;
        if (!run) return;
        this.lastAt = this.env.now();
        run();
      }, IDLE_TIMEOUT_MS);
    }, wait);
  }

  /** Drops the job waiting to run, if any. */
  dispose(): void {
    if (this.timer !== null) this.env.clearTimeout(this.timer);
    if (this.idle !== null) this.env.cancelIdle(this.idle);
    this.timer = null;
    this.idle = null;
    this.pending = null;
  }
}
