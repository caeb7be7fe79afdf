/**
 * Epochs stored in runs: a save puts a trial's consecutive epochs into one IndexedDB record (the
 * first epoch under its key, the next ones packed into typed arrays in its `packed`, or, as
 * version 4 stored them, listed in its `more`; see EpochRecord). Reads give every epoch as a
 * record of its own. Also how an epoch is checked and added on the way in.
 */
import type { IDBPTransaction } from "idb";
import type { EpochReport } from "../../shared/train";
import {
  PACKED_EPOCH_FIELDS,
  type EpochMetrics,
  type EpochRecord,
  type PackedEpochs,
  type StudyDbSchema,
} from "./schema";
import { checkEpochReport } from "./validate";

// Every field of an epoch is packed: a field added to EpochMetrics and not to the list fails here.
type Unpacked = Exclude<keyof EpochMetrics, (typeof PACKED_EPOCH_FIELDS)[number] | "stepLrs">;
const everyFieldPacked: [Unpacked] extends [never] ? true : never = true;
void everyFieldPacked;

const FIELDS = PACKED_EPOCH_FIELDS.length;

/** Packs epochs (already checked) into typed arrays; exact, NaN and -0 included. */
export function packEpochs(epochs: readonly EpochMetrics[]): PackedEpochs {
  const values = new Float64Array(epochs.length * FIELDS);
  const stepCounts = new Uint32Array(epochs.length);
  let steps = 0;
  epochs.forEach((e, i) => {
    for (let f = 0; f < FIELDS; f++) values[i * FIELDS + f] = e[PACKED_EPOCH_FIELDS[f]];
    stepCounts[i] = e.stepLrs.length;
    steps += e.stepLrs.length;
  });
  const stepLrs = new Float64Array(steps);
  let at = 0;
  for (const e of epochs) {
    stepLrs.set(e.stepLrs, at);
    at += e.stepLrs.length;
  }
  return { values, stepCounts, stepLrs };
}

/** The epochs of a packed run; throws naming the trial when the arrays do not fit together. */
export function unpackEpochs(packed: PackedEpochs, where: string): EpochMetrics[] {
  const { values, stepCounts, stepLrs } = packed ?? {};
  const count = stepCounts?.length;
  const damaged = (why: string): Error => new Error(`${where}: the stored run of epochs is damaged (${why})`);
  if (
    !(values instanceof Float64Array) ||
    !(stepCounts instanceof Uint32Array) ||
    !(stepLrs instanceof Float64Array)
  ) {
    throw damaged("its arrays are missing or of the wrong type");
  }
  if (values.length !== count * FIELDS) {
    throw damaged(`${values.length} values for ${count} epochs of ${FIELDS} fields`);
  }
  const steps = stepCounts.reduce((n, c) => n + c, 0);
  if (steps !== stepLrs.length)
    throw damaged(`${stepLrs.length} step learning rates where the counts add up to ${steps}`);
  const out: EpochMetrics[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const epoch = {} as Record<(typeof PACKED_EPOCH_FIELDS)[number], number>;
    for (let f = 0; f < FIELDS; f++) epoch[PACKED_EPOCH_FIELDS[f]] = values[i * FIELDS + f];
    out.push({ ...epoch, stepLrs: Array.from(stepLrs.subarray(at, at + stepCounts[i])) });
    at += stepCounts[i];
  }
  return out;
}

/** Every stored epoch as a record of its own, in order, without `packed` or `more`. */
export function expandEpochRuns(stored: readonly EpochRecord[]): EpochRecord[] {
  const out: EpochRecord[] = [];
  for (const { more, packed, ...first } of stored) {
    out.push(first);
    const { studyId, trialNumber } = first;
    for (const metrics of more ?? []) out.push({ ...metrics, studyId, trialNumber });
    if (packed !== undefined) {
      for (const metrics of unpackEpochs(packed, `Trial ${trialNumber}, after epoch ${first.epoch}`)) {
        out.push({ ...metrics, studyId, trialNumber });
      }
    }
  }
  return out;
}

/** The stored form of an epoch report: without its boundary grid, with its trial's keys. */
export function epochRecord(
  studyId: string,
  trialNumber: number,
  report: EpochReport | EpochMetrics,
): EpochRecord {
  checkEpochReport(report, `Trial ${trialNumber}`);
  const { boundary: _boundary, ...metrics } = report as EpochReport;
  return { ...metrics, stepLrs: [...metrics.stepLrs], studyId, trialNumber };
}

/** Adds an epoch record in `tx`, with a clear message when that epoch is already there. */
export function addEpoch(
  tx: IDBPTransaction<StudyDbSchema, ("trials" | "epochs" | "studies")[], "readwrite">,
  record: EpochRecord,
): Promise<unknown> {
  return tx
    .objectStore("epochs")
    .add(record)
    .catch((error: unknown) => {
      if ((error as { name?: string })?.name !== "ConstraintError") throw error;
      throw new Error(`Epoch ${record.epoch} of trial ${record.trialNumber} was already saved`, {
        cause: error,
      });
    });
}

/** An epoch report's metrics: the report itself when it has no boundary grid, else a copy without it. */
function withoutBoundary(report: EpochReport | EpochMetrics): EpochMetrics {
  if (!("boundary" in report)) return report;
  const { boundary: _boundary, ...metrics } = report;
  return metrics;
}

/**
 * Checks a trial's consecutive epochs (each a valid report, in increasing order) and makes the one
 * record that stores them (see EpochRecord): the first epoch under its key (a copy without the
 * boundary grid), the others packed into its `packed`; null for none.
 */
export function epochRun(
  studyId: string,
  trialNumber: number,
  epochs: readonly (EpochReport | EpochMetrics)[],
): EpochRecord | null {
  for (const e of epochs) checkEpochReport(e, `Trial ${trialNumber}`);
  checkEpochOrder(trialNumber, epochs);
  if (epochs.length === 0) return null;
  const first: EpochRecord = { ...withoutBoundary(epochs[0]), studyId, trialNumber };
  if (epochs.length > 1) first.packed = packEpochs(epochs.slice(1));
  return first;
}

/** Adds a record of epochRun in `tx` (nothing for null). */
export function addEpochRun(
  tx: IDBPTransaction<StudyDbSchema, ("trials" | "epochs" | "studies")[], "readwrite">,
  run: EpochRecord | null,
): Promise<unknown> {
  return run === null ? Promise.resolve() : addEpoch(tx, run);
}

/** Throws unless the epochs are numbered in increasing order (a batch is saved as it was reported). */
export function checkEpochOrder(trialNumber: number, epochs: readonly { epoch: number }[]): void {
  for (let i = 1; i < epochs.length; i++) {
    if (epochs[i].epoch <= epochs[i - 1].epoch) {
      throw new Error(
        `Trial ${trialNumber}: epochs must be saved in increasing order, got ${epochs[i - 1].epoch} then ${epochs[i].epoch}`,
      );
    }
  }
}
