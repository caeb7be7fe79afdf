/**
 * The trial as the study plots read it, and the checks every extractor runs on its input: the
 * engine's TrialRecord plus what the app adds while running a study (times, worker, and the
 * "interrupted" state of a trial whose page was closed while it ran).
 */
import type { Direction, Params, TrialState } from "../search/types";

/** A trial's state on the dashboard: the engine's states plus "interrupted". */
export type PlotTrialState = TrialState | "interrupted";

/** Every state, in the order legends list them. */
export const PLOT_TRIAL_STATES: readonly PlotTrialState[] = [
  "running",
  "complete",
  "pruned",
  "failed",
  "interrupted",
];

/** A trial as the plots read it; any record with these fields (the engine's, the app's) fits. */
export interface PlotTrial {
  number: number;
  params: Params;
  state: PlotTrialState;
  /** Objective value: final for complete trials, the last reported one for pruned trials. */
  value?: number;
  /** Intermediate values by step (e.g. one per epoch). */
  intermediate: Record<number, number>;
  reason?: string;
  /** Wall-clock start and end, in milliseconds since the epoch. */
  startedAt?: number;
  endedAt?: number;
  /** Index of the worker that ran the trial. */
  worker?: number;
}

/** Throws an Error naming the trial and the field if `trials` is not a list of well-formed trials with distinct numbers. */
export function checkTrials(trials: readonly PlotTrial[]): void {
  if (!Array.isArray(trials)) throw new Error(`Trials must be an array, got ${describe(trials)}`);
  const seen = new Set<number>();
  for (const t of trials) {
    if (typeof t !== "object" || t === null) throw new Error(`A trial must be an object, got ${describe(t)}`);
    if (!Number.isInteger(t.number) || t.number < 0) {
      throw new Error(`A trial number must be an integer >= 0, got ${describe(t.number)}`);
    }
    if (seen.has(t.number)) throw new Error(`Trial ${t.number} appears more than once`);
    seen.add(t.number);
    if (!PLOT_TRIAL_STATES.includes(t.state)) {
      throw new Error(
        `Trial ${t.number}: unknown state ${describe(t.state)} (expected ${PLOT_TRIAL_STATES.join(", ")})`,
      );
    }
    if (t.value !== undefined && typeof t.value !== "number") {
      throw new Error(`Trial ${t.number}: value must be a number, got ${describe(t.value)}`);
    }
    if (typeof t.params !== "object" || t.params === null) {
      throw new Error(`Trial ${t.number}: params must be an object, got ${describe(t.params)}`);
    }
    if (typeof t.intermediate !== "object" || t.intermediate === null) {
      throw new Error(
        `Trial ${t.number}: intermediate must be an object of values by step, got ${describe(t.intermediate)}`,
      );
    }
  }
}

/** Throws unless `direction` is "minimize" or "maximize". */
export function checkDirection(direction: Direction): void {
  if (direction !== "minimize" && direction !== "maximize") {
    throw new Error(`Direction must be "minimize" or "maximize", got ${describe(direction)}`);
  }
}

/** Whether objective value `a` is strictly better than `b` in `direction`. */
export function isBetter(a: number, b: number, direction: Direction): boolean {
  return direction === "minimize" ? a < b : a > b;
}

/** The complete trial with the best finite value (the lowest number among ties), or undefined. */
export function bestTrial(trials: readonly PlotTrial[], direction: Direction): PlotTrial | undefined {
  let best: PlotTrial | undefined;
  for (const t of trials) {
    if (t.state !== "complete" || !isFiniteNumber(t.value)) continue;
    if (
      best === undefined ||
      isBetter(t.value, best.value as number, direction) ||
      (t.value === best.value && t.number < best.number)
    ) {
      best = t;
    }
  }
  return best;
}

/** Trials sorted by number (a copy). */
export function byNumber<T extends { number: number }>(trials: readonly T[]): T[] {
  return [...trials].sort((a, b) => a.number - b.number);
}

export function isFiniteNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

export function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object" && v !== null) return "an object";
  return String(v);
}
