/**
 * Intermediate values: one learning curve per trial (value by step), so a person can see which
 * trials the pruner stopped and at which step, and how the running ones are doing.
 */
import type { Direction } from "../search/types";
import { finiteExtent, objectiveDomain } from "./domain";
import {
  bestTrial,
  byNumber,
  checkDirection,
  checkTrials,
  isFiniteNumber,
  type PlotTrial,
  type PlotTrialState,
} from "./trials";

export interface StepValue {
  step: number;
  value: number;
}

export interface IntermediateCurve {
  number: number;
  state: PlotTrialState;
  /** Finite values by ascending step. */
  points: StepValue[];
  /** For a pruned trial: the last step it reported, where it was stopped. */
  prunedAt?: number;
}

export interface IntermediateValuesData {
  direction: Direction;
  /** Trials with at least one finite intermediate value, by number. */
  curves: IntermediateCurve[];
  pointCount: number;
  stepDomain: [number, number] | undefined;
  /** Value axis range (outliers on the worse side cut), or undefined when there are no points. */
  valueDomain: [number, number] | undefined;
  /** The best complete trial, whose curve a view may emphasise. */
  bestNumber: number | undefined;
}

/** Extracts one curve of intermediate values per trial. */
export function intermediateValues(
  trials: readonly PlotTrial[],
  direction: Direction,
  options: { logValues?: boolean } = {},
): IntermediateValuesData {
  checkTrials(trials);
  checkDirection(direction);
  const curves: IntermediateCurve[] = [];
  const steps: number[] = [];
  const values: number[] = [];
  for (const t of byNumber(trials)) {
    const points = curvePoints(t);
    if (points.length === 0) continue;
    const curve: IntermediateCurve = { number: t.number, state: t.state, points };
    if (t.state === "pruned") curve.prunedAt = points[points.length - 1].step;
    curves.push(curve);
    for (const p of points) {
      steps.push(p.step);
      values.push(p.value);
    }
  }
  return {
    direction,
    curves,
    pointCount: values.length,
    stepDomain: finiteExtent(steps),
    valueDomain: objectiveDomain(values, direction, options.logValues === true),
    bestNumber: bestTrial(trials, direction)?.number,
  };
}

/** A trial's finite intermediate values sorted by step; throws, naming the trial, on a step that is not a number. */
export function curvePoints(trial: PlotTrial): StepValue[] {
  const points: StepValue[] = [];
  for (const [key, value] of Object.entries(trial.intermediate)) {
    const step = Number(key);
    if (key.trim() === "" || !Number.isFinite(step)) {
      throw new Error(`Trial ${trial.number}: intermediate step ${JSON.stringify(key)} is not a number`);
    }
    if (isFiniteNumber(value)) points.push({ step, value });
  }
  return points.sort((a, b) => a.step - b.step);
}
