/**
 * Colours of the data charts: a diverging orange–blue scale for binary classes, category colours
 * for several classes, and a sequential scale for regression targets. Each comes with a 256-entry
 * lookup table so the boundary heatmap can be filled pixel by pixel without parsing colours.
 */
import { scaleLinear } from "d3-scale";
import type { Task } from "../../shared/train";

export type Rgb = [number, number, number];

export const CLASS_0: Rgb = [232, 132, 28];
export const CLASS_1: Rgb = [25, 110, 182];
const NEUTRAL: Rgb = [236, 238, 240];
/** Category colours for up to five classes (colour-blind-safe hues). */
export const CATEGORY: Rgb[] = [
  [232, 132, 28],
  [25, 110, 182],
  [56, 158, 92],
  [196, 70, 110],
  [122, 94, 184],
];
const SEQUENTIAL_LOW: Rgb = [248, 233, 200];
const SEQUENTIAL_MID: Rgb = [105, 170, 160];
const SEQUENTIAL_HIGH: Rgb = [30, 55, 120];

export function css([r, g, b]: Rgb, alpha = 1): string {
  return alpha === 1 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${alpha})`;
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)) as Rgb;
}

/** Colour of value t in [0, 1] through three stops. */
function threeStops(low: Rgb, mid: Rgb, high: Rgb, t: number): Rgb {
  const c = Math.min(1, Math.max(0, t));
  return c < 0.5 ? mix(low, mid, c * 2) : mix(mid, high, (c - 0.5) * 2);
}

/** Binary: P(class 1) in [0, 1], orange through grey to blue. */
export function binaryColor(p: number): Rgb {
  return threeStops(CLASS_0, NEUTRAL, CLASS_1, p);
}

/** Regression: a target mapped to [0, 1] by the caller, light sand to dark blue. */
export function sequentialColor(t: number): Rgb {
  return threeStops(SEQUENTIAL_LOW, SEQUENTIAL_MID, SEQUENTIAL_HIGH, t);
}

export function categoryColor(k: number): Rgb {
  return CATEGORY[((k % CATEGORY.length) + CATEGORY.length) % CATEGORY.length];
}

/** Lighter version of a colour for the background under the points. */
export function tint(c: Rgb, amount: number): Rgb {
  return mix(c, [255, 255, 255], amount);
}

/**
 * Colour function of the points and of the heatmap for a task. `domain` is the target range for
 * regression (ignored otherwise). Points use the full colour; the heatmap a lighter tint.
 */
export function colorScaleFor(task: Task, domain: [number, number]): (value: number) => Rgb {
  if (task === "binary") return binaryColor;
  if (task === "multiclass") return (k) => categoryColor(Math.round(k));
  const toUnit = scaleLinear().domain(domain).range([0, 1]).clamp(true);
  return (v) => sequentialColor(toUnit(v));
}

/** Line colours of the training and validation series of the curves. */
export const SERIES = {
  train: "#1f6fb2",
  val: "#e0701b",
  preview: "#7d8791",
  actual: "#1f6fb2",
};
