/**
 * Where the page gets a dataset's arrays before handing them to a worker (bridge's ensureData):
 * built-in files are fetched from public/datasets, checked against the catalog's size and SHA-256
 * and decoded; generated built-ins (Friedman #1) are computed; uploads are read from IndexedDB.
 * Arrays are kept in memory once loaded, so switching back to a dataset costs nothing.
 *
 * The module-level functions (`getDatasetArrays`, `listUploads`, `saveUpload`, `deleteUpload`,
 * `onUploadsChanged`) use the app's one source; tests build their own `DatasetSource`.
 */
import { datasetCard, decodeBuiltin, generateBuiltin } from "../../core/datasets/catalog";
import type { DatasetArrays, DatasetSpec } from "../../shared/train";
import { openStudyDb, type StudyDb } from "../db/study-db";
import type { NewDataset } from "../db/datasets";
import type { DatasetRecord, DatasetSummary } from "../db/schema";

export interface DatasetSourceOptions {
  /** Fetches a shipped file; `fetch` by default. */
  fetch?: (url: string) => Promise<Response>;
  /** Prefix of the shipped files' paths; `import.meta.env.BASE_URL` by default. */
  baseUrl?: string;
  /** Opens the database that holds the uploads; the app's own by default. */
  openDb?: () => Promise<StudyDb>;
}

/** How many uploads stay in memory after being read (built-ins all stay: the catalog is small). */
const CACHED_UPLOADS = 2;

/** Loads datasets' arrays and keeps the uploaded ones. One per page (see the module functions). */
export class DatasetSource {
  private readonly fetchFile: (url: string) => Promise<Response>;
  private readonly baseUrl: string;
  private readonly openDb: () => Promise<StudyDb>;
  private db: Promise<StudyDb> | null = null;
  /** Loaded or loading arrays by id; a failed load is removed so that it can be tried again. */
  private readonly loaded = new Map<string, Promise<DatasetArrays>>();
  private uploadOrder: string[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(options: DatasetSourceOptions = {}) {
    this.fetchFile = options.fetch ?? ((url) => fetch(url));
    this.baseUrl = options.baseUrl ?? import.meta.env.BASE_URL;
    this.openDb =
      options.openDb ??
      (() =>
        openStudyDb(undefined, {
          // Another tab upgraded the database: open it again on next use.
          onUnavailable: () => {
            this.db = null;
          },
        }));
  }

  /**
   * The arrays of an array dataset, or null for a 2D generator (the worker generates those itself).
   * Rejects with an Error naming the dataset when it is unknown, its file cannot be fetched or
   * fails its checks, or the upload is not stored in this browser.
   */
  async getDatasetArrays(spec: DatasetSpec): Promise<DatasetArrays | null> {
    if (spec.kind === "2d") return null;
    if (spec.kind === "builtin") return this.remember(spec.id, () => this.loadBuiltin(spec.id));
    if (spec.kind === "upload") {
      const arrays = this.remember(spec.id, () => this.loadUpload(spec.id));
      this.uploadOrder = [...this.uploadOrder.filter((id) => id !== spec.id), spec.id];
      for (const old of this.uploadOrder.splice(0, Math.max(0, this.uploadOrder.length - CACHED_UPLOADS))) {
        this.loaded.delete(old);
      }
      return arrays;
    }
    throw new Error(`Unknown dataset kind ${JSON.stringify((spec as { kind: unknown }).kind)}`);
  }

  /** Every stored upload's summary (no arrays), the newest first. */
  async listUploads(): Promise<DatasetSummary[]> {
    return (await this.database()).listDatasets();
  }

  /** Stores a new upload (its id from newUploadId, also its arrays' id) and tells the listeners. */
  async saveUpload(input: NewDataset): Promise<DatasetRecord> {
    const record = await (await this.database()).saveDataset(input);
    this.changed();
    return record;
  }

  /** Deletes a stored upload (and forgets its arrays); false if there was none. Tells the listeners. */
  async deleteUpload(id: string): Promise<boolean> {
    this.loaded.delete(id);
    this.uploadOrder = this.uploadOrder.filter((u) => u !== id);
    const deleted = await (await this.database()).deleteDataset(id);
    this.changed();
    return deleted;
  }

  /** Calls `listener` after every upload saved or deleted through this source; returns the unsubscribe. */
  onUploadsChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private database(): Promise<StudyDb> {
    if (this.db) return this.db;
    const opening = this.openDb();
    this.db = opening;
    // A failed open (IndexedDB refused here) is tried again next time rather than remembered.
    opening.catch(() => {
      if (this.db === opening) this.db = null;
    });
    return opening;
  }

  private remember(id: string, load: () => Promise<DatasetArrays>): Promise<DatasetArrays> {
    let arrays = this.loaded.get(id);
    if (!arrays) {
      arrays = load();
      this.loaded.set(id, arrays);
      arrays.catch(() => {
        if (this.loaded.get(id) === arrays) this.loaded.delete(id);
      });
    }
    return arrays;
  }

  private async loadBuiltin(id: string): Promise<DatasetArrays> {
    const card = datasetCard(id);
    if (card.generated) return generateBuiltin(card);
    if (!card.file) throw new Error(`Dataset "${card.name}" (${id}) has neither a file nor a generator`);
    const url = this.baseUrl + card.file.path;
    let response: Response;
    try {
      response = await this.fetchFile(url);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Could not load dataset "${card.name}" from ${url}: ${reason}`, { cause: error });
    }
    if (!response.ok) {
      throw new Error(
        `Could not load dataset "${card.name}" from ${url}: HTTP ${response.status} ${response.statusText}`.trim(),
      );
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    return decodeBuiltin(card, bytes);
  }

  private async loadUpload(id: string): Promise<DatasetArrays> {
    let db: StudyDb;
    try {
      db = await this.database();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Cannot read the uploaded dataset ${id}: ${reason}`, { cause: error });
    }
    const record = await db.getDataset(id);
    if (!record) {
      throw new Error(
        `The uploaded dataset ${id} is not stored in this browser (deleted, or uploaded in another browser): upload the CSV again`,
      );
    }
    return record.arrays;
  }
}

let appSource: DatasetSource | null = null;

/** The app's one DatasetSource, created on first use. */
export function datasetSource(): DatasetSource {
  appSource ??= new DatasetSource();
  return appSource;
}

/** The arrays of a dataset spec, or null for 2D data; see DatasetSource.getDatasetArrays. */
export function getDatasetArrays(spec: DatasetSpec): Promise<DatasetArrays | null> {
  return datasetSource().getDatasetArrays(spec);
}

/** Every stored upload's summary (no arrays), the newest first. */
export function listUploads(): Promise<DatasetSummary[]> {
  return datasetSource().listUploads();
}

/** Stores a new upload; see DatasetSource.saveUpload. */
export function saveUpload(input: NewDataset): Promise<DatasetRecord> {
  return datasetSource().saveUpload(input);
}

/** Deletes a stored upload; false if there was none. */
export function deleteUpload(id: string): Promise<boolean> {
  return datasetSource().deleteUpload(id);
}

/** Hears about uploads saved or deleted on this page; returns the unsubscribe. */
export function onUploadsChanged(listener: () => void): () => void {
  return datasetSource().onUploadsChanged(listener);
}
