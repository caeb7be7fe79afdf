/**
 * A small pool of Web Workers. Tasks wait for a free worker; a worker that crashes (an `error`
 * event) or whose call rejects is terminated and replaced by a fresh one on next use, and the
 * crash is reported. Workers are created lazily, so an unused pool costs nothing.
 */

/** What the pool needs of a Worker; real Workers satisfy it, tests pass fakes. */
export interface WorkerLike {
  addEventListener(type: "error" | "messageerror", listener: (event: Event) => void): void;
  removeEventListener(type: "error" | "messageerror", listener: (event: Event) => void): void;
  terminate(): void;
}

/** A started worker and the (comlink) API object that talks to it. */
export interface WorkerHandle<Api> {
  worker: WorkerLike;
  api: Api;
}

/** One worker of the pool. `meta` holds what the user of the pool wants to remember about it. */
export interface PoolSlot<Api, Meta> {
  readonly id: number;
  readonly api: Api;
  meta: Meta;
}

export interface CrashReport {
  workerId: number;
  /** "error-event": the worker itself failed (e.g. an uncaught error, a failed import); "rejected-call": a call on it rejected. */
  cause: "error-event" | "rejected-call";
  message: string;
}

/** A task was abandoned because its worker failed; the worker has been replaced. */
export class WorkerCrashError extends Error {
  constructor(
    message: string,
    readonly workerId: number,
  ) {
    super(message);
    this.name = "WorkerCrashError";
  }
}

export interface WorkerPoolOptions<Api, Meta> {
  size: number;
  create: () => WorkerHandle<Api>;
  /** Fresh metadata for a new worker. */
  initialMeta: () => Meta;
  onCrash?: (report: CrashReport) => void;
  /** What the workers are, for the crash message ("training worker" by default). */
  kind?: string;
}

interface Slot<Api, Meta> extends PoolSlot<Api, Meta> {
  worker: WorkerLike;
  /** Rejects when the worker fires `error` or is terminated; raced against every call. */
  crashed: Promise<never>;
  crash: (error: Error) => void;
  /** Terminates the worker and takes the pool's listeners off it. */
  end: () => void;
  failed: boolean;
  busy: boolean;
}

function messageOf(event: Event): string {
  const e = event as Partial<ErrorEvent>;
  if (typeof e.message === "string" && e.message !== "") {
    return e.filename ? `${e.message} (${e.filename}:${e.lineno ?? 0})` : e.message;
  }
  return event.type === "messageerror"
    ? "a message from the worker could not be read"
    : "the worker failed to load or run";
}

export class WorkerPool<Api, Meta = undefined> {
  readonly size: number;
  private readonly options: WorkerPoolOptions<Api, Meta>;
  private readonly slots: (Slot<Api, Meta> | null)[];
  private readonly waiting: ((slot: Slot<Api, Meta>) => void)[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: WorkerPoolOptions<Api, Meta>) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new Error(`Worker pool size must be a whole number of at least 1, got ${options.size}`);
    }
    this.size = options.size;
    this.options = options;
    this.slots = Array.from({ length: options.size }, () => null);
  }

  /** Number of workers running a task right now. */
  get busyCount(): number {
    return this.slots.filter((s) => s?.busy).length;
  }

  /** Runs `task` on a free worker (waiting for one if all are busy) and frees the worker after. */
  async run<T>(task: (slot: PoolSlot<Api, Meta>) => Promise<T>): Promise<T> {
    const slot = await this.acquire();
    try {
      const result = await Promise.race([task(slot), slot.crashed]);
      this.release(slot);
      return result;
    } catch (error) {
      if (!slot.failed)
        this.fail(slot, "rejected-call", error instanceof Error ? error.message : String(error));
      this.release(slot);
      throw error;
    }
  }

  /**
   * Terminates a worker at once (e.g. one that does not answer a stop request); the task running
   * on it rejects with a WorkerCrashError and a fresh worker takes its place. Not reported as a crash.
   */
  terminate(slot: PoolSlot<Api, Meta>, reason: string): void {
    const own = this.slots.find((s) => s === slot);
    if (!own || own.failed) return;
    own.failed = true;
    own.end();
    own.crash(new WorkerCrashError(reason, own.id));
  }

  /** Terminates every worker; pending and later tasks are refused. */
  terminateAll(): void {
    this.closed = true;
    for (let i = 0; i < this.slots.length; i++) {
      this.slots[i]?.end();
      this.slots[i] = null;
    }
  }

  private acquire(): Promise<Slot<Api, Meta>> {
    if (this.closed) return Promise.reject(new Error("The worker pool has been shut down"));
    for (let i = 0; i < this.slots.length; i++) {
      let slot = this.slots[i];
      if (slot?.busy) continue;
      if (!slot || slot.failed) slot = this.slots[i] = this.spawn();
      slot.busy = true;
      return Promise.resolve(slot);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot<Api, Meta>): void {
    slot.busy = false;
    const next = this.waiting.shift();
    if (!next) return;
    const index = this.slots.indexOf(slot);
    let fresh = slot;
    if (slot.failed) fresh = this.slots[index] = this.spawn();
    fresh.busy = true;
    next(fresh);
  }

  private spawn(): Slot<Api, Meta> {
    const { worker, api } = this.options.create();
    let crash: (error: Error) => void = () => {};
    const crashed = new Promise<never>((_, reject) => (crash = reject));
    crashed.catch(() => {}); // raced against tasks; an idle crash must not be an unhandled rejection
    const slot: Slot<Api, Meta> = {
      id: this.nextId++,
      api,
      worker,
      meta: this.options.initialMeta(),
      crashed,
      crash,
      // The listeners go with the worker: a terminated worker that kept them kept this pool, and
      // with it everything its user holds (a whole study), alive.
      end: () => {
        worker.removeEventListener("error", onError);
        worker.removeEventListener("messageerror", onError);
        worker.terminate();
      },
      failed: false,
      busy: false,
    };
    const onError = (event: Event): void => {
      if (slot.failed) return;
      const message = messageOf(event);
      this.fail(slot, "error-event", message);
      crash(
        new WorkerCrashError(`The ${this.options.kind ?? "training worker"} crashed: ${message}`, slot.id),
      );
    };
    worker.addEventListener("error", onError);
    worker.addEventListener("messageerror", onError);
    return slot;
  }

  /** Terminates a failed worker; its place is refilled with a fresh worker on next use. */
  private fail(slot: Slot<Api, Meta>, cause: CrashReport["cause"], message: string): void {
    slot.failed = true;
    slot.end();
    this.options.onCrash?.({ workerId: slot.id, cause, message });
  }
}
