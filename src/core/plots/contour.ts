/**
 * Contour of the objective over a pair of parameters: the complete trials as points, and a grid
 * interpolated from them by inverse-distance weighting in the unit square of the two axes (log
 * axes in log space, categoricals by choice index), so that each axis weighs the same. A small
 * smoothing distance is added to every distance: trials are noisy, and plain IDW would draw a
 * spike or a stripe around every single trial.
 */
import type { Direction, SearchSpace } from "../search/types";
import { objectiveDomain } from "./domain";
import { paramAxes, positionAtUnit, trialPosition, unitCoordinate, type ParamAxis } from "./param-axis";
import { byNumber, checkDirection, checkTrials, describe, isFiniteNumber, type PlotTrial } from "./trials";

export interface ContourPoint {
  number: number;
  /** Positions on the x and y axes (values, or choice indices). */
  x: number;
  y: number;
  value: number;
}

export interface ContourGrid {
  cols: number;
  rows: number;
  /** Cell centres along each axis, as axis positions; evenly spaced in the axis's own scale (log for log axes). */
  xCenters: number[];
  yCenters: number[];
  /** rows × cols interpolated values, row-major, row 0 at the low end of y. */
  values: Float64Array;
}

export interface ContourData {
  direction: Direction;
  x: ParamAxis;
  y: ParamAxis;
  /** Complete trials in which both parameters are active, by number. */
  points: ContourPoint[];
  /** Null until there are two trials at distinct positions to interpolate between. */
  grid: ContourGrid | null;
  /** Colour range of the objective (outliers on the worse side cut), or undefined without points. */
  valueDomain: [number, number] | undefined;
}

export interface ContourOptions {
  /** Cells along a numeric axis (default 48); a categorical axis has one cell per choice. */
  resolution?: number;
  /** Inverse-distance weighting power (default 2): higher follows the nearest trial more closely. */
  power?: number;
  /** Smoothing distance in unit coordinates (default 0.05); 0 makes the grid pass through every trial. */
  smoothing?: number;
  logValues?: boolean;
}

/** Extracts the trial points and an interpolated grid of the objective over the parameters `xName` and `yName`. */
export function contourPlot(
  space: SearchSpace,
  trials: readonly PlotTrial[],
  direction: Direction,
  xName: string,
  yName: string,
  options: ContourOptions = {},
): ContourData {
  checkTrials(trials);
  checkDirection(direction);
  const resolution = options.resolution ?? 48;
  if (!Number.isInteger(resolution) || resolution < 2 || resolution > 512) {
    throw new Error(`Contour resolution must be an integer from 2 to 512, got ${describe(resolution)}`);
  }
  const power = options.power ?? 2;
  if (!(power > 0 && power <= 16))
    throw new Error(`Contour power must lie in (0, 16], got ${describe(power)}`);
  const smoothing = options.smoothing ?? 0.05;
  if (!(smoothing >= 0 && smoothing <= 1)) {
    throw new Error(`Contour smoothing must lie in [0, 1], got ${describe(smoothing)}`);
  }
  const axes = paramAxes(space);
  const find = (name: string): ParamAxis => {
    const axis = axes.find((a) => a.name === name);
    if (!axis)
      throw new Error(
        `Contour: unknown parameter "${name}" (space has ${axes.map((a) => a.name).join(", ")})`,
      );
    return axis;
  };
  if (xName === yName) throw new Error(`Contour needs two different parameters, got "${xName}" twice`);
  const x = find(xName);
  const y = find(yName);

  const points: ContourPoint[] = [];
  for (const t of byNumber(trials)) {
    if (t.state !== "complete" || !isFiniteNumber(t.value)) continue;
    const px = trialPosition(space, x, t);
    const py = trialPosition(space, y, t);
    if (px === null || py === null) continue;
    points.push({ number: t.number, x: px, y: py, value: t.value });
  }
  return {
    direction,
    x,
    y,
    points,
    grid: interpolateGrid(x, y, points, resolution, power, smoothing),
    valueDomain: objectiveDomain(
      points.map((p) => p.value),
      direction,
      options.logValues === true,
    ),
  };
}

/** Cell centres in unit coordinates: one per choice of a categorical, else `resolution` evenly spaced cells. */
function unitCenters(axis: ParamAxis, resolution: number): number[] {
  if (axis.kind === "categorical") return axis.choices.map((_, i) => unitCoordinate(axis, i));
  return Array.from({ length: resolution }, (_, i) => (i + 0.5) / resolution);
}

function interpolateGrid(
  xAxis: ParamAxis,
  yAxis: ParamAxis,
  points: readonly ContourPoint[],
  resolution: number,
  power: number,
  smoothing: number,
): ContourGrid | null {
  const px = points.map((p) => unitCoordinate(xAxis, p.x));
  const py = points.map((p) => unitCoordinate(yAxis, p.y));
  const distinct = new Set(points.map((_, i) => `${px[i]},${py[i]}`));
  if (distinct.size < 2) return null;
  const ux = unitCenters(xAxis, resolution);
  const uy = unitCenters(yAxis, resolution);
  const values = new Float64Array(ux.length * uy.length);
  // Weights use squared distances raised to power / 2, which avoids a square root per pair.
  const half = power / 2;
  const smooth2 = smoothing * smoothing;
  for (let r = 0; r < uy.length; r++) {
    for (let c = 0; c < ux.length; c++) {
      let weighted = 0;
      let total = 0;
      let exactSum = 0;
      let exactCount = 0;
      for (let i = 0; i < points.length; i++) {
        const dx = ux[c] - px[i];
        const dy = uy[r] - py[i];
        const d2 = dx * dx + dy * dy + smooth2;
        if (d2 < 1e-18) {
          exactSum += points[i].value;
          exactCount++;
          continue;
        }
        const w = 1 / d2 ** half;
        weighted += w * points[i].value;
        total += w;
      }
      values[r * ux.length + c] = exactCount > 0 ? exactSum / exactCount : weighted / total;
    }
  }
  return {
    cols: ux.length,
    rows: uy.length,
    xCenters: ux.map((u) => positionAtUnit(xAxis, u)),
    yCenters: uy.map((u) => positionAtUnit(yAxis, u)),
    values,
  };
}

/** A default pair for the contour: the two most important parameters when importances are given, else the first two. */
export function defaultContourPair(
  space: SearchSpace,
  importance?: Readonly<Record<string, number>>,
): [string, string] | null {
  const names = paramAxes(space).map((a) => a.name);
  if (names.length < 2) return null;
  if (importance === undefined) return [names[0], names[1]];
  const score = (n: string): number => (isFiniteNumber(importance[n]) ? importance[n] : -Infinity);
  const ranked = [...names].sort((a, b) => score(b) - score(a) || names.indexOf(a) - names.indexOf(b));
  return [ranked[0], ranked[1]];
}
