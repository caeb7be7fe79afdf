/**
 * Slice plots: for each parameter, the objective value of every trial against that parameter's
 * value (only the trials in which the parameter is active), one small panel per parameter.
 */
import type { Direction, SearchSpace } from "../search/types";
import { objectiveDomain } from "./domain";
import { paramAxes, trialPosition, type ParamAxis } from "./param-axis";
import { bestTrial, byNumber, checkDirection, checkTrials, isFiniteNumber, type PlotTrial } from "./trials";

export interface SlicePoint {
  number: number;
  /** The parameter's value, or the choice index of a categorical. */
  position: number;
  value: number;
  state: "complete" | "pruned";
}

export interface SlicePanel {
  axis: ParamAxis;
  /** By trial number. */
  points: SlicePoint[];
  /** Drawn trials in which this parameter was inactive. */
  inactive: number;
}

export interface SlicePlotData {
  direction: Direction;
  panels: SlicePanel[];
  /** Shared objective range of all panels, or undefined when no trial has a value. */
  valueDomain: [number, number] | undefined;
  /** Smallest and largest drawn trial number (views colour points by it), or undefined. */
  numberDomain: [number, number] | undefined;
  bestNumber: number | undefined;
}

export interface SliceOptions {
  /** Only these parameters, in this order (default: every parameter, parents first). */
  params?: readonly string[];
  /** Also show pruned trials at their last reported value (default false). */
  includePruned?: boolean;
  logValues?: boolean;
}

/** Extracts one slice panel per parameter from the trials with a finite objective value. */
export function slicePlots(
  space: SearchSpace,
  trials: readonly PlotTrial[],
  direction: Direction,
  options: SliceOptions = {},
): SlicePlotData {
  checkTrials(trials);
  checkDirection(direction);
  let axes = paramAxes(space);
  if (options.params !== undefined) {
    axes = options.params.map((name) => {
      const axis = axes.find((a) => a.name === name);
      if (!axis)
        throw new Error(
          `Slice plot: unknown parameter "${name}" (space has ${axes.map((a) => a.name).join(", ")})`,
        );
      return axis;
    });
  }
  const drawn = byNumber(trials).filter(
    (t) =>
      isFiniteNumber(t.value) &&
      (t.state === "complete" || (options.includePruned === true && t.state === "pruned")),
  );
  const panels = axes.map((axis): SlicePanel => {
    const points: SlicePoint[] = [];
    let inactive = 0;
    for (const t of drawn) {
      const position = trialPosition(space, axis, t);
      if (position === null) inactive++;
      else
        points.push({
          number: t.number,
          position,
          value: t.value as number,
          state: t.state as SlicePoint["state"],
        });
    }
    return { axis, points, inactive };
  });
  const numbers = drawn.map((t) => t.number);
  return {
    direction,
    panels,
    valueDomain: objectiveDomain(
      drawn.map((t) => t.value as number),
      direction,
      options.logValues === true,
    ),
    numberDomain: numbers.length === 0 ? undefined : [numbers[0], numbers[numbers.length - 1]],
    bestNumber: bestTrial(trials, direction)?.number,
  };
}
