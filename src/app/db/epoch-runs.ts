/**
 * Epochs stored in runs: a save puts a trial's consecutive epochs into one IndexedDB record (the
 * first epoch under its key, the next ones in its `more`, see EpochRecord). Reads give every epoch
 * as a record of its own.
 */
import type { EpochRecord } from "./schema";

/** Every stored epoch as a record of its own, in order, without `more`. */
export function expandEpochRuns(stored: readonly EpochRecord[]): EpochRecord[] {
  const out: EpochRecord[] = [];
  for (const { more, ...first } of stored) {
    out.push(first);
    for (const metrics of more ?? []) {
      out.push({ ...metrics, studyId: first.studyId, trialNumber: first.trialNumber });
    }
  }
  return out;
}
