/**
 * Value domains for the objective axes. One diverged trial (a loss of 1e9 from a learning rate
 * that was far too high) would flatten every other trial against the axis, so the domain is cut
 * on the worse side at a Tukey fence; the better side always keeps its extreme, because that is
 * where the best trials are.
 */
import type { Direction } from "../search/types";

/** Fence distance in interquartile ranges: far enough that only gross outliers are cut. */
const FENCE = 3;
/** Fewest values for which quartiles say anything. */
const MIN_VALUES_FOR_FENCE = 8;

/** The q-quantile (0 <= q <= 1) of values sorted ascending, by linear interpolation between order statistics. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error("Cannot take a quantile of no values");
  if (!(q >= 0 && q <= 1)) throw new Error(`A quantile must lie in [0, 1], got ${q}`);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
}

/**
 * The [low, high] an objective axis should show for `values` (non-finite ones ignored; with
 * `log`, non-positive ones too), cut at a Tukey fence on the worse side of `direction` and widened
 * when all values are equal. Undefined when no value can be shown.
 */
export function objectiveDomain(
  values: readonly number[],
  direction: Direction,
  log = false,
): [number, number] | undefined {
  const usable = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  if (usable.length === 0) return undefined;
  const t = log ? usable.map(Math.log10) : usable;
  const sorted = t.sort((a, b) => a - b);
  let lo = sorted[0];
  let hi = sorted[sorted.length - 1];
  if (sorted.length >= MIN_VALUES_FOR_FENCE) {
    const q1 = quantileSorted(sorted, 0.25);
    const q3 = quantileSorted(sorted, 0.75);
    const iqr = q3 - q1;
    if (iqr > 0) {
      if (direction === "minimize") hi = Math.min(hi, q3 + FENCE * iqr);
      else lo = Math.max(lo, q1 - FENCE * iqr);
    }
  }
  if (lo === hi) {
    const pad = log ? 0.3 : lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  return log ? [10 ** lo, 10 ** hi] : [lo, hi];
}

/** Smallest and largest of finite values, or undefined when there are none. */
export function finiteExtent(values: Iterable<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}
