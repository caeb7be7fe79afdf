/**
 * The uploads stored in this browser, as a list that stays current: it is read again whenever an
 * upload is saved or deleted on this page (dataset-source's onUploadsChanged).
 */
import { deleteUpload, listUploads, onUploadsChanged } from "../data/dataset-source";
import type { DatasetSummary } from "../db/index";

export class UploadLibrary {
  items: DatasetSummary[] = $state.raw([]);
  /** Why the list could not be read or an upload not deleted, or null. */
  problem: string | null = $state(null);
  /** Whether the list has been read at least once. */
  listed = $state(false);
  private readonly stop: () => void;
  private token = 0;

  constructor() {
    this.stop = onUploadsChanged(() => void this.refresh());
    void this.refresh();
  }

  /** Reads the list again. */
  async refresh(): Promise<void> {
    const token = ++this.token;
    try {
      const items = await listUploads();
      if (token !== this.token) return;
      this.items = items;
      this.problem = null;
    } catch (error) {
      if (token !== this.token) return;
      this.problem = `Stored uploads cannot be read: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      if (token === this.token) this.listed = true;
    }
  }

  /** Deletes an upload; the list follows through onUploadsChanged. */
  /** Deletes an upload; true when it is gone, false (with `problem` set) when it could not be. */
  async remove(id: string): Promise<boolean> {
    try {
      await deleteUpload(id);
      return true;
    } catch (error) {
      this.problem = `The upload could not be deleted: ${error instanceof Error ? error.message : String(error)}`;
      return false;
    }
  }

  /** Stops following changes. */
  dispose(): void {
    this.stop();
  }
}
