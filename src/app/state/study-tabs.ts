/**
 * A study runner's side of the study lock (one tab runs a saved study at a time): it takes the
 * lock before the study's loop starts and lets go when the loop ends; when another tab holds it,
 * it follows the study read-only (see study-watch) and, once that tab lets go, opens it properly
 * (repaired: trials it left running are marked interrupted) and hands it to the runner.
 */
import type { StudyDb } from "../db/index";
import type { StudyLock } from "./study-lock";
import { restoreStudy, type RestoredStudy } from "./study-restore";
import { watchStudyElsewhere } from "./study-watch";

/**
 * How long after the other tab let go this tab waits before it takes the lock: hearing "freed"
 * holds the lock for a moment (see study-lock), and the browser lets go of it on its own time.
 */
const REOPEN_DELAY_MS = 100;

export interface StudyTabsHost {
  /** Shows a read of the study: read-only while another tab runs it, `repaired` once opened here. */
  show(restored: RestoredStudy, repaired: boolean): void;
  /** Another tab runs the study (true), or no longer does (false). */
  setElsewhere(on: boolean): void;
  /** A read of the study failed (the message), or a later one succeeded (null). */
  setProblem(message: string | null): void;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class StudyTabs {
  /** The lock while this tab holds it to run the study. */
  private held: StudyLock | null = null;
  private stopWatching: () => void = () => {};
  private disposed = false;
  private db: StudyDb | null = null;
  private studyId: string | null = null;

  constructor(
    private readonly acquire: (studyId: string) => Promise<StudyLock>,
    private readonly host: StudyTabsHost,
  ) {}

  /** The saved study the lock is about; a study without a history (in memory only) has no other tab to fear. */
  attach(db: StudyDb | null, studyId: string | null): void {
    this.db = db;
    this.studyId = studyId;
  }

  /** Takes the lock to run the study: false (and the study followed) when another tab took it first. */
  async takeToRun(): Promise<boolean> {
    if (this.db === null || this.studyId === null) return true;
    const lock = await this.acquire(this.studyId);
    if (this.disposed) {
      lock.release();
      return false;
    }
    if (lock.owner === "other-tab") {
      this.follow(lock);
      return false;
    }
    this.held = lock;
    return true;
  }

  /** Lets go of the lock taken to run (the loop ended). */
  release(): void {
    this.held?.release();
    this.held = null;
  }

  /** Shows the study another tab runs (it holds `lock`) read-only until that tab lets go; then opens it here. */
  follow(lock: StudyLock): void {
    this.stopWatching();
    if (this.disposed || this.db === null) return lock.release();
    this.host.setElsewhere(true);
    this.stopWatching = watchStudyElsewhere({
      db: this.db,
      lock,
      onRead: (restored) => {
        this.host.show(restored, false);
        this.host.setProblem(null);
      },
      onReadError: (message) => this.host.setProblem(`The study could not be read again: ${message}`),
      onFreed: () => void this.reopen(),
    });
  }

  /**
   * Another tab may have run the study while this one showed it paused: when the history has used
   * trial numbers from `knownNext` on, the study read again (repaired), else null.
   */
  async changedElsewhere(knownNext: number): Promise<RestoredStudy | null> {
    if (this.db === null || this.studyId === null) return null;
    const record = await this.db.getStudy(this.studyId);
    if (!record || record.nextTrialNumber <= knownNext) return null;
    return restoreStudy(this.db, this.studyId);
  }

  /** Stops following and lets go of the lock; for good. */
  dispose(): void {
    this.disposed = true;
    this.stopWatching();
    this.release();
  }

  private async reopen(): Promise<void> {
    this.stopWatching = () => {};
    await new Promise((resolve) => setTimeout(resolve, REOPEN_DELAY_MS));
    if (this.disposed || this.db === null || this.studyId === null) return;
    const lock = await this.acquire(this.studyId);
    if (this.disposed) return lock.release();
    if (lock.owner === "other-tab") return this.follow(lock);
    try {
      const restored = await restoreStudy(this.db, this.studyId);
      if (this.disposed) return;
      this.host.setElsewhere(false);
      this.host.setProblem(null);
      this.host.show(restored, true);
    } catch (error) {
      this.host.setProblem(`The study could not be opened again: ${messageOf(error)}`);
    } finally {
      // Repaired: the lock is needed again only when the study runs.
      lock.release();
    }
  }
}
