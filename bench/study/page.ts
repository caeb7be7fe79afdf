/// <reference types="vite/client" />
/**
 * The study-overhead page: runs the app's own StudyDriver, with the app's worker pool (real
 * training Web Workers) and the app's IndexedDB history, and times what the study itself does per
 * trial: the engine's ask, report, shouldPrune, tell and toJSON calls, the history's writes, the
 * per-epoch callback the worker awaits, and the idle time of each worker between two trials.
 * bench/study-bench.ts calls `window.studyBench.run(...)` once per case.
 */
import { createStudy } from "../../src/core/search/index";
import type { StudyConfig } from "../../src/core/study/study-config";
import { openStudyDb } from "../../src/app/db/index";
import { StudyDriver } from "../../src/app/state/study-driver";
import { StudyStore } from "../../src/app/state/study-store";
import { createStudyTrainerPool, type Trainer, type TrainerPool } from "../../src/app/state/study-workers";
import { DB_WRITES, ENGINE_CALLS, type StudyRunMeasurement } from "./measurement";
import { timeAsyncCalls, timeSyncCalls, type CallTimes, type TrainSpan } from "./timing";

/** Wraps the real pool so that each training run and each epoch callback is timed. */
function timedPool(
  inner: TrainerPool,
  spans: TrainSpan[],
  epochCallbacks: number[],
  slotOf: (trainer: Trainer) => number,
): TrainerPool {
  return {
    run: (task) =>
      inner.run((trainer) => {
        // The pool's trainers are plain objects of closures: every other method passes through as it is.
        const timed: Trainer = {
          ...trainer,
          async train(config, onEpoch) {
            const start = performance.now();
            try {
              return await trainer.train(config, async (report) => {
                const t = performance.now();
                try {
                  await onEpoch(report);
                } finally {
                  epochCallbacks.push(performance.now() - t);
                }
              });
            } finally {
              spans.push({ worker: slotOf(trainer), start, end: performance.now() });
            }
          },
        };
        return task(timed);
      }),
    terminate: (trainer, reason) => inner.terminate(trainer, reason),
    terminateAll: () => inner.terminateAll(),
  };
}

/** The IndexedDB methods the history calls on the main thread (each one clones what it stores). */
const IDB_METHODS: [{ prototype: object }, string[]][] = [
  [IDBDatabase, ["transaction"]],
  [IDBTransaction, ["objectStore", "commit", "abort"]],
  [IDBObjectStore, ["put", "add", "get", "getAll", "getKey", "delete", "count", "openCursor", "index"]],
  [IDBIndex, ["get", "getAll", "openCursor", "count"]],
  // Not IDBCursor's: idb keeps its own list of the cursor methods, which a replaced one would leave.
];

/**
 * Times every call of those methods into `sink` until the returned function is called, except the
 * calls made inside a timed write's synchronous part (`inSync`), which that part already counts;
 * `count.calls` counts them all.
 */
function timeIndexedDbCalls(sink: number[], inSync: { depth: number }, count: { calls: number }): () => void {
  const restore: (() => void)[] = [];
  for (const [type, names] of IDB_METHODS) {
    const proto = type.prototype as Record<string, unknown>;
    for (const name of names) {
      const original = proto[name];
      if (typeof original !== "function") continue;
      proto[name] = function (this: unknown, ...args: unknown[]) {
        const started = performance.now();
        count.calls++;
        try {
          return (original as (...a: unknown[]) => unknown).apply(this, args);
        } finally {
          if (inSync.depth === 0) sink.push(performance.now() - started);
        }
      };
      restore.push(() => (proto[name] = original));
    }
  }
  return () => restore.forEach((r) => r());
}

let runs = 0;

const studyBench = {
  /** Runs `config` to the end of its budget and returns what the study's own work cost. */
  async run(config: StudyConfig): Promise<StudyRunMeasurement> {
    const engineTimes: CallTimes = {};
    const dbTimes: CallTimes = {};
    const spans: TrainSpan[] = [];
    const epochCallbacks: number[] = [];
    const idbCalls: number[] = [];
    const db = await openStudyDb(`tunelab-study-bench-${Date.now()}-${++runs}`);
    const inSync = { depth: 0 };
    const idbCount = { calls: 0 };
    const untimeIdb = timeIndexedDbCalls(idbCalls, inSync, idbCount);
    try {
      const timedDb = timeAsyncCalls(db, DB_WRITES, dbTimes, undefined, inSync);
      const store = new StudyStore(timedDb, null);
      const id = await store.create(config, "benchmark", "running");
      if (id === null) throw new Error(`The study history refused the study: ${store.problem}`);
      const engine = timeSyncCalls(
        createStudy({
          space: config.space,
          sampler: config.sampler,
          pruner: config.pruner,
          direction: config.objective.direction,
          seed: config.seed,
        }),
        ENGINE_CALLS,
        engineTimes,
      );
      // Workers are told apart by the pool's id (a replaced worker gets a new one).
      const driver = new StudyDriver({
        config,
        store,
        engine,
        createPool: (size, onCrash) =>
          timedPool(createStudyTrainerPool(size, onCrash), spans, epochCallbacks, (t) => t.workerId),
        onChange: () => {},
      });
      const started = performance.now();
      await driver.start();
      await driver.whenIdle();
      const wallMs = performance.now() - started;
      const states: Record<string, number> = {};
      for (const t of driver.trials) states[t.state] = (states[t.state] ?? 0) + 1;
      return {
        trials: driver.trials.length,
        epochs: driver.trials.reduce((s, t) => s + t.epochs.length, 0),
        states,
        backend: driver.backend,
        wallMs,
        engine: engineTimes,
        db: dbTimes,
        idbCalls,
        idbCallCount: idbCount.calls,
        epochCallbacks,
        spans,
        error: driver.error,
      };
    } finally {
      untimeIdb();
      db.close();
    }
  },
};

export type StudyBench = typeof studyBench;

declare global {
  interface Window {
    studyBench: StudyBench;
  }
}

window.studyBench = studyBench;
