/**
 * The two storage failures a person should hear about, as typed errors whose message the page can
 * show as it is: history cannot be kept at all, or the disk quota ran out while saving something.
 */

/** Why the history is unavailable. */
export type StorageUnavailableReason =
  /** No IndexedDB at all (`indexedDB` undefined). */
  | "unsupported"
  /** The browser refused to open it (private window, storage blocked for the site...). */
  | "denied"
  /** Another tab keeps an older version of the database open, so this one cannot upgrade it. */
  | "blocked"
  /** The database was written by a newer version of Tunelab than this page. */
  | "newer-version"
  /** The upgrade of an older database failed; the old data are untouched. */
  | "upgrade-failed"
  /** The connection was closed: another tab upgraded the database, or the browser dropped it. */
  | "closed";

const UNAVAILABLE_MESSAGES: Record<StorageUnavailableReason, string> = {
  unsupported: "History is off: this browser does not allow storage here",
  denied: "History is off: this browser does not allow storage here",
  blocked:
    "History is off: another Tunelab tab has an older version of the saved history open; close it and reload this page",
  "newer-version":
    "History is off: the saved history was written by a newer version of Tunelab; reload to get the newer page",
  "upgrade-failed": "History is off: the saved history could not be upgraded to this version of Tunelab",
  closed:
    "History is off: another Tunelab tab upgraded the saved history or the browser closed it; reload this page",
};

/** IndexedDB cannot be used here; `message` is meant for the person. */
export class StorageUnavailableError extends Error {
  readonly reason: StorageUnavailableReason;

  constructor(reason: StorageUnavailableReason, options?: { cause?: unknown; detail?: string }) {
    const detail = options?.detail ? ` (${options.detail})` : "";
    super(UNAVAILABLE_MESSAGES[reason] + detail, { cause: options?.cause });
    this.name = "StorageUnavailableError";
    this.reason = reason;
  }
}

/** A write ran over the storage quota; `what` names what could not be saved. Nothing of that write is kept. */
export class StorageFullError extends Error {
  readonly what: string;

  constructor(what: string, options?: { cause?: unknown }) {
    super(`Storage is full: could not save ${what}. Delete old studies to free space.`, {
      cause: options?.cause,
    });
    this.name = "StorageFullError";
    this.what = what;
  }
}

/** The DOMException name of an error (or of its cause, for errors that wrap one), if it has one. */
function domErrorName(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === "string" ? name : undefined;
}

/** Whether an error says the storage quota is exhausted. */
export function isQuotaError(error: unknown): boolean {
  // Firefox used to report the quota as NS_ERROR_DOM_QUOTA_REACHED.
  const name = domErrorName(error);
  return name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED";
}

/**
 * Turns a quota failure while saving `what` into StorageFullError, and a value IndexedDB cannot
 * copy into an Error that says so; other errors pass through unchanged.
 */
export function mapWriteError(error: unknown, what: string): unknown {
  if (error instanceof StorageFullError || error instanceof StorageUnavailableError) return error;
  if (isQuotaError(error)) return new StorageFullError(what, { cause: error });
  if (domErrorName(error) === "DataCloneError") {
    // The usual culprit in this app: a Svelte $state proxy handed over as it is.
    return new Error(
      `Could not save ${what}: it holds a value IndexedDB cannot store (a function, or a reactive proxy: pass $state.snapshot(value))`,
      { cause: error },
    );
  }
  return error;
}
