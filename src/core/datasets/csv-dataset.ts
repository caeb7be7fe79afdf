/**
 * A parsed CSV table to a numeric dataset: column summaries for the upload form, a first guess
 * of target and task, and the conversion itself (numeric columns as they are, categorical ones
 * one-hot, the target as class indices or values). Errors name the file line and the column.
 */
import type { DatasetArrays, Task } from "../../shared/train";
import { CsvError, isMissing, lineOfRow, parseNumber, type CsvTable } from "./csv-parse";

export interface ColumnSummary {
  name: string;
  kind: "numeric" | "categorical";
  /** Rows whose value is missing (see isMissing). */
  missing: number;
  /** Distinct non-missing values. */
  distinct: number;
  /** The first few distinct non-missing values, in order of appearance. */
  sample: string[];
}

export interface CsvDatasetChoice {
  target: string;
  task: Task;
  /** Columns left out of the features. */
  ignore: string[];
  /** Feature columns one-hot encoded (the others must be numeric). */
  categorical: string[];
}

/** Fewest data rows a CSV dataset may have (enough for a training, validation and test part). */
export const MIN_CSV_ROWS = 10;
/** Most classes of a classification target. */
export const MAX_CSV_CLASSES = 100;
/** Most distinct values of a one-hot encoded feature column (each becomes a feature). */
export const MAX_CATEGORIES = 100;
/** A whole-number target with at most this many distinct values is guessed to be classes. */
const CLASS_GUESS_LIMIT = 10;
const SAMPLE_SIZE = 5;
const TASKS: Task[] = ["binary", "multiclass", "regression"];

/** Index of a column by name, or a CsvError naming it and the columns there are. */
function columnIndex(table: CsvTable, name: string, role: string): number {
  const c = table.header.indexOf(name);
  if (c < 0) {
    throw new CsvError(
      `${role} column "${String(name)}" is not in the file (columns: ${table.header.join(", ")})`,
      undefined,
      String(name),
    );
  }
  return c;
}

/** Summaries of every column: numeric or categorical, missing and distinct counts, a few values. */
export function describeColumns(table: CsvTable): ColumnSummary[] {
  return table.header.map((name, c) => {
    let missing = 0;
    let numeric = true;
    const distinct = new Set<string>();
    for (const row of table.rows) {
      const v = row[c];
      if (isMissing(v)) {
        missing++;
        continue;
      }
      distinct.add(v);
      if (numeric && parseNumber(v, table.delimiter) === null) numeric = false;
    }
    return {
      name,
      kind: numeric && distinct.size > 0 ? "numeric" : "categorical",
      missing,
      distinct: distinct.size,
      sample: [...distinct].slice(0, SAMPLE_SIZE),
    };
  });
}

/** Whether every non-missing value of a numeric column is a whole number. */
function allWhole(table: CsvTable, c: number): boolean {
  return table.rows.every(
    (row) => isMissing(row[c]) || Number.isInteger(parseNumber(row[c], table.delimiter)),
  );
}

/** Whether a column is a row identifier: every value different, or an "id"/"index" column counting up. */
function looksLikeId(summary: ColumnSummary, rows: number): boolean {
  if (summary.missing === rows) return true;
  if (summary.kind === "categorical") return summary.distinct === rows && rows > CLASS_GUESS_LIMIT;
  return /^(id|index|row|unnamed: ?0)$/i.test(summary.name) && summary.distinct === rows;
}

/** A guess the UI starts from: last column as target, task from its values, text columns categorical. */
export function defaultChoice(table: CsvTable): CsvDatasetChoice {
  const summaries = describeColumns(table);
  const targetIndex = table.header.length - 1;
  const target = summaries[targetIndex];
  let task: Task;
  if (target.kind === "numeric" && !(target.distinct <= CLASS_GUESS_LIMIT && allWhole(table, targetIndex))) {
    task = "regression";
  } else {
    task = target.distinct <= 2 ? "binary" : "multiclass";
  }
  const features = summaries.filter((_, c) => c !== targetIndex);
  const ignore = features.filter((s) => looksLikeId(s, table.rows.length)).map((s) => s.name);
  const categorical = features
    .filter((s) => s.kind === "categorical" && !ignore.includes(s.name))
    .map((s) => s.name);
  return { target: target.name, task, ignore, categorical };
}

/** Orders class or category names: numerically when all are numbers, else naturally ("a2" before "a10"). */
function compareValues(a: string, b: string, delimiter: CsvTable["delimiter"]): number {
  const x = parseNumber(a, delimiter);
  const y = parseNumber(b, delimiter);
  if (x !== null && y !== null) return x - y;
  return a.localeCompare(b, "en", { numeric: true });
}

/**
 * The distinct values of a column as sorted names, and each row's index among them. Numbers are
 * keyed by value, so "2" and "2.0" are one class (named "2"). Missing values throw.
 */
function encodeValues(table: CsvTable, c: number): { names: string[]; codes: Int32Array } {
  const name = table.header[c];
  const allNumeric = table.rows.every(
    (row) => isMissing(row[c]) || parseNumber(row[c], table.delimiter) !== null,
  );
  const keys: string[] = table.rows.map((row, r) => {
    const v = row[c];
    if (isMissing(v)) {
      const line = lineOfRow(table, r);
      throw new CsvError(
        `Missing value in column "${name}" on line ${line} (${JSON.stringify(v)})`,
        line,
        name,
      );
    }
    return allNumeric ? String(parseNumber(v, table.delimiter)) : v;
  });
  const names = [...new Set(keys)].sort((a, b) => compareValues(a, b, table.delimiter));
  const index = new Map(names.map((n, i) => [n, i]));
  return { names, codes: Int32Array.from(keys, (k) => index.get(k) as number) };
}

/** Checks the choice against the table; returns the target's index. */
function checkChoice(table: CsvTable, choice: CsvDatasetChoice): number {
  if (!TASKS.includes(choice.task)) {
    throw new CsvError(`Task must be one of ${TASKS.join(", ")}, got ${JSON.stringify(choice.task)}`);
  }
  const t = columnIndex(table, choice.target, "Target");
  for (const name of choice.ignore) columnIndex(table, name, "Ignored");
  for (const name of choice.categorical) columnIndex(table, name, "Categorical");
  if (choice.ignore.includes(choice.target)) {
    throw new CsvError(
      `The target column "${choice.target}" is also marked as ignored`,
      undefined,
      choice.target,
    );
  }
  if (table.rows.length < MIN_CSV_ROWS) {
    throw new CsvError(
      `Too few rows: the file has ${table.rows.length} data rows, at least ${MIN_CSV_ROWS} are needed`,
    );
  }
  return t;
}

/** Target values of a regression column, or a CsvError naming the first value that is not a number. */
function regressionTarget(table: CsvTable, t: number): Float32Array {
  const name = table.header[t];
  return Float32Array.from(table.rows, (row, r) => {
    const v = row[t];
    const line = lineOfRow(table, r);
    if (isMissing(v))
      throw new CsvError(
        `Missing value in column "${name}" on line ${line} (${JSON.stringify(v)})`,
        line,
        name,
      );
    const x = parseNumber(v, table.delimiter);
    if (x === null) {
      throw new CsvError(
        `A regression target must be numeric: column "${name}" has "${v}" on line ${line}`,
        line,
        name,
      );
    }
    return x;
  });
}

/** The classes of a classification target, checked for count against the task. */
function classTarget(table: CsvTable, t: number, task: Task): { names: string[]; y: Float32Array } {
  const name = table.header[t];
  const { names, codes } = encodeValues(table, t);
  if (names.length < 2) {
    throw new CsvError(
      `The target column "${name}" has a single class (${JSON.stringify(names[0])}); classification needs at least 2`,
      undefined,
      name,
    );
  }
  if (task === "binary" && names.length > 2) {
    throw new CsvError(
      `Binary classification needs exactly 2 classes, but the target column "${name}" has ${names.length}` +
        ` (${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""}); choose multi-class`,
      undefined,
      name,
    );
  }
  if (names.length > MAX_CSV_CLASSES) {
    throw new CsvError(
      `The target column "${name}" has ${names.length} classes, more than ${MAX_CSV_CLASSES}; is it a regression target?`,
      undefined,
      name,
    );
  }
  return { names, y: Float32Array.from(codes) };
}

/** One feature column's values per row (one-hot columns for a categorical one) and their names. */
interface EncodedColumn {
  names: string[];
  /** Writes this column's values of row r into out from offset. */
  write: (r: number, out: Float32Array, offset: number) => void;
}

function numericColumn(table: CsvTable, c: number): EncodedColumn {
  const name = table.header[c];
  const values = Float64Array.from(table.rows, (row, r) => {
    const v = row[c];
    const line = lineOfRow(table, r);
    if (isMissing(v))
      throw new CsvError(
        `Missing value in column "${name}" on line ${line} (${JSON.stringify(v)})`,
        line,
        name,
      );
    const x = parseNumber(v, table.delimiter);
    if (x === null) {
      throw new CsvError(
        `Non-numeric value "${v}" in numeric column "${name}" on line ${line} (fix it, or mark the column categorical or ignored)`,
        line,
        name,
      );
    }
    if (Math.abs(x) > 3.4e38) {
      throw new CsvError(
        `Value "${v}" in column "${name}" on line ${line} is too large for 32-bit floats`,
        line,
        name,
      );
    }
    return x;
  });
  return {
    names: [name],
    write: (r, out, offset) => {
      out[offset] = values[r];
    },
  };
}

function categoricalColumn(table: CsvTable, c: number): EncodedColumn {
  const name = table.header[c];
  const { names, codes } = encodeValues(table, c);
  if (names.length > MAX_CATEGORIES) {
    throw new CsvError(
      `Categorical column "${name}" has ${names.length} distinct values, more than ${MAX_CATEGORIES}; ignore it instead`,
      undefined,
      name,
    );
  }
  return {
    names: names.map((v) => `${name}=${v}`),
    write: (r, out, offset) => {
      out[offset + codes[r]] = 1;
    },
  };
}

/** The numeric dataset (categorical features one-hot, classes named by their values). */
export function csvToDataset(table: CsvTable, choice: CsvDatasetChoice, id: string): DatasetArrays {
  if (typeof id !== "string" || id === "")
    throw new CsvError(`Dataset id must be a non-empty string, got ${JSON.stringify(id)}`);
  const t = checkChoice(table, choice);
  const { task } = choice;
  let y: Float32Array;
  let classNames: string[] = [];
  if (task === "regression") {
    y = regressionTarget(table, t);
  } else {
    const classes = classTarget(table, t, task);
    y = classes.y;
    classNames = classes.names;
  }
  const columns: EncodedColumn[] = [];
  table.header.forEach((name, c) => {
    if (c === t || choice.ignore.includes(name)) return;
    columns.push(choice.categorical.includes(name) ? categoricalColumn(table, c) : numericColumn(table, c));
  });
  if (columns.length === 0) {
    throw new CsvError(
      `No feature columns are left besides the target "${choice.target}" (the others are ignored)`,
    );
  }
  const featureNames = columns.flatMap((col) => col.names);
  const width = featureNames.length;
  const x = new Float32Array(table.rows.length * width);
  for (let r = 0; r < table.rows.length; r++) {
    let offset = r * width;
    for (const col of columns) {
      col.write(r, x, offset);
      offset += col.names.length;
    }
  }
  return {
    id,
    task,
    classes: task === "regression" ? 1 : classNames.length,
    classNames,
    featureNames,
    exampleShape: [width],
    x,
    xScale: 1,
    y,
    standardize: true,
    sourceTestCount: 0,
  };
}

/** Class counts of the target for the class-balance view. */
export function classBalance(table: CsvTable, target: string): { name: string; count: number }[] {
  const c = columnIndex(table, target, "Target");
  const { names, codes } = encodeValues(table, c);
  const counts = new Array<number>(names.length).fill(0);
  for (const code of codes) counts[code]++;
  return names.map((name, i) => ({ name, count: counts[i] }));
}
