/**
 * Reading learning curves out of trial records: reported steps, latest and best values. A pruner
 * reads them through a CurveReader: `scanCurves` reads the records as they are (each call walks a
 * trial's values); a study passes its `CurveIndex`, kept up to date as trials report, so that the
 * check after every epoch of every trial does not walk every curve again.
 */
import type { Direction, TrialRecord } from "./types";

/** How a pruner reads trials' curves. */
export interface CurveReader {
  /** The steps a trial has reported, ascending. Do not modify the array. */
  steps(trial: TrialRecord): readonly number[];
  /** The best finite value a trial has reported so far (NaN if none). */
  best(trial: TrialRecord, direction: Direction): number;
}

function sortedSteps(intermediate: Record<number, number>): number[] {
  return Object.keys(intermediate)
    .map(Number)
    .sort((a, b) => a - b);
}

function bestOf(intermediate: Record<number, number>, direction: Direction): number {
  let best = NaN;
  for (const v of Object.values(intermediate)) {
    if (!Number.isFinite(v)) continue;
    if (Number.isNaN(best) || (direction === "minimize" ? v < best : v > best)) best = v;
  }
  return best;
}

/** Reads each trial's values afresh on every call: for records that may change in any way between calls. */
export const scanCurves: CurveReader = {
  steps: (trial) => sortedSteps(trial.intermediate),
  best: (trial, direction) => bestOf(trial.intermediate, direction),
};

interface IndexedCurve {
  /** Reported steps, ascending. */
  steps: number[];
  /** Best finite values so far when minimising and when maximising (NaN if none). */
  lowest: number;
  highest: number;
}

/**
 * A study's index of its trials' curves, by the records' `intermediate` objects: built from a
 * curve the first time it is read, then kept up to date by `add`. It is only correct for records
 * whose values change through `add` alone, which is how a study changes its own records.
 */
export class CurveIndex implements CurveReader {
  private readonly curves = new WeakMap<Record<number, number>, IndexedCurve>();

  steps(trial: TrialRecord): readonly number[] {
    return this.curveOf(trial.intermediate).steps;
  }

  best(trial: TrialRecord, direction: Direction): number {
    const curve = this.curveOf(trial.intermediate);
    return direction === "minimize" ? curve.lowest : curve.highest;
  }

  /** Records `intermediate[step] = value` (the step must be new) and updates the index. */
  add(intermediate: Record<number, number>, step: number, value: number): void {
    const curve = this.curveOf(intermediate);
    intermediate[step] = value;
    const steps = curve.steps;
    let at = steps.length;
    while (at > 0 && steps[at - 1] > step) at--;
    if (at === steps.length) steps.push(step);
    else steps.splice(at, 0, step);
    if (Number.isFinite(value)) {
      if (!(value >= curve.lowest)) curve.lowest = value;
      if (!(value <= curve.highest)) curve.highest = value;
    }
  }

  private curveOf(intermediate: Record<number, number>): IndexedCurve {
    let curve = this.curves.get(intermediate);
    if (curve === undefined) {
      curve = {
        steps: sortedSteps(intermediate),
        lowest: bestOf(intermediate, "minimize"),
        highest: bestOf(intermediate, "maximize"),
      };
      this.curves.set(intermediate, curve);
    }
    return curve;
  }
}

/** The last reported step and its value, or null when nothing was reported. */
export function lastReport(
  trial: TrialRecord,
  curves: CurveReader = scanCurves,
): { step: number; value: number } | null {
  const steps = curves.steps(trial);
  if (steps.length === 0) return null;
  const step = steps[steps.length - 1];
  return { step, value: trial.intermediate[step] };
}

/** The index of the first of the ascending `steps` at or after `step` (steps.length if none). */
function firstAtOrAfter(steps: readonly number[], step: number): number {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The largest reported step before `step`, or -1 if there is none. */
export function previousStep(trial: TrialRecord, step: number, curves: CurveReader = scanCurves): number {
  const steps = curves.steps(trial);
  const at = firstAtOrAfter(steps, step);
  return at === 0 ? -1 : steps[at - 1];
}

/** Whether a trial's latest reported value is NaN or infinite (its training diverged). */
export function lastReportIsNonFinite(trial: TrialRecord, curves: CurveReader = scanCurves): boolean {
  const last = lastReport(trial, curves);
  return last !== null && !Number.isFinite(last.value);
}

/** The best finite value a trial has reported so far (NaN if none). */
export function bestReported(
  trial: TrialRecord,
  direction: Direction,
  curves: CurveReader = scanCurves,
): number {
  return curves.best(trial, direction);
}

/** The value at the first reported step at or after `step` (undefined if the trial has not got that far). */
export function valueAtOrAfter(
  trial: TrialRecord,
  step: number,
  curves: CurveReader = scanCurves,
): number | undefined {
  const steps = curves.steps(trial);
  const at = firstAtOrAfter(steps, step);
  return at === steps.length ? undefined : trial.intermediate[steps[at]];
}

/** Linear-interpolation percentile (as numpy's default) of a non-empty list, q in [0, 100]. */
export function percentileOf(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}
