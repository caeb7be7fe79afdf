/** What the study-overhead page (page.ts) measures and hands back to Node. */
import type { BackendInfo } from "../../src/shared/train";
import type { CallTimes, TrainSpan } from "./timing";

/** The engine calls the StudyDriver makes, timed on the main thread. */
export const ENGINE_CALLS = ["ask", "report", "shouldPrune", "tell", "trial", "toJSON"] as const;
/** The history writes the StudyStore makes (saveProgress: its batched save), timed from call to commit. */
export const DB_WRITES = [
  "saveProgress",
  "startTrial",
  "appendEpoch",
  "appendEpochs",
  "finishTrial",
  "updateStudy",
] as const;

export interface StudyRunMeasurement {
  trials: number;
  epochs: number;
  states: Record<string, number>;
  backend: BackendInfo | null;
  wallMs: number;
  engine: CallTimes;
  db: CallTimes;
  /**
   * Time of each IndexedDB call the page made during the study (transaction, put, add, get...,
   * cloning the values included): main-thread work of the writes that their synchronous part misses.
   */
  idbCalls: number[];
  /** How many IndexedDB calls the page made during the study, those inside the writes' synchronous part too. */
  idbCallCount: number;
  /** Time of each per-epoch callback, from the worker's call reaching the page to its answer. */
  epochCallbacks: number[];
  spans: TrainSpan[];
  error: string | null;
}
