/**
 * Timing wrappers for the study-overhead page: they measure the calls the app's StudyDriver makes on
 * its search engine, its IndexedDB history and its workers, without changing what the calls do.
 * Plain TypeScript with an injectable clock, so they are unit-tested in Node.
 */

/** Durations (ms) of the calls of each name, in call order. */
export type CallTimes = Record<string, number[]>;

function record(sink: CallTimes, name: string, ms: number): void {
  (sink[name] ??= []).push(ms);
}

/**
 * A proxy of `target` whose methods named in `names` record how long each call took until it
 * returned (synchronous work on the calling thread) into `sink`. Other properties, getters
 * included, pass through to the target itself (so private fields keep working).
 */
export function timeSyncCalls<T extends object>(
  target: T,
  names: readonly string[],
  sink: CallTimes,
  now: () => number = () => performance.now(),
): T {
  const timed = new Set(names);
  return new Proxy(target, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj);
      if (typeof value !== "function") return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (typeof prop !== "string" || !timed.has(prop)) return fn.bind(obj);
      return (...args: unknown[]) => {
        const started = now();
        try {
          return fn.apply(obj, args);
        } finally {
          record(sink, prop, now() - started);
        }
      };
    },
  });
}

/**
 * A proxy of `target` whose async methods named in `names` record, per call, the synchronous part
 * (until the promise is returned) under `<name>:sync` and the time until the promise settled
 * under `<name>`.
 */
export function timeAsyncCalls<T extends object>(
  target: T,
  names: readonly string[],
  sink: CallTimes,
  now: () => number = () => performance.now(),
  /** Raised by one while a timed call's synchronous part runs (so nested timers can tell). */
  inSync: { depth: number } = { depth: 0 },
): T {
  const timed = new Set(names);
  return new Proxy(target, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj);
      if (typeof value !== "function") return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (typeof prop !== "string" || !timed.has(prop)) return fn.bind(obj);
      return (...args: unknown[]) => {
        const started = now();
        inSync.depth++;
        let result: unknown;
        try {
          result = fn.apply(obj, args);
        } finally {
          inSync.depth--;
        }
        record(sink, `${prop}:sync`, now() - started);
        const settle = () => record(sink, prop, now() - started);
        return Promise.resolve(result).finally(settle);
      };
    },
  });
}

/** One training run on one worker, in page time. */
export interface TrainSpan {
  worker: number;
  start: number;
  end: number;
}

/**
 * Idle time of each worker between two of its training runs (from the end of one to the start of the
 * next on the same worker): what the study spends between trials while that worker waits.
 */
export function workerGaps(spans: readonly TrainSpan[]): number[] {
  const byWorker = new Map<number, TrainSpan[]>();
  for (const s of spans) {
    if (!(s.end >= s.start)) throw new Error(`A training span ends before it starts: ${JSON.stringify(s)}`);
    byWorker.set(s.worker, [...(byWorker.get(s.worker) ?? []), s]);
  }
  const gaps: number[] = [];
  for (const list of byWorker.values()) {
    const sorted = [...list].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) gaps.push(sorted[i].start - sorted[i - 1].end);
  }
  return gaps;
}

/** Sum of a list (0 for an empty one). */
export function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}
