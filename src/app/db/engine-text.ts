/**
 * The search engine's state in a study record is stored as its JSON text (version 5). Every save
 * of a running study rewrites the study record, and IndexedDB copies a stored object field by
 * field on the page's main thread, on the way in and on the way out: the engine's state holds
 * every trial with its intermediate values, so that copy grew with the study. A string is copied
 * in one piece, and the text of an ended trial (which never changes: Study.toJSON gives it frozen,
 * and the same object every time) is written once and reused. Reads give the parsed state, so
 * nothing outside the history sees the difference; records of version 4 and before, with the state
 * as an object, read as they are.
 */
import type { StudyJSON } from "../../core/search/index";
import type { StoredStudyRecord, StudyRecord } from "./schema";

/** JSON text of frozen trial entries of Study.toJSON, by entry. */
const entryText = new WeakMap<object, string>();

/** A trial entry that can never change: frozen, and its params and intermediate values too. */
function isFrozenEntry(entry: unknown): entry is object {
  if (typeof entry !== "object" || entry === null || !Object.isFrozen(entry)) return false;
  const { params, intermediate } = entry as { params?: unknown; intermediate?: unknown };
  return [params, intermediate].every(
    (part) => typeof part !== "object" || part === null || Object.isFrozen(part),
  );
}

/** `JSON.stringify(engine)`, reusing the text of trials already written (its keys may come in another order). */
export function engineToText(engine: StudyJSON): string {
  if (typeof engine !== "object" || engine === null || !Array.isArray(engine.trials)) {
    throw new Error(
      `The search engine's state must be an object with a list of trials, got ${String(engine)}`,
    );
  }
  const { trials, ...rest } = engine;
  const parts = trials.map((trial) => {
    if (!isFrozenEntry(trial)) return JSON.stringify(trial);
    let text = entryText.get(trial);
    if (text === undefined) {
      text = JSON.stringify(trial);
      entryText.set(trial, text);
    }
    return text;
  });
  const head = JSON.stringify(rest);
  return `${head.slice(0, -1)}${head === "{}" ? "" : ","}"trials":[${parts.join(",")}]}`;
}

/** The engine state as a study record stores it: text, or null. */
export function storedEngine(engine: StudyJSON | null | undefined): string | null {
  return engine === null || engine === undefined ? null : engineToText(engine);
}

/** A study record as the history stores it (the engine state as text). */
export function toStoredStudy(study: StudyRecord): StoredStudyRecord {
  return { ...study, engine: storedEngine(study.engine) };
}

/** A stored study record as the rest of the app reads it: the engine state parsed. */
export function fromStoredStudy(stored: StoredStudyRecord): StudyRecord {
  if (typeof stored.engine !== "string") return stored as StudyRecord;
  let engine: StudyJSON;
  try {
    engine = JSON.parse(stored.engine) as StudyJSON;
  } catch (error) {
    throw new Error(
      `The saved search state of study "${stored.name}" is damaged and cannot be read (${(error as Error).message})`,
      { cause: error },
    );
  }
  return { ...stored, engine };
}
