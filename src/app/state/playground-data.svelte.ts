/**
 * The arrays of the playground's current dataset (tables, images, uploads), loaded when the person
 * picks one, and the list of uploads stored in this browser for the picker's "Your data" group.
 * 2D datasets have no arrays here: the page generates their points itself.
 */
import type { DatasetArrays, DatasetSpec } from "../../shared/train";
import { getDatasetArrays, listUploads, onUploadsChanged } from "../data/dataset-source";

/** An upload as the picker lists it. */
export interface UploadEntry {
  id: string;
  name: string;
}

export class PlaygroundData {
  /** Id of the array dataset last asked for (null for 2D data). */
  id: string | null = $state(null);
  arrays: DatasetArrays | null = $state.raw(null);
  loading = $state(false);
  /** Why the dataset could not be loaded. */
  error: string | null = $state(null);
  uploads: UploadEntry[] = $state.raw([]);
  /** Why the list of uploads could not be read (IndexedDB unavailable, for instance). */
  uploadsError: string | null = $state(null);

  private request = 0;

  /** Loads the arrays of `spec` unless they are loaded already; 2D specs clear them. */
  async select(spec: DatasetSpec): Promise<void> {
    if (spec.kind === "2d") {
      this.request++;
      this.id = null;
      this.arrays = null;
      this.loading = false;
      this.error = null;
      return;
    }
    if (this.id === spec.id && (this.arrays || this.loading)) return;
    const request = ++this.request;
    this.id = spec.id;
    this.arrays = null;
    this.error = null;
    this.loading = true;
    try {
      const arrays = await getDatasetArrays(spec);
      if (request !== this.request) return;
      if (!arrays) throw new Error(`No arrays for dataset "${spec.id}"`);
      this.arrays = arrays;
    } catch (e) {
      if (request !== this.request) return;
      const message = e instanceof Error ? e.message : String(e);
      this.error =
        spec.kind === "upload"
          ? `The uploaded dataset "${spec.id}" could not be loaded from this browser (${message}). Upload the CSV again or pick another dataset.`
          : `The dataset "${spec.id}" could not be loaded: ${message}`;
    } finally {
      if (request === this.request) this.loading = false;
    }
  }

  /** Forgets the loaded arrays of `id` so the next select reads them again (after a re-upload). */
  forget(id: string): void {
    if (this.id !== id) return;
    this.request++;
    this.id = null;
    this.arrays = null;
    this.loading = false;
    this.error = null;
  }

  /** Keeps the list of uploads current (saved or deleted on this page); returns the unsubscribe. */
  watchUploads(): () => void {
    void this.refreshUploads();
    return onUploadsChanged(() => void this.refreshUploads());
  }

  /** Reads the list of stored uploads again. */
  async refreshUploads(): Promise<void> {
    try {
      const list = await listUploads();
      this.uploads = list.map((u) => ({ id: u.id, name: u.name }));
      this.uploadsError = null;
    } catch (e) {
      this.uploadsError = `Stored uploads could not be listed: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
}
