/**
 * Keeps a running study in the study history without ever holding the study up: every write is
 * queued (so a trial's start, its epochs and its end reach IndexedDB in order, one short
 * transaction each) and a failed write turns the history off for this study with a message the
 * page shows, while the study goes on in memory. Without IndexedDB the store is off from the start.
 */
import type { StudyJSON } from "../../core/search/index";
import type { StudyConfig } from "../../core/study/study-config";
import type { EpochReport } from "../../shared/train";
import type { StudyDb, StudyStatus, TrialEndState } from "../db/index";

export class StudyStore {
  /** The study's id in the history, once created or opened. */
  studyId: string | null = null;
  private db: StudyDb | null;
  private off: string | null;
  private queue: Promise<void> = Promise.resolve();
  private readonly onProblem: (message: string) => void;

  /**
   * `db` is the open history, or null with `offReason` saying why there is none. `onProblem` hears
   * once when the history turns off later (a write failed, or the connection was lost).
   */
  constructor(db: StudyDb | null, offReason: string | null, onProblem: (message: string) => void = () => {}) {
    this.db = db;
    this.off = db ? null : (offReason ?? "History is off");
    this.onProblem = onProblem;
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

  startTrial(
    number: number,
    params: Record<string, number | string | boolean>,
    workerIndex: number,
    engine: StudyJSON,
  ): void {
    this.write(`the start of trial ${number}`, (db, id) =>
      db.startTrial(id, { number, params, workerIndex, engine }),
    );
  }

  /** Saves an epoch; `intermediate` is the value the pruner saw at it (left out for cross-validated trials, whose curve the engine keeps). */
  appendEpoch(
    number: number,
    report: EpochReport | Omit<EpochReport, "boundary">,
    intermediate?: number,
  ): void {
    this.write(`epoch ${report.epoch} of trial ${number}`, (db, id) =>
      db.appendEpoch(id, number, report, intermediate),
    );
  }

  finishTrial(
    number: number,
    end: { state: TrialEndState; value?: number; reason?: string },
    engine: StudyJSON,
  ): void {
    this.write(`the result of trial ${number}`, (db, id) => db.finishTrial(id, number, { ...end, engine }));
  }

  setStatus(status: StudyStatus, engine?: StudyJSON): void {
    this.write(`the study's status (${status})`, (db, id) =>
      db.updateStudy(id, engine === undefined ? { status } : { status, engine }),
    );
  }

  saveConfig(config: StudyConfig): void {
    this.write("the study's settings", (db, id) => db.updateStudy(id, { config }));
  }

  /** Resolves when every queued write has been tried. */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Turns the history off from outside (the connection was taken away). */
  lose(message: string): void {
    if (this.off !== null) return;
    this.off = message;
    this.onProblem(message);
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
    this.onProblem(this.off);
  }
}
