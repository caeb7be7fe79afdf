/**
 * The History page's state: the list of stored studies, and what a person does to them (rename,
 * duplicate, delete, import, export, compare). Every failure ends up as one message for the page;
 * when the history cannot be used at all, the page says why and keeps working without it.
 */
import {
  DEFAULT_DB_NAME,
  StorageFullError,
  StorageUnavailableError,
  openStudyDb,
  type StudyBundle,
  type StudyDb,
  type StudySummary,
} from "../db/index";
import { loadComparison, type ComparedStudy } from "./history-compare.svelte";
import { readStudyFile } from "./history-import.svelte";

/** Longest study name the page accepts when renaming. */
export const MAX_STUDY_NAME_CHARS = 100;

/** Why a new name is refused, or null when it is fine. */
export function studyNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === "") return "The name cannot be empty";
  const length = [...trimmed].length;
  if (length > MAX_STUDY_NAME_CHARS) {
    return `The name is ${length} characters long; at most ${MAX_STUDY_NAME_CHARS} are allowed`;
  }
  return null;
}

export type HistoryPhase = "opening" | "ready" | "unavailable";

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class HistoryPageState {
  phase: HistoryPhase = $state("opening");
  /** Every stored study, the most recently changed first. */
  studies: StudySummary[] = $state.raw([]);
  /** The list has been read at least once. */
  listed = $state(false);
  /** Why the history cannot be used (shown while `phase` is "unavailable"). */
  unavailable: string | null = $state(null);
  /** The last action that failed, for an alert. */
  error: string | null = $state(null);
  /** The last action that worked, for a status line. */
  done: string | null = $state(null);
  /** An import, rename, duplicate or delete is under way. */
  busy = $state(false);
  comparison: ComparedStudy[] = $state.raw([]);

  private db: StudyDb | null = null;
  /** The open() under way, which an import arriving before the history is open waits for. */
  private opening: Promise<void> | null = null;
  private disposed = false;
  private compareToken = 0;
  private readonly dbName: string;

  /** `dbName`: the IndexedDB database of the history (the app's own by default). */
  constructor(dbName: string = DEFAULT_DB_NAME) {
    this.dbName = dbName;
  }

  /** Opens the history and lists its studies. */
  open(): Promise<void> {
    this.opening ??= this.openOnce();
    return this.opening;
  }

  private async openOnce(): Promise<void> {
    try {
      // Another tab upgrading the database, or the browser dropping it, takes the history away later.
      const db = await openStudyDb(this.dbName, {
        onUnavailable: (e) => this.fail(e, "keep the history open"),
      });
      if (this.disposed) {
        db.close();
        return;
      }
      this.db = db;
      this.phase = "ready";
      await this.refresh();
    } catch (e) {
      this.fail(e, "open the saved studies");
    }
  }

  dispose(): void {
    this.disposed = true;
    this.db?.close();
    this.db = null;
  }

  /** Reads the list of studies again. */
  async refresh(): Promise<void> {
    const db = this.db;
    if (!db) return;
    try {
      this.studies = await db.listStudies();
      this.listed = true;
    } catch (e) {
      this.fail(e, "list the saved studies");
    }
  }

  find(id: string): StudySummary | undefined {
    return this.studies.find((s) => s.id === id);
  }

  clearMessages(): void {
    this.error = null;
    this.done = null;
  }

  /** Gives a study a new name; false (with `error` set) if it was refused. */
  async rename(id: string, name: string): Promise<boolean> {
    const problem = studyNameProblem(name);
    if (problem) {
      this.error = problem;
      return false;
    }
    return this.act(`rename the study`, async (db) => {
      const renamed = await db.renameStudy(id, name.trim());
      return `Renamed to “${renamed.name}”.`;
    });
  }

  /** Stores a copy of a study's configuration as a new draft without trials. */
  async duplicate(id: string): Promise<boolean> {
    return this.act("duplicate the study", async (db) => {
      const copy = await db.duplicateStudy(id);
      return `Duplicated as “${copy.name}”: a new draft with the same configuration and no trials.`;
    });
  }

  /** Deletes a study with its trials and epochs. */
  async remove(id: string): Promise<boolean> {
    const name = this.find(id)?.name ?? id;
    return this.act("delete the study", async (db) => {
      const existed = await db.deleteStudy(id);
      if (!existed) throw new Error(`The study “${name}” was no longer stored`);
      return `Deleted “${name}”.`;
    });
  }

  /** Imports study export files, each one whole or not at all. */
  async importFiles(files: readonly File[]): Promise<void> {
    if (files.length === 0) return;
    // Files chosen while the history still opens are imported once it is open, not dropped.
    if (this.db === null && this.opening !== null) await this.opening;
    const db = this.db;
    if (!db) {
      this.error ??= `Could not import ${files.map((f) => f.name).join(", ")}: ${this.unavailable ?? "the saved studies are not open"}`;
      return;
    }
    this.clearMessages();
    this.busy = true;
    const imported: string[] = [];
    const problems: string[] = [];
    try {
      for (const file of files) {
        try {
          const bundle = await readStudyFile(file, Date.now());
          const study = await db.importStudy(bundle);
          imported.push(`“${study.name}” (${study.trialCount} trial${study.trialCount === 1 ? "" : "s"})`);
        } catch (e) {
          if (e instanceof StorageUnavailableError) throw e;
          problems.push(`Could not import ${file.name}: ${messageOf(e)}`);
        }
      }
    } catch (e) {
      this.fail(e, "import the studies");
    } finally {
      this.busy = false;
    }
    if (imported.length > 0) this.done = `Imported ${imported.join(", ")}.`;
    if (problems.length > 0) this.error = problems.join("\n");
    await this.refresh();
  }

  /** The whole study for an export; throws with a message naming the problem. */
  async bundle(id: string): Promise<StudyBundle> {
    const db = this.db;
    if (!db) throw new Error(this.unavailable ?? "The saved studies are not open");
    try {
      const bundle = await db.exportStudy(id);
      if (!bundle) throw new Error(`The study ${id} is no longer stored`);
      return bundle;
    } catch (e) {
      if (e instanceof StorageUnavailableError) this.fail(e, "export the study");
      throw e;
    }
  }

  /** Loads the best-so-far lines of `ids`; an empty list clears the comparison. */
  async compare(ids: readonly string[]): Promise<void> {
    const token = ++this.compareToken;
    const db = this.db;
    if (!db || ids.length === 0) {
      this.comparison = [];
      return;
    }
    try {
      const lines = await loadComparison(db, ids);
      if (token === this.compareToken) this.comparison = lines;
    } catch (e) {
      if (token === this.compareToken) this.fail(e, "compare the studies");
    }
  }

  /** Runs one change, then lists the studies again; false if it failed. */
  private async act(what: string, change: (db: StudyDb) => Promise<string>): Promise<boolean> {
    const db = this.db;
    if (!db) return false;
    this.clearMessages();
    this.busy = true;
    let ok = false;
    try {
      this.done = await change(db);
      ok = true;
    } catch (e) {
      this.fail(e, what);
    } finally {
      this.busy = false;
    }
    await this.refresh();
    return ok;
  }

  private fail(e: unknown, what: string): void {
    if (e instanceof StorageUnavailableError) {
      this.phase = "unavailable";
      this.unavailable = e.message;
      this.studies = [];
      this.comparison = [];
      this.db?.close();
      this.db = null;
      return;
    }
    // Storage-full messages already say what could not be saved and what to do.
    this.error = e instanceof StorageFullError ? e.message : `Could not ${what}: ${messageOf(e)}`;
  }
}
