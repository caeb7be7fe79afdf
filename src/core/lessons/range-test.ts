/**
 * The learning-rate range test: train while the rate grows exponentially, record the loss at each
 * rate, and suggest the rate where the (smoothed) loss falls fastest, before it turns and blows up.
 */

export interface RangePoint {
  lr: number;
  loss: number;
}

export interface RangeSuggestion {
  /** Suggested learning rate: steepest fall of the smoothed loss against log10(rate). */
  lr: number;
  /** Rate at which the smoothed loss is lowest. */
  minLossLr: number;
  /** Smoothed losses, one per point (NaN after the loss stopped being finite). */
  smoothed: number[];
}

/** Rates growing geometrically from `start` to `end` over `count` points (both ends included). */
export function exponentialRates(start: number, end: number, count: number): number[] {
  if (!(start > 0) || !(end > start)) {
    throw new Error(`A range test needs 0 < start < end, got start ${start} and end ${end}`);
  }
  if (!Number.isInteger(count) || count < 2)
    throw new Error(`A range test needs at least 2 points, got ${count}`);
  const ratio = Math.pow(end / start, 1 / (count - 1));
  return Array.from({ length: count }, (_, i) => start * Math.pow(ratio, i));
}

/** Per-epoch growth factor that takes the rate from `start` to `end` in `epochs` epochs. */
export function rangeGrowthPerEpoch(start: number, end: number, epochs: number): number {
  if (!(start > 0) || !(end > start)) {
    throw new Error(`A range test needs 0 < start < end, got start ${start} and end ${end}`);
  }
  if (!(epochs > 0)) throw new Error(`A range test needs a positive number of epochs, got ${epochs}`);
  return Math.pow(end / start, 1 / epochs);
}

/**
 * Suggests a learning rate from range-test points (rates increasing). The losses are smoothed by
 * an exponential moving average (`smoothing` is the weight of the past, 0 to < 1); points after
 * the first non-finite loss are ignored. Needs at least three finite points.
 */
export function suggestLearningRate(points: RangePoint[], smoothing = 0.5): RangeSuggestion {
  if (!(smoothing >= 0 && smoothing < 1)) throw new Error(`Smoothing must be in [0, 1), got ${smoothing}`);
  points.forEach((p, i) => {
    if (!(p.lr > 0) || !Number.isFinite(p.lr))
      throw new Error(`Range-test rate ${i} must be positive, got ${p.lr}`);
    if (i > 0 && p.lr <= points[i - 1].lr) {
      throw new Error(`Range-test rates must increase, got ${points[i - 1].lr} then ${p.lr}`);
    }
  });
  const smoothed: number[] = [];
  let average = NaN;
  let finite = true;
  for (const p of points) {
    finite = finite && Number.isFinite(p.loss);
    if (!finite) {
      smoothed.push(NaN);
      continue;
    }
    average = Number.isNaN(average) ? p.loss : smoothing * average + (1 - smoothing) * p.loss;
    smoothed.push(average);
  }
  const usable = smoothed.findIndex((s) => Number.isNaN(s));
  const count = usable < 0 ? smoothed.length : usable;
  if (count < 3) throw new Error(`A range test needs at least 3 points with a finite loss, got ${count}`);
  let best = 0;
  for (let i = 1; i < count; i++) if (smoothed[i] < smoothed[best]) best = i;
  // Steepest descent on the way down to the minimum (slope between neighbours in log rate).
  let steepest = 0;
  let steepestSlope = Infinity;
  for (let i = 1; i <= Math.max(1, best); i++) {
    const slope = (smoothed[i] - smoothed[i - 1]) / (Math.log10(points[i].lr) - Math.log10(points[i - 1].lr));
    if (slope < steepestSlope) {
      steepestSlope = slope;
      steepest = i;
    }
  }
  return { lr: points[steepest].lr, minLossLr: points[best].lr, smoothed };
}
