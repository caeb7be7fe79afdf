/** Study exports: the versioned export file and its import, CSV, an Optuna journal and a runnable Python script. */
export * from "./study-export";
export { csvField, trialsToCsv } from "./csv";
export { lineAndColumn, parseJsonText, type JsonTextLimits, type JsonTextResult } from "./json-text";
export {
  optunaDistribution,
  optunaInternalValue,
  optunaTime,
  toOptunaJournal,
  type OptunaDistribution,
  type OptunaJournalOptions,
} from "./optuna-journal";
export { toPythonScript } from "./python-script";
export { EXPORT_JSON_LIMITS, MAX_EPOCHS, checkStudyExport } from "./validate-study-export";
