/** Numbers the lessons read off training curves: a robust final value and the train/validation gap. */

/** Mean of the last `count` values (fewer when the curve is shorter); NaN for an empty curve. */
export function tailMean(values: number[], count = 3): number {
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`tailMean needs a count of at least 1, got ${count}`);
  if (values.length === 0) return NaN;
  const tail = values.slice(-count);
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}

/** Validation loss minus training loss, each averaged over the last `count` epochs. */
export function generalisationGap(train: number[], val: number[], count = 3): number {
  if (train.length !== val.length) {
    throw new Error(
      `Training and validation curves must have equal lengths, got ${train.length} and ${val.length}`,
    );
  }
  return tailMean(val, count) - tailMean(train, count);
}

/** Index of the smallest finite value, or -1 when there is none. */
export function argMin(values: number[]): number {
  let best = -1;
  values.forEach((v, i) => {
    if (Number.isFinite(v) && (best < 0 || v < values[best])) best = i;
  });
  return best;
}
