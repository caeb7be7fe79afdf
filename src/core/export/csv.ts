/**
 * A study's trials as CSV for spreadsheets: RFC 4180 (fields with commas, quotes or line breaks
 * quoted, quotes doubled, CRLF line ends), one row per trial, one column per parameter.
 */
import { topologicalOrder } from "../search/space";
import { trialFoldSummary } from "../study/cross-validation";
import { taskOfStudy, type StudyConfig } from "../study/study-config";
import type { TrialExport } from "./export-format";

/**
 * Characters that make a spreadsheet read a text cell as a formula (or, for tab and carriage
 * return, that some of them strip before doing so). Text cells starting with one get a leading
 * apostrophe so that a parameter value from an imported file cannot run as a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: numbers as they are, text guarded against formulas and quoted when needed. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = typeof value === "boolean" ? String(value) : value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Seconds between two ISO times, or null when either is missing. */
function durationSec(startedAt: string | null, endedAt: string | null): number | null {
  if (startedAt === null || endedAt === null) return null;
  const ms = Date.parse(endedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

/** The cross-validation cells of a trial: std, min and max of its fold values, then each fold's value. */
function foldCells(config: StudyConfig, t: TrialExport): (number | null)[] {
  const k = config.folds ?? 0;
  const folds = trialFoldSummary(config, t.params, t.epochs, t.state === "complete");
  if (!folds) return [];
  const { spread, values } = folds;
  const has = spread.count > 0;
  return [
    has ? spread.std : null,
    has ? spread.min : null,
    has ? spread.max : null,
    ...Array.from({ length: k }, (_, i) => values[i] ?? null),
  ];
}

/** The test-set columns' names: the loss, then accuracy (classification) or RMSE (regression). */
function testHeader(config: StudyConfig): string[] {
  return ["test_loss", taskOfStudy(config) === "regression" ? "test_rmse" : "test_accuracy"];
}

/**
 * The trials as CSV text: header `number,state,value,<parameters...>,duration_s` (parameters in
 * the space's order, parents first), an empty cell for a parameter a trial did not use or a
 * missing value, and the duration in seconds. A cross-validated study adds `value_std,value_min,
 * value_max,fold_1..fold_k` after the value (the value is the mean over the folds). When any trial
 * has a test-set score, `test_loss` and `test_accuracy` (or `test_rmse`) follow the duration.
 */
export function trialsToCsv(config: StudyConfig, trials: readonly TrialExport[]): string {
  const params = topologicalOrder(config.space);
  const k = config.folds ?? 0;
  const foldHeader =
    k > 0
      ? ["value_std", "value_min", "value_max", ...Array.from({ length: k }, (_, i) => `fold_${i + 1}`)]
      : [];
  const withTest = trials.some((t) => t.test !== undefined);
  const header = [
    "number",
    "state",
    "value",
    ...foldHeader,
    ...params,
    "duration_s",
    ...(withTest ? testHeader(config) : []),
  ]
    .map(csvField)
    .join(",");
  const rows = trials.map((t) =>
    [
      csvField(t.number),
      csvField(t.state),
      csvField(t.value),
      ...foldCells(config, t).map(csvField),
      ...params.map((p) => csvField(Object.hasOwn(t.params, p) ? t.params[p] : null)),
      csvField(durationSec(t.startedAt, t.endedAt)),
      ...(withTest ? [csvField(t.test?.loss), csvField(t.test?.metric)] : []),
    ].join(","),
  );
  return [header, ...rows].join("\r\n") + "\r\n";
}
