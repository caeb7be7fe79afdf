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
  const steps = reportedSteps(trial);
  if (steps.length === 0) return null;
  const step = steps[steps.length - 1];
  return { step, value: trial.intermediate[step] };
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
