/** Item 7 of the benchmark suite: how memory moves over a long study, from samples taken while it runs. */
import type { HeapGroup } from "./heap-snapshot";
import { linearFit } from "./stats";

export interface MemorySample {
  /** Seconds since Run was pressed. */
  seconds: number;
  /** Trials ended so far. */
  trials: number;
  /** The page's JavaScript heap after a full garbage collection (bytes). */
  pageHeapBytes: number;
  domNodes: number;
  /** Live tensors and their bytes in each training worker (null where the worker could not be read). */
  workerTensors: (number | null)[];
  workerTensorBytes: (number | null)[];
  /** The workers' own JavaScript heaps, where the browser tells them (bytes). */
  workerHeapBytes: (number | null)[];
  /** Resident memory of the renderer processes (page, workers, WebAssembly), or null without /proc. */
  rendererRssBytes: number | null;
}

export interface Growth {
  /** Least-squares growth per trial, over the samples from `fromTrial` on. */
  perTrial: number;
  first: number;
  last: number;
}

/**
 * Growth of `pick` per trial over the samples taken once `fromTrial` trials had ended (the first
 * trials warm up caches and compile code); null when fewer than two such samples have a value.
 */
export function growthPerTrial(
  samples: readonly MemorySample[],
  pick: (s: MemorySample) => number | null,
  fromTrial: number,
): Growth | null {
  const points = samples
    .filter((s) => s.trials >= fromTrial)
    .map((s) => [s.trials, pick(s)] as const)
    .filter((p): p is readonly [number, number] => p[1] !== null && Number.isFinite(p[1]));
  if (points.length < 2 || new Set(points.map((p) => p[0])).size < 2) return null;
  const fit = linearFit(
    points.map((p) => p[0]),
    points.map((p) => p[1]),
  );
  return { perTrial: fit.slope, first: points[0][1], last: points[points.length - 1][1] };
}

/** Samples spread evenly over the run (first and last always kept), for a short table. */
export function spreadSamples<T>(samples: readonly T[], count: number): T[] {
  if (count < 2) throw new Error(`spreadSamples needs a count of at least 2, got ${count}`);
  if (samples.length <= count) return [...samples];
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) picked.add(Math.round((i * (samples.length - 1)) / (count - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => samples[i]);
}

/** What the heap gained between two snapshots, split into compiled code and everything else (bytes). */
export interface LeftBehind {
  codeBytes: number;
  otherBytes: number;
  /** The non-code gain per trial of the studies run between the snapshots. */
  otherPerTrial: number;
}

/**
 * The heap's gain from `before` to `after` (grouped snapshots), per group kind: "(code)" is code the
 * JavaScript engine compiled (it compiles more as more of the app's code gets hot, up to a bound),
 * the rest is data.
 */
export function leftBehind(
  before: Map<string, HeapGroup>,
  after: Map<string, HeapGroup>,
  trialsBetween: number,
): LeftBehind {
  if (!Number.isInteger(trialsBetween) || trialsBetween < 1) {
    throw new Error(`The trials run between two snapshots must be a whole number ≥ 1, got ${trialsBetween}`);
  }
  let codeBytes = 0;
  let otherBytes = 0;
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const gain = (after.get(name)?.selfBytes ?? 0) - (before.get(name)?.selfBytes ?? 0);
    if (name === "(code)") codeBytes += gain;
    else otherBytes += gain;
  }
  return { codeBytes, otherBytes, otherPerTrial: otherBytes / trialsBetween };
}

const signedKb = (bytes: number): string =>
  `${bytes < 0 ? "−" : "+"}${(Math.abs(bytes) / 1000).toFixed(1)} KB`;

/** The sentence under the closed-studies table. */
export function leftBehindText(left: LeftBehind, laterStudies: number, trials: number): string {
  return (
    `From the first study closed to the last (${laterStudies} more studies of ${trials} trials run and closed ` +
    `in between; two heap snapshots): compiled code ${signedKb(left.codeBytes)}, everything else ` +
    `**${signedKb(left.otherBytes)}** (${left.otherPerTrial < 0 ? "−" : "+"}` +
    `${Math.abs(left.otherPerTrial).toFixed(1)} B per trial of those studies).`
  );
}

/** One quick reading of the live tensors in each training worker (null where one could not be read). */
export interface TensorReading {
  /** Seconds since Run was pressed. */
  seconds: number;
  counts: (number | null)[];
}

/** The fewest and most live tensors read in a worker over part of a run. */
export interface TensorSpan {
  fewest: number;
  most: number;
  readings: number;
}

/**
 * The fewest and most live tensors in the first and the second half (by time) of the readings taken
 * from `fromSeconds` on. Readings come every few tens of milliseconds, so each half holds some taken
 * between two trials, when a worker holds only its data's tensors: the fewest is that floor, and a
 * tensor left behind by every trial would raise it from the first half to the second. Null when a
 * half has no reading.
 */
export function tensorHalves(
  readings: readonly TensorReading[],
  fromSeconds: number,
): { first: TensorSpan; second: TensorSpan } | null {
  const late = readings.filter((r) => r.seconds >= fromSeconds);
  if (late.length < 2) return null;
  const middle = (late[0].seconds + late[late.length - 1].seconds) / 2;
  const span = (part: readonly TensorReading[]): TensorSpan | null => {
    const counts = part.flatMap((r) => r.counts).filter((n): n is number => n !== null);
    return counts.length === 0
      ? null
      : { fewest: Math.min(...counts), most: Math.max(...counts), readings: counts.length };
  };
  const first = span(late.filter((r) => r.seconds < middle));
  const second = span(late.filter((r) => r.seconds >= middle));
  return first && second ? { first, second } : null;
}

/**
 * Item 7's aim held against a run: whether the workers' live tensors grew (the floor between trials,
 * in the first and in the second half of the run after the warm-up), how much the page's heap grows
 * a trial while the study is open, and what closed studies leave behind.
 */
export function memoryAimText(
  halves: { first: TensorSpan; second: TensorSpan } | null,
  fromTrial: number,
  heapPerTrial: number | null,
  left: LeftBehind,
): string {
  const tensors =
    halves === null
      ? "too few readings after the warm-up to compare the live tensors"
      : `live tensors ${halves.second.fewest <= halves.first.fewest ? "do not grow" : "GREW"}: between two ` +
        `trials a worker holds ${halves.first.fewest} in the first half of the run after trial ${fromTrial} and ` +
        `${halves.second.fewest} in the second (the fewest of ${halves.first.readings} and ` +
        `${halves.second.readings} readings), inside a trial at most ${halves.first.most} and ${halves.second.most}`;
  const heap =
    heapPerTrial === null
      ? "the heap's growth could not be measured"
      : `the page's heap grows ${(heapPerTrial / 1000).toFixed(1)} KB a trial while the study is open, which holds ` +
        `its trials for the table and the charts, and once closed a study leaves ${left.otherPerTrial.toFixed(0)} B ` +
        "a trial of data behind (the rest of what stays is code the engine compiled)";
  return `Against the aim (tensors and JavaScript heap do not grow): ${tensors}; ${heap}.`;
}
