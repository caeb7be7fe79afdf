/**
 * The page's one connection to the study history, opened on first use. Without IndexedDB (or when
 * the browser refuses it) there is no connection, and a message says why; studies then run in memory.
 */
import { openStudyDb, type StudyDb } from "../db/index";

export interface StudyHistory {
  db: StudyDb | null;
  /** Why there is no history ("History is off: ..."), or null. */
  problem: string | null;
}

let opening: Promise<StudyHistory> | null = null;
const lostListeners = new Set<(message: string) => void>();

/** The shared history connection (opened once; reopened if it was lost). */
export function studyHistory(): Promise<StudyHistory> {
  opening ??= openStudyDb(undefined, {
    onUnavailable: (error) => {
      opening = null;
      for (const listener of lostListeners) listener(error.message);
    },
  }).then(
    (db): StudyHistory => ({ db, problem: null }),
    (error: unknown): StudyHistory => ({
      db: null,
      problem: error instanceof Error ? error.message : `History is off: ${String(error)}`,
    }),
  );
  return opening;
}

/** Hears when the open history is taken away (another tab upgraded it); returns the unsubscribe. */
export function onHistoryLost(listener: (message: string) => void): () => void {
  lostListeners.add(listener);
  return () => lostListeners.delete(listener);
}
