/**
 * The state of the CSV upload form: the file read and parsed, the column choice the person edits,
 * the dataset that choice makes (converted again on every change, so problems show at once), and
 * saving it. Nothing is stored until `accept`, and never while there is a problem.
 */
import {
  classBalance,
  csvToDataset,
  defaultChoice,
  describeColumns,
  parseCsv,
  type ColumnSummary,
  type CsvDatasetChoice,
  type CsvTable,
} from "../../core/datasets/csv";
import type { DatasetArrays, Task } from "../../shared/train";
import { newUploadId, type DatasetRecord, type NewDataset } from "../db/index";
import {
  checkCsvFileSize,
  problemOf,
  uploadNameOf,
  withColumnRole,
  withTarget,
  type ColumnRole,
  type UploadProblem,
} from "./upload-choice";

/** Rows shown in the preview table. */
export const PREVIEW_ROWS = 20;

export type UploadPhase = "empty" | "reading" | "ready" | "saving";

export class CsvUploadForm {
  phase: UploadPhase = $state("empty");
  fileName = $state("");
  fileBytes = $state(0);
  /** The dataset's name as the picker will show it; the file name by default. */
  name = $state("");
  table: CsvTable | null = $state.raw(null);
  columns: ColumnSummary[] = $state.raw([]);
  choice: CsvDatasetChoice | null = $state.raw(null);
  /** Why the file could not be used at all (too big, unreadable, malformed). */
  fileProblem: UploadProblem | null = $state.raw(null);
  /** Why storing the dataset failed (storage full, unavailable). */
  saveProblem: string | null = $state(null);
  /** The name of the dataset stored last, for the confirmation line. */
  stored: string | null = $state(null);

  /** The id the dataset will be stored under (chosen per file, so the arrays carry it already). */
  private pendingId = "";
  private readToken = 0;

  /** The first rows of the file. */
  readonly preview: string[][] = $derived(this.table ? this.table.rows.slice(0, PREVIEW_ROWS) : []);

  /** The dataset the current choice makes, or the problem with it. */
  readonly conversion:
    { arrays: DatasetArrays; problem: null } | { arrays: null; problem: UploadProblem } | null = $derived.by(
    () => {
      if (!this.table || !this.choice) return null;
      try {
        return { arrays: csvToDataset(this.table, this.choice, this.pendingId), problem: null };
      } catch (error) {
        return { arrays: null, problem: problemOf(error) };
      }
    },
  );

  /** The problem to show: the file's, or else the choice's. */
  readonly problem: UploadProblem | null = $derived(this.fileProblem ?? this.conversion?.problem ?? null);

  /** Class counts of a classification target (empty for regression, or when the target has missing values). */
  readonly balance: { name: string; count: number }[] = $derived.by(() => {
    if (!this.table || !this.choice || this.choice.task === "regression") return [];
    try {
      return classBalance(this.table, this.choice.target);
    } catch {
      return []; // the conversion reports the same problem with its line
    }
  });

  /** Smallest, mean and largest value of a regression target that converted. */
  readonly targetRange: { min: number; mean: number; max: number } | null = $derived.by(() => {
    const arrays = this.conversion?.arrays;
    if (!arrays || arrays.task !== "regression") return null;
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const v of arrays.y) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    return { min, mean: sum / arrays.y.length, max };
  });

  readonly canAccept: boolean = $derived(
    this.phase === "ready" && this.problem === null && !!this.conversion?.arrays && this.name.trim() !== "",
  );

  /** Reads and parses a file; a file over the size limit is refused before it is read. */
  async load(file: File): Promise<void> {
    const token = ++this.readToken;
    this.clear();
    this.fileName = file.name;
    this.fileBytes = file.size;
    this.name = uploadNameOf(file.name);
    try {
      checkCsvFileSize(file.name, file.size);
      this.phase = "reading";
      const text = await file.text();
      if (token !== this.readToken) return;
      const table = parseCsv(text);
      this.pendingId = newUploadId();
      this.columns = describeColumns(table);
      this.choice = defaultChoice(table);
      this.table = table;
      this.phase = "ready";
    } catch (error) {
      if (token !== this.readToken) return;
      this.fileProblem = problemOf(error);
      this.phase = "empty";
    }
  }

  /** Makes `column` the target; its task is guessed again. */
  setTarget(column: string): void {
    if (!this.table || !this.choice) return;
    this.choice = withTarget(this.table, this.columns, this.choice, column);
  }

  setTask(task: Task): void {
    if (this.choice) this.choice = { ...this.choice, task };
  }

  setRole(column: string, role: ColumnRole): void {
    if (this.choice) this.choice = withColumnRole(this.choice, column, role);
  }

  /**
   * Stores the converted dataset with `save` (dataset-source's saveUpload) and returns its id, or
   * null when there is a problem or saving failed (then `saveProblem` says why).
   */
  async accept(save: (input: NewDataset) => Promise<DatasetRecord>): Promise<string | null> {
    const arrays = this.conversion?.arrays;
    if (!this.canAccept || !arrays || !this.choice) return null;
    this.phase = "saving";
    this.saveProblem = null;
    try {
      const record = await save({
        id: this.pendingId,
        name: this.name.trim(),
        arrays,
        choice: this.choice,
        csvBytes: this.fileBytes,
      });
      const stored = record.name;
      this.clear();
      this.stored = stored;
      return record.id;
    } catch (error) {
      this.phase = "ready";
      this.saveProblem = `The dataset was not stored: ${problemOf(error).message}`;
      return null;
    }
  }

  /** Forgets the file and any problem. */
  clear(): void {
    this.phase = "empty";
    this.fileName = "";
    this.fileBytes = 0;
    this.name = "";
    this.table = null;
    this.columns = [];
    this.choice = null;
    this.fileProblem = null;
    this.saveProblem = null;
    this.stored = null;
    this.pendingId = "";
  }
}
