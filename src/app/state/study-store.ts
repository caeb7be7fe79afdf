/**
 * Keeps a running study in the study history without ever holding the study up, and at a cost to
 * the page that does not grow with the number of trials: trial starts, epochs and trial ends wait
 * in memory and are saved together, with the search engine's state as of the last of them, in one
 * transaction (StudyDb.saveProgress) at most SAVE_DELAY_MS after the first of them; a status
 * change is saved at once with everything waiting. Each IndexedDB call costs the page about the
 * same however little it stores, so fewer, fuller saves cost less. Saves are queued, so they reach
 * IndexedDB in order, and a failed one turns the history off for this study with a message the
 * page shows, while the study goes on in memory. Without IndexedDB the store is off from the start.
 *
 * What a page that goes away loses: whatever still waits in memory, at most its last
 * SAVE_DELAY_MS of trial starts, epochs and trial ends. The store also saves at once when the page
 * is hidden or left (beforeunload, pagehide, visibilitychange), which helps when the page stays
 * alive long enough (a tab sent to the background, a closed tab); on a reload Chromium drops the
 * transactions a leaving page starts, so there only the timed saves count. A save is all or
 * nothing, so the trials and the engine's state in the history always agree, and restoreStudy
 * picks up from the last save: trials it left running are marked interrupted.
 */
import type { StudyJSON } from "../../core/search/index";
import type { StudyConfig } from "../../core/study/study-config";
import type { EpochReport } from "../../shared/train";
import {
  describeProgress,
  type EpochMetrics,
  type ProgressEnd,
  type ProgressStart,
  type StudyDb,
  type StudyProgress,
  type StudyStatus,
  type TestScore,
  type TrialEndState,
} from "../db/index";

/** Longest time a trial's start or end, or a reported epoch, waits in memory before it is saved. */
export const SAVE_DELAY_MS = 1000;

/** The page events after which what waits is saved at once: the page may be going away. */
const LEAVING_EVENTS = ["beforeunload", "pagehide", "visibilitychange"] as const;

/** The search engine's state, taken only when a save needs it (toJSON grows with the trials). */
export type EngineSnapshot = () => StudyJSON;

export class StudyStore {
  /** The study's id in the history, once created or opened. */
  studyId: string | null = null;
  private db: StudyDb | null;
  private off: string | null;
  private queue: Promise<void> = Promise.resolve();
  /** Saves queued behind another that have not begun (their transaction does not exist yet). */
  private waiting = 0;
  private readonly onProblem: (message: string) => void;
  /** Trials started since the last save, in order. */
  private starts: ProgressStart[] = [];
  /** Epochs reported since the last save, by trial. */
  private readonly pendingEpochs = new Map<number, EpochMetrics[]>();
  /** Every intermediate value of each running trial so far: saved once, with the trial's end. */
  private readonly intermediates = new Map<number, Record<number, number>>();
  /** Trials ended since the last save, in order. */
  private ends: ProgressEnd[] = [];
  /** The engine's state changed since the last save: how to take it. */
  private engine: EngineSnapshot | null = null;
  private status: StudyStatus | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onLeaving = (event: Event): void => {
    // Becoming visible again needs no save; hidden may be the last chance before the page ends.
    if (event.type === "visibilitychange" && globalThis.document?.visibilityState !== "hidden") return;
    this.flush(true);
  };
  private pageEvents: EventTarget | null = null;

  /**
   * `db` is the open history, or null with `offReason` saying why there is none. `onProblem` hears
   * once when the history turns off later (a write failed, or the connection was lost).
   */
  constructor(
    db: StudyDb | null,
    offReason: string | null,
    onProblem: (message: string) => void = () => {},
    /** Where the page's beforeunload, pagehide and visibilitychange events arrive (the window, in the page). */
    pageEvents: EventTarget | null = typeof globalThis.addEventListener === "function" ? globalThis : null,
  ) {
    this.db = db;
    this.off = db ? null : (offReason ?? "History is off");
    this.onProblem = onProblem;
    if (db && pageEvents) {
      for (const name of LEAVING_EVENTS) pageEvents.addEventListener(name, this.onLeaving);
      this.pageEvents = pageEvents;
    }
  }

  /** Why the history is not kept for this study, or null while it is. */
  get problem(): string | null {
    return this.off;
  }

  /** Whether writes still reach the history. */
  get saving(): boolean {
    return this.off === null && this.studyId !== null;
  }

  /** The open history (for reads), or null. */
  get database(): StudyDb | null {
    return this.off === null ? this.db : null;
  }

  /** Creates the study's record; returns its id, or null when the history is off (or the write failed). */
  async create(config: StudyConfig, datasetLabel: string, status: StudyStatus): Promise<string | null> {
    const db = this.database;
    if (!db) return null;
    try {
      const record = await db.createStudy({ config, datasetLabel, status });
      this.studyId = record.id;
      return record.id;
    } catch (error) {
      this.turnOff(error, "the new study");
      return null;
    }
  }

  /** Uses an existing study of the history. */
  attach(studyId: string): void {
    this.studyId = studyId;
  }

  /** Records a started trial (saved with the next save, within SAVE_DELAY_MS). */
  startTrial(number: number, params: Record<string, number | string | boolean>, workerIndex: number): void {
    if (!this.saving) return;
    this.starts.push({ number, params: { ...params }, workerIndex, startedAt: this.db!.now() });
    this.scheduleFlush();
  }

  /**
   * Buffers an epoch until the next save; `intermediate` is the value the pruner saw at it (left
   * out for cross-validated trials, whose curve the engine keeps).
   */
  appendEpoch(
    number: number,
    report: EpochReport | Omit<EpochReport, "boundary">,
    intermediate?: number,
  ): void {
    if (!this.saving) return;
    const { boundary: _boundary, ...metrics } = report as EpochReport;
    const pending = this.pendingEpochs.get(number);
    if (pending) pending.push(metrics);
    else this.pendingEpochs.set(number, [metrics]);
    if (intermediate !== undefined) {
      const values = this.intermediates.get(number) ?? {};
      values[report.epoch] = intermediate;
      this.intermediates.set(number, values);
    }
    this.scheduleFlush();
  }

  /**
   * Records a trial's end: its result (with its test score, if any) and intermediate values are
   * saved with its last epochs and `engine()`'s state in the next save, within SAVE_DELAY_MS.
   */
  finishTrial(
    number: number,
    end: { state: TrialEndState; value?: number; reason?: string; test?: TestScore },
    engine: EngineSnapshot,
  ): void {
    if (!this.saving) return;
    const intermediate = this.intermediates.get(number);
    this.intermediates.delete(number);
    this.ends.push({
      trialNumber: number,
      ...end,
      ...(intermediate !== undefined ? { intermediate } : {}),
      endedAt: this.db!.now(),
    });
    this.engine = engine;
    this.scheduleFlush();
  }

  /** Saves the study's status at once, with everything waiting (and the engine's state, when given). */
  setStatus(status: StudyStatus, engine?: EngineSnapshot): void {
    if (!this.saving) return;
    this.status = status;
    if (engine !== undefined) this.engine = engine;
    this.flush();
  }

  saveConfig(config: StudyConfig): void {
    this.flush();
    this.write("the study's settings", (db, id) => db.updateStudy(id, { config }));
  }

  /**
   * Queues one save of everything waiting (nothing when nothing waits). `now`: begin its
   * transaction at once rather than after the saves before it end (the page is going away); only
   * when no save is waiting to begin, so the history still sees them in order.
   */
  flush(now = false): void {
    if (this.flushTimer !== null) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (!this.saving) return;
    const progress: StudyProgress = {};
    if (this.starts.length > 0) progress.starts = this.starts;
    if (this.pendingEpochs.size > 0) {
      progress.epochs = [...this.pendingEpochs].map(([trialNumber, epochs]) => ({ trialNumber, epochs }));
    }
    if (this.ends.length > 0) progress.ends = this.ends;
    if (this.status !== null) progress.status = this.status;
    if (this.engine !== null) progress.engine = this.engine();
    this.starts = [];
    this.pendingEpochs.clear();
    this.ends = [];
    this.status = null;
    this.engine = null;
    if (Object.keys(progress).length === 0) return;
    this.write(describeProgress(progress), (db, id) => db.saveProgress(id, progress), now);
  }

  /** Saves what waits, and resolves when every queued save has been tried. */
  idle(): Promise<void> {
    this.flush();
    return this.queue;
  }

  /** Saves what waits and stops listening to the page; queued saves still complete. */
  dispose(): void {
    this.flush();
    for (const name of LEAVING_EVENTS) this.pageEvents?.removeEventListener(name, this.onLeaving);
    this.pageEvents = null;
  }

  /** Turns the history off from outside (the connection was taken away). */
  lose(message: string): void {
    if (this.off !== null) return;
    this.off = message;
    this.dropBuffered();
    this.onProblem(message);
  }

  /** Makes sure a save comes within SAVE_DELAY_MS (one is already due sooner if its timer runs). */
  private scheduleFlush(): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, SAVE_DELAY_MS);
  }

  private dropBuffered(): void {
    this.starts = [];
    this.pendingEpochs.clear();
    this.intermediates.clear();
    this.ends = [];
    this.status = null;
    this.engine = null;
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private write(what: string, op: (db: StudyDb, studyId: string) => Promise<unknown>, now = false): void {
    const run = async (): Promise<void> => {
      const db = this.database;
      const id = this.studyId;
      if (!db || id === null) return;
      try {
        await op(db, id);
      } catch (error) {
        this.turnOff(error, what);
      }
    };
    if (now && this.waiting === 0) {
      // IndexedDB runs transactions over the same stores in the order they begin.
      const done = run();
      const before = this.queue;
      this.queue = Promise.all([before, done]).then(() => undefined);
      return;
    }
    this.waiting++;
    this.queue = this.queue.then(() => {
      this.waiting--;
      return run();
    });
  }

  private turnOff(error: unknown, what: string): void {
    if (this.off !== null) return;
    const message = error instanceof Error ? error.message : String(error);
    // Typed storage errors carry a sentence meant for the person; anything else gets the context.
    const named = (error as { name?: string } | null)?.name;
    this.off =
      named === "StorageFullError" || named === "StorageUnavailableError"
        ? `${message} The study goes on, but is no longer saved.`
        : `History stopped saving this study (could not save ${what}: ${message}). The study goes on, but is no longer saved.`;
    this.dropBuffered();
    this.onProblem(this.off);
  }
}
