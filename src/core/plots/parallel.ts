/**
 * Parallel coordinates: one vertical axis per parameter and one for the objective; each trial is
 * a line through its positions. A parameter that is inactive in a trial leaves a gap in its line.
 */
import type { Direction, SearchSpace } from "../search/types";
import { objectiveDomain } from "./domain";
import { paramAxes, trialPosition, type ParamAxis } from "./param-axis";
import { byNumber, checkDirection, checkTrials, isFiniteNumber, type PlotTrial } from "./trials";

export interface ParallelLine {
  number: number;
  state: "complete" | "pruned";
  value: number;
  /** Position on each parameter axis (value or choice index), null where the parameter is inactive. */
  positions: (number | null)[];
}

export interface ParallelCoordinatesData {
  direction: Direction;
  /** Parameter axes, parents before their conditional children; the objective axis comes after them. */
  params: ParamAxis[];
  /** Objective axis range (outliers on the worse side cut), or undefined when there are no lines. */
  objectiveDomain: [number, number] | undefined;
  /** Worst first, so that drawing in order puts the best lines on top. */
  lines: ParallelLine[];
}

export interface ParallelOptions {
  /** Also draw pruned trials, at their last reported value (default false: complete trials only). */
  includePruned?: boolean;
  logValues?: boolean;
}

/** Extracts parallel-coordinates lines from the trials with a finite objective value. */
export function parallelCoordinates(
  space: SearchSpace,
  trials: readonly PlotTrial[],
  direction: Direction,
  options: ParallelOptions = {},
): ParallelCoordinatesData {
  checkTrials(trials);
  checkDirection(direction);
  const params = paramAxes(space);
  const lines: ParallelLine[] = [];
  for (const t of byNumber(trials)) {
    const wanted = t.state === "complete" || (options.includePruned === true && t.state === "pruned");
    if (!wanted || !isFiniteNumber(t.value)) continue;
    lines.push({
      number: t.number,
      state: t.state as "complete" | "pruned",
      value: t.value,
      positions: params.map((axis) => trialPosition(space, axis, t)),
    });
  }
  const sign = direction === "minimize" ? -1 : 1;
  lines.sort((a, b) => sign * (a.value - b.value) || a.number - b.number);
  return {
    direction,
    params,
    objectiveDomain: objectiveDomain(
      lines.map((l) => l.value),
      direction,
      options.logValues === true,
    ),
    lines,
  };
}

/** An inclusive [low, high] range of positions kept by a brush on one axis. */
export type BrushRange = readonly [number, number];

/**
 * Numbers (ascending) of the lines that pass every brush. `brushes[i]` is the brush on parameter
 * axis i, `brushes[params.length]` the one on the objective axis; null or missing means no brush.
 * A line whose parameter is inactive never passes a brush on that parameter's axis.
 */
export function linesWithinBrushes(
  data: ParallelCoordinatesData,
  brushes: readonly (BrushRange | null | undefined)[],
): number[] {
  const axisCount = data.params.length + 1;
  if (brushes.length > axisCount) {
    throw new Error(
      `Got ${brushes.length} brushes for ${axisCount} axes (${data.params.length} parameters + objective)`,
    );
  }
  brushes.forEach((b, i) => {
    if (b && !(b[0] <= b[1])) throw new Error(`Brush on axis ${i} has low ${b[0]} above high ${b[1]}`);
  });
  const inside = (v: number | null, b: BrushRange | null | undefined): boolean =>
    !b || (v !== null && v >= b[0] && v <= b[1]);
  return data.lines
    .filter(
      (line) =>
        line.positions.every((p, i) => inside(p, brushes[i])) &&
        inside(line.value, brushes[data.params.length]),
    )
    .map((line) => line.number)
    .sort((a, b) => a - b);
}
