/** Reading learning curves out of trial records: reported steps, latest and best values. */
import type { Direction, TrialRecord } from "../types";

/** The steps a trial has reported, ascending. */
export function reportedSteps(trial: TrialRecord): number[] {
  return Object.keys(trial.intermediate)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The last reported step and its value, or null when nothing was reported. */
export function lastReport(trial: TrialRecord): { step: number; value: number } | null {
  // The largest step, found in one pass (the pruner asks after every epoch: no sorted copy).
  const keys = Object.keys(trial.intermediate);
  if (keys.length === 0) return null;
  let step = Number(keys[0]);
  for (let i = 1; i < keys.length; i++) {
    const s = Number(keys[i]);
    if (s > step) step = s;
  }
  return { step, value: trial.intermediate[step] };
}

/** The largest reported step before `step`, or -1 if there is none. */
export function previousStep(trial: TrialRecord, step: number): number {
  let previous = -Infinity;
  let found = false;
  for (const key of Object.keys(trial.intermediate)) {
    const s = Number(key);
    if (s < step && (!found || s > previous)) {
      previous = s;
      found = true;
    }
  }
  return found ? previous : -1;
}

/** Whether a trial's latest reported value is NaN or infinite (its training diverged). */
export function lastReportIsNonFinite(trial: TrialRecord): boolean {
  const last = lastReport(trial);
  return last !== null && !Number.isFinite(last.value);
}

/** The best finite value a trial has reported so far (NaN if none). */
export function bestReported(trial: TrialRecord, direction: Direction): number {
  let best = NaN;
  for (const v of Object.values(trial.intermediate)) {
    if (!Number.isFinite(v)) continue;
    if (Number.isNaN(best) || (direction === "minimize" ? v < best : v > best)) best = v;
  }
  return best;
}

/** The value at the first reported step at or after `step` (undefined if the trial has not got that far). */
export function valueAtOrAfter(trial: TrialRecord, step: number): number | undefined {
  for (const s of reportedSteps(trial)) if (s >= step) return trial.intermediate[s];
  return undefined;
}

/** Linear-interpolation percentile (as numpy's default) of a non-empty list, q in [0, 100]. */
export function percentileOf(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}
