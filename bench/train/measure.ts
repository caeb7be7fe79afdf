/**
 * Turns raw timings from the page into rates: steady-state samples per second (the first epoch,
 * with its shader compilation and allocation, is never counted), floating-point operations per
 * second, and the medians and ratios the report shows.
 */
import { epochFlops, weightsOf, type ThroughputCase } from "./cases";

/** Median of a non-empty list. */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error("median of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function trainCount(c: ThroughputCase): number {
  return Math.round(c.samples * c.trainRatio);
}

/**
 * Epochs per second after the first epoch, from the times at which epochs ended: the span from the
 * end of epoch 1 to the end of the last epoch covers epochs 2..n, everything in between included
 * (shuffling, validation, reporting).
 */
export function steadyEpochsPerSec(epochEnds: number[]): number {
  if (epochEnds.length < 2) {
    throw new Error(`Need at least 2 epoch end times to measure a steady rate, got ${epochEnds.length}`);
  }
  const spanMs = epochEnds[epochEnds.length - 1] - epochEnds[0];
  if (!(spanMs > 0)) throw new Error(`Epoch end times do not increase: ${epochEnds.join(", ")}`);
  return (epochEnds.length - 1) / (spanMs / 1000);
}

/** Training samples per second after warm-up. */
export function samplesPerSec(c: ThroughputCase, epochEnds: number[]): number {
  return trainCount(c) * steadyEpochsPerSec(epochEnds);
}

/** Floating-point operations per second of training (forward + backward, and the validation forward). */
export function trainingFlopsPerSec(c: ThroughputCase, epochEnds: number[]): number {
  return epochFlops(c) * steadyEpochsPerSec(epochEnds);
}

/** Steps of the bare matMul loop that amount to the steady-state epochs of a run of the case. */
export function matmulSteps(c: ThroughputCase): number {
  return Math.ceil(trainCount(c) / c.batchSize) * (c.epochs - 1);
}

/** Floating-point operations per second of the matMul loop: 3 products of 2·batch·in·out each, per layer. */
export function matmulFlopsPerSec(c: ThroughputCase, steps: number, ms: number): number {
  return (6 * c.batchSize * weightsOf(c) * steps) / (ms / 1000);
}
