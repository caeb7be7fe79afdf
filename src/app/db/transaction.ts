/**
 * The one way the study history touches IndexedDB: a short transaction per operation, whose body
 * issues only requests of that transaction (no unrelated awaits, which would let it commit
 * early), and which is aborted as a whole when anything in it fails.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from "idb";
import { mapWriteError } from "./errors";
import type { StudyDbSchema } from "./schema";

export type StudyDbConnection = IDBPDatabase<StudyDbSchema>;
type StoreName = StoreNames<StudyDbSchema>;

/**
 * Runs `body` in one transaction over `stores` and resolves once the transaction has committed.
 * If the body throws or a request fails, the transaction is aborted so nothing of it is kept;
 * a quota failure becomes StorageFullError naming `saving` (what the operation was saving; null
 * for a read).
 */
export async function runTransaction<Names extends ArrayLike<StoreName>, Mode extends IDBTransactionMode, T>(
  db: StudyDbConnection,
  stores: Names,
  mode: Mode,
  saving: string | null,
  body: (tx: IDBPTransaction<StudyDbSchema, Names, Mode>) => Promise<T>,
): Promise<T> {
  const tx = db.transaction(stores, mode);
  try {
    const result = await body(tx);
    await tx.done;
    return result;
  } catch (error) {
    // tx.done rejects with the same failure once the transaction aborts; it is reported here.
    tx.done.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request, or already finished.
    }
    throw saving === null ? error : mapWriteError(error, saving);
  }
}

/** The key range of every record of one study in a store keyed by [studyId, ...]. */
export function studyKeyRange(studyId: string): IDBKeyRange {
  // Arrays sort after numbers, so [id, []] is above every [id, n] and [id, n, m].
  return IDBKeyRange.bound([studyId], [studyId, []]);
}

/** A new random study id (getRandomValues works outside secure contexts, unlike randomUUID). */
export function newStudyId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return "study-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Issues several requests of one transaction and waits for all of them. Requests are issued by
 * thunks so that if one throws at once (a value that cannot be cloned), those already issued,
 * which the abort will reject, do not become unhandled rejections.
 */
export function issueAll(requests: readonly (() => Promise<unknown>)[]): Promise<unknown[]> {
  const issued: Promise<unknown>[] = [];
  try {
    for (const request of requests) issued.push(request());
  } catch (error) {
    for (const p of issued) p.catch(() => undefined);
    throw error;
  }
  return Promise.all(issued);
}
