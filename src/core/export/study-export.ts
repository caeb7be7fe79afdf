/**
 * The study export file: one versioned JSON document holding a study's configuration, the search
 * engine's saved state and every trial with its per-epoch curves, so a study can be moved between
 * browsers and machines. Importing checks everything and yields either the whole study or one
 * message naming what is wrong; never a partial study.
 */
import { EXPORT_FORMAT, EXPORT_VERSION, type StudyExport, type StudyExportBody } from "./export-format";
import { parseJsonText } from "./json-text";
import { checkStudyExport, EXPORT_JSON_LIMITS } from "./validate-study-export";

export * from "./export-format";

export type StudyExportParse = { ok: true; value: StudyExport } | { ok: false; error: string };

/**
 * The text of an export file for `study` (pretty-printed JSON). Throws, naming the field, if the
 * study would not read back (a NaN in a curve, an inconsistent trial...), so every file written
 * can be imported.
 */
export function serializeStudyExport(study: StudyExportBody, exportedAt: Date = new Date()): string {
  const file: StudyExport = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    study,
  };
  const text = JSON.stringify(file, null, 2);
  const check = parseStudyExport(text);
  if (!check.ok) throw new Error(`Cannot export the study: ${check.error}`);
  return text;
}

/** Reads an export file: the whole study, or a message naming what is wrong (malformed JSON with its line and column, a wrong format or version, a missing or bad field). */
export function parseStudyExport(text: string): StudyExportParse {
  try {
    const parsed = parseJsonText(text, EXPORT_JSON_LIMITS);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const problem = checkStudyExport(parsed.value);
    if (problem !== null) return { ok: false, error: problem };
    return { ok: true, value: parsed.value as StudyExport };
  } catch (e) {
    // The checks are meant to catch everything; this keeps a surprise from escaping as a crash.
    return { ok: false, error: `The file could not be read: ${(e as Error).message}` };
  }
}
