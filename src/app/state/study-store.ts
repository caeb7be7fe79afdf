/**
 * Keeps a running study in the study history without ever holding the study up: every write is
 * queued (so a trial's start, its epochs and its end reach IndexedDB in order, one short
 * transaction each) and a failed write turns the history off for this study with a message the
 * page shows, while the study goes on in memory. Without IndexedDB the store is off from the start.
 *
 * Epochs are not written one transaction each: they wait in memory and go in with the trial's
 * end, or every EPOCH_FLUSH_MS for the trials still running, and at once when the page is hidden
 * or left (pagehide, visibilitychange). A reload can so lose the epochs of the last second of the
 * running trials if the browser ends the page before that last write commits.
 */
import type { StudyJSON } from "../../core/search/index";
import type { StudyConfig } from "../../core/study/study-config";
import type { EpochReport } from "../../shared/train";
import type { EpochMetrics, StudyDb, StudyStatus, TestScore, TrialEndState } from "../db/index";

/** Longest time a reported epoch waits in memory before it is written. */
export const EPOCH_FLUSH_MS = 1000;

/** The page events after which buffered epochs are written at once: the page may be going away. */
const LEAVING_EVENTS = ["pagehide", "visibilitychange"] as const;

export class StudyStore {
  /** The study's id in the history, once created or opened. */
  studyId: string | null = null;
  private db: StudyDb | null;
  private off: string | null;
  private queue: Promise<void> = Promise.resolve();
  private readonly onProblem: (message: string) => void;
  /** Epochs reported but not yet handed to a write, by trial. */
  private readonly pendingEpochs = new Map<number, EpochMetrics[]>();
  /** Every intermediate value of each running trial so far: written once, with the trial's end. */
  private readonly intermediates = new Map<number, Record<number, number>>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onLeaving = (event: Event): void => {
    // Becoming visible again needs no write; hidden may be the last chance before the page ends.
    if (event.type === "visibilitychange" && globalThis.document?.visibilityState !== "hidden") return;
    this.flushEpochs();
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
    /** Where the page's pagehide and visibilitychange events arrive (the window, in the page). */
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

  /**
   * Records a started trial. The engine's state is not saved with it (it is saved at each trial's
   * end); a reload in between is reconciled by restoreStudy.
   */
  startTrial(number: number, params: Record<string, number | string | boolean>, workerIndex: number): void {
    this.write(`the start of trial ${number}`, (db, id) =>
      db.startTrial(id, { number, params, workerIndex }),
    );
  }

  /**
   * Buffers an epoch until the trial ends or the next flush; `intermediate` is the value the
   * pruner saw at it (left out for cross-validated trials, whose curve the engine keeps).
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
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      this.flushEpochs();
    }, EPOCH_FLUSH_MS);
  }

  /** Ends a trial: its buffered epochs, intermediate values, result (with its test score, if any) and the engine's state in one transaction. */
  finishTrial(
    number: number,
    end: { state: TrialEndState; value?: number; reason?: string; test?: TestScore },
    engine: StudyJSON,
  ): void {
    const epochs = this.pendingEpochs.get(number) ?? [];
    this.pendingEpochs.delete(number);
    const intermediate = this.intermediates.get(number);
    this.intermediates.delete(number);
    this.write(`the result of trial ${number}`, (db, id) =>
      db.finishTrial(id, number, {
        ...end,
        engine,
        ...(epochs.length > 0 ? { epochs } : {}),
        ...(intermediate !== undefined ? { intermediate } : {}),
      }),
    );
  }

  /** Queues one write of every buffered epoch (of all running trials); nothing when none waits. */
  flushEpochs(): void {
    if (this.flushTimer !== null) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.pendingEpochs.size === 0) return;
    const batches = [...this.pendingEpochs].map(([trialNumber, epochs]) => ({ trialNumber, epochs }));
    this.pendingEpochs.clear();
    const count = batches.reduce((n, b) => n + b.epochs.length, 0);
    this.write(`${count} epochs of the running trials`, (db, id) => db.appendEpochs(id, batches));
  }

  setStatus(status: StudyStatus, engine?: StudyJSON): void {
    this.write(`the study's status (${status})`, (db, id) =>
      db.updateStudy(id, engine === undefined ? { status } : { status, engine }),
    );
  }

  saveConfig(config: StudyConfig): void {
    this.write("the study's settings", (db, id) => db.updateStudy(id, { config }));
  }

  /** Writes the buffered epochs, and resolves when every queued write has been tried. */
  idle(): Promise<void> {
    this.flushEpochs();
    return this.queue;
  }

  /** Writes what is buffered and stops listening to the page; queued writes still complete. */
  dispose(): void {
    this.flushEpochs();
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

  private dropBuffered(): void {
    this.pendingEpochs.clear();
    this.intermediates.clear();
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private write(what: string, op: (db: StudyDb, studyId: string) => Promise<unknown>): void {
    this.queue = this.queue.then(async () => {
      const db = this.database;
      const id = this.studyId;
      if (!db || id === null) return;
      try {
        await op(db, id);
      } catch (error) {
        this.turnOff(error, what);
      }
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
