/**
 * Optimisation history: each complete trial's objective value by trial number, the best value
 * found so far, and marks for the trials that did not complete (pruned ones at their last
 * reported value, failed and interrupted ones at the axis).
 */
import type { Direction } from "../search/types";
import { objectiveDomain } from "./domain";
import { byNumber, checkDirection, checkTrials, isBetter, isFiniteNumber, type PlotTrial } from "./trials";

export interface HistoryPoint {
  number: number;
  value: number;
  /** This trial improved on every complete trial before it. */
  improved: boolean;
}

export interface HistoryMark {
  number: number;
  /** "complete" here means complete without a finite value (e.g. a NaN loss). */
  state: "pruned" | "failed" | "interrupted" | "complete";
  /** The last value the trial reported, when it has a finite one. */
  value?: number;
  reason?: string;
}

export interface OptimizationHistoryData {
  direction: Direction;
  /** Complete trials with a finite value, by number. */
  complete: HistoryPoint[];
  /** The best value after each complete trial, by number: a step line. */
  best: { number: number; value: number }[];
  /** Trials that ended without a usable value, by number. */
  marks: HistoryMark[];
  /** Trials still running (not drawn; for a caption). */
  running: number;
  /** Smallest and largest trial number among the drawn trials, or undefined when none. */
  numberDomain: [number, number] | undefined;
  /** Objective axis range (outliers on the worse side cut), or undefined when no trial has a value. */
  valueDomain: [number, number] | undefined;
  bestTrial: { number: number; value: number } | undefined;
}

/** Extracts the optimisation history of a study from its trials. */
export function optimizationHistory(
  trials: readonly PlotTrial[],
  direction: Direction,
  options: { logValues?: boolean } = {},
): OptimizationHistoryData {
  checkTrials(trials);
  checkDirection(direction);
  const complete: HistoryPoint[] = [];
  const best: { number: number; value: number }[] = [];
  const marks: HistoryMark[] = [];
  let running = 0;
  let current: { number: number; value: number } | undefined;
  for (const t of byNumber(trials)) {
    if (t.state === "running") {
      running++;
      continue;
    }
    if (t.state === "complete" && isFiniteNumber(t.value)) {
      let improved = false;
      if (current === undefined || isBetter(t.value, current.value, direction)) {
        current = { number: t.number, value: t.value };
        improved = true;
      }
      complete.push({ number: t.number, value: t.value, improved });
      best.push({ number: t.number, value: current.value });
      continue;
    }
    const mark: HistoryMark = { number: t.number, state: t.state };
    const last = t.state === "complete" ? undefined : lastValue(t);
    if (last !== undefined) mark.value = last;
    if (t.reason !== undefined) mark.reason = t.reason;
    marks.push(mark);
  }
  const numbers = [...complete.map((p) => p.number), ...marks.map((m) => m.number)];
  const values = [
    ...complete.map((p) => p.value),
    ...marks.flatMap((m) => (m.value === undefined ? [] : [m.value])),
  ];
  return {
    direction,
    complete,
    best,
    marks,
    running,
    numberDomain: numbers.length === 0 ? undefined : [Math.min(...numbers), Math.max(...numbers)],
    valueDomain: objectiveDomain(values, direction, options.logValues === true),
    bestTrial: current,
  };
}

/** The trial's value if finite, else its intermediate value at the highest step, else undefined. */
export function lastValue(trial: PlotTrial): number | undefined {
  if (isFiniteNumber(trial.value)) return trial.value;
  let lastStep = -Infinity;
  let last: number | undefined;
  for (const [key, v] of Object.entries(trial.intermediate)) {
    const step = Number(key);
    if (step > lastStep && isFiniteNumber(v)) {
      lastStep = step;
      last = v;
    }
  }
  return last;
}
