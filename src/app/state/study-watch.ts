/**
 * Following a study that another tab runs: this tab holds the "other-tab" side of the study's lock,
 * re-reads the study from the history now and then (without repairing it: the other tab's running
 * trials are not ours to mark interrupted), and hears when the other tab lets go, so it can open
 * the study properly. The other tab saves its trials and epochs within a second (study-store.ts),
 * so reading more often than this would show little new.
 */
import type { StudyDb } from "../db/index";
import type { StudyLock } from "./study-lock";
import { restoreStudy, type RestoredStudy } from "./study-restore";

/** How often a study running elsewhere is re-read from the history. */
export const WATCH_MS = 1_500;

/** Why a study shown while another tab runs it cannot be continued here. */
export const ELSEWHERE_REASON = "This study is running in another tab";

export interface WatchOptions {
  db: StudyDb;
  lock: StudyLock;
  /** Each fresh read of the study. */
  onRead: (restored: RestoredStudy) => void;
  /** A read that failed (the history went away, the study was deleted). */
  onReadError: (message: string) => void;
  /** The other tab let go; called once, after watching has stopped. */
  onFreed: () => void;
  everyMs?: number;
}

/** Watches study `lock.studyId` run in another tab; returns the stop (which also lets go of the lock). */
export function watchStudyElsewhere(options: WatchOptions): () => void {
  const { db, lock, onRead, onReadError, onFreed } = options;
  if (lock.owner !== "other-tab") {
    throw new Error(`Only a study another tab holds can be watched, but this tab holds "${lock.studyId}"`);
  }
  let watching = true;
  let reading = false;
  const read = async (): Promise<void> => {
    if (reading || !watching) return;
    reading = true;
    try {
      const restored = await restoreStudy(db, lock.studyId, { repair: false });
      if (watching) onRead(restored);
    } catch (error) {
      if (watching) onReadError(error instanceof Error ? error.message : String(error));
    } finally {
      reading = false;
    }
  };
  const timer = setInterval(() => void read(), options.everyMs ?? WATCH_MS);
  const stop = (): void => {
    if (!watching) return;
    watching = false;
    clearInterval(timer);
    lock.release();
  };
  void lock.freed.then(() => {
    if (!watching) return;
    stop();
    onFreed();
  });
  return stop;
}
