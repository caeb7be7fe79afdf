/** Item 7 of the benchmark suite: how memory moves over a long study, from samples taken while it runs. */
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
