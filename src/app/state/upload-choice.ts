/**
 * The pure part of the CSV upload form: the size check made before a file is read, and the edits
 * a person makes to the column choice (target, task, each column's role), each returning a new
 * CsvDatasetChoice that csvToDataset takes as it is.
 */
import {
  CsvError,
  MAX_CSV_BYTES,
  isMissing,
  parseNumber,
  type ColumnSummary,
  type CsvDatasetChoice,
  type CsvTable,
} from "../../core/datasets/csv";
import type { Task } from "../../shared/train";

/** What a feature column becomes: a number, one-hot categories, or nothing. */
export type ColumnRole = "numeric" | "categorical" | "ignore";

/** A problem to show: its message, and the file line and column it is about when known. */
export interface UploadProblem {
  message: string;
  line?: number;
  column?: string;
}

/** A whole-number target with at most this many distinct values is guessed to hold classes. */
const CLASS_GUESS_LIMIT = 10;

/** A byte count for people: "812 B", "14.2 KB", "61.0 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Throws naming the file and its size when it is over MAX_CSV_BYTES (checked before reading it). */
export function checkCsvFileSize(name: string, bytes: number): void {
  if (bytes > MAX_CSV_BYTES) {
    throw new Error(
      `The file "${name}" is ${formatBytes(bytes)} (${bytes} bytes); CSV uploads are limited to ${formatBytes(MAX_CSV_BYTES)}`,
    );
  }
}

/** The problem an error describes (a CsvError brings its line and column). */
export function problemOf(error: unknown): UploadProblem {
  if (error instanceof CsvError) return { message: error.message, line: error.line, column: error.column };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** The role of a feature column under a choice; "target" for the target. */
export function columnRole(choice: CsvDatasetChoice, column: string): ColumnRole | "target" {
  if (column === choice.target) return "target";
  if (choice.ignore.includes(column)) return "ignore";
  return choice.categorical.includes(column) ? "categorical" : "numeric";
}

/** The choice with one feature column given a new role. */
export function withColumnRole(choice: CsvDatasetChoice, column: string, role: ColumnRole): CsvDatasetChoice {
  if (column === choice.target)
    throw new Error(`"${column}" is the target column; pick another target first`);
  const ignore = choice.ignore.filter((c) => c !== column);
  const categorical = choice.categorical.filter((c) => c !== column);
  if (role === "ignore") ignore.push(column);
  if (role === "categorical") categorical.push(column);
  return { ...choice, ignore, categorical };
}

/** The task a target column suggests: regression for real numbers, else binary or multi-class by its distinct values. */
export function guessTask(table: CsvTable, summary: ColumnSummary): Task {
  const c = table.header.indexOf(summary.name);
  if (c < 0) throw new Error(`Column "${summary.name}" is not in the table`);
  if (summary.kind === "numeric") {
    const whole = table.rows.every(
      (row) => isMissing(row[c]) || Number.isInteger(parseNumber(row[c], table.delimiter)),
    );
    if (!(whole && summary.distinct <= CLASS_GUESS_LIMIT)) return "regression";
  }
  return summary.distinct <= 2 ? "binary" : "multiclass";
}

/**
 * The choice with a new target: its task guessed from the column's values; the old target
 * becomes a feature again (categorical if it holds text).
 */
export function withTarget(
  table: CsvTable,
  columns: readonly ColumnSummary[],
  choice: CsvDatasetChoice,
  target: string,
): CsvDatasetChoice {
  const summary = columns.find((c) => c.name === target);
  if (!summary)
    throw new Error(`Column "${target}" is not in the file (columns: ${table.header.join(", ")})`);
  if (target === choice.target) return choice;
  const old = columns.find((c) => c.name === choice.target);
  const categorical = choice.categorical.filter((c) => c !== target);
  if (old?.kind === "categorical" && !categorical.includes(old.name)) categorical.push(old.name);
  return {
    target,
    task: guessTask(table, summary),
    ignore: choice.ignore.filter((c) => c !== target),
    categorical,
  };
}

/** The default name of an upload: the file name without its .csv/.tsv/.txt ending. */
export function uploadNameOf(fileName: string): string {
  const name = fileName.replace(/\.(csv|tsv|txt)$/i, "").trim();
  return name === "" ? "Uploaded CSV" : name;
}
