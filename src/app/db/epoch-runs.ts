/**
 * Epochs stored in runs: a save puts a trial's consecutive epochs into one IndexedDB record (the
 * first epoch under its key, the next ones packed into typed arrays in its `packed`, or, as
 * version 4 stored them, listed in its `more`; see EpochRecord). Reads give every epoch as a
 * record of its own.
 */
import { PACKED_EPOCH_FIELDS, type EpochMetrics, type EpochRecord, type PackedEpochs } from "./schema";

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
