/** Scales and ticks of the study charts: parameter axes (linear, log or categorical) and objective axes. */
import { scaleLinear, scaleLog } from "d3-scale";
import type { ParamAxis } from "../../../core/plots";
import { formatTick, ticksOf, type NumberScale } from "../chart-utils";

export interface AxisScale {
  scale: NumberScale;
  ticks: number[];
  format: (v: number) => string;
  /** Axis title, with "(log)" for log axes. */
  label: string;
}

/** Average width of a tick label character at the charts' 11.5px font, for thinning crowded labels. */
const CHAR_WIDTH = 6.6;

/**
 * The scale of a parameter axis over `range` (pixels). Categoricals get an ordinal position per
 * choice, the domain running half a slot beyond the first and last so points sit inside the plot;
 * `room` is the pixel room per label across the axis direction (labels are thinned to fit).
 */
export function paramAxisScale(
  axis: ParamAxis,
  range: [number, number],
  room: "horizontal" | "vertical",
): AxisScale {
  const length = Math.abs(range[1] - range[0]);
  if (axis.kind === "categorical") {
    const n = axis.choices.length;
    const scale = scaleLinear()
      .domain([-0.5, n - 0.5])
      .range(range);
    const longest = Math.max(...axis.labels.map((l) => l.length));
    const slot = room === "horizontal" ? longest * CHAR_WIDTH + 8 : 16;
    const every = Math.max(1, Math.ceil((n * slot) / Math.max(1, length)));
    const ticks = axis.choices.map((_, i) => i).filter((i) => i % every === 0);
    return { scale, ticks, format: (i) => axis.labels[Math.round(i)] ?? "", label: axis.name };
  }
  const count = Math.max(2, Math.floor(length / (room === "horizontal" ? 70 : 48)));
  const [lo, hi] = axis.domain;
  const domain: [number, number] = lo === hi ? (axis.log ? [lo / 2, hi * 2] : [lo - 1, hi + 1]) : [lo, hi];
  const scale = axis.log ? scaleLog().domain(domain).range(range) : scaleLinear().domain(domain).range(range);
  let ticks = ticksOf(scale, count, axis.log);
  if (axis.integer) ticks = ticks.filter((t) => Number.isInteger(t));
  return { scale, ticks, format: formatTick, label: axis.log ? `${axis.name} (log)` : axis.name };
}

/**
 * The scale of an objective axis over `range`. Linear axes are niced. Log axes spanning a decade
 * or more are niced to whole decades; shorter ones (a loss between 0.12 and 0.43) keep their
 * range, padded a little, with ticks at every digit, so the data is not squeezed into a corner.
 */
export function valueAxisScale(
  domain: [number, number],
  range: [number, number],
  log: boolean,
  label: string,
  room: "horizontal" | "vertical" = "vertical",
): AxisScale {
  const length = Math.abs(range[1] - range[0]);
  const count = Math.max(2, Math.floor(length / (room === "horizontal" ? 70 : 40)));
  const axisLabel = log ? `${label} (log)` : label;
  if (!log) {
    const scale = scaleLinear().domain(domain).range(range).nice();
    return { scale, ticks: ticksOf(scale, count, false), format: formatTick, label: axisLabel };
  }
  const decades = Math.log10(domain[1] / domain[0]);
  if (decades >= 1) {
    // One more tick than on a linear axis, so short log axes still get their 2 and 5 ticks.
    const scale = scaleLog().domain(domain).range(range).nice();
    return { scale, ticks: ticksOf(scale, count + 1, true), format: formatTick, label: axisLabel };
  }
  const pad = 10 ** (0.04 * decades);
  const scale = scaleLog()
    .domain([domain[0] / pad, domain[1] * pad])
    .range(range);
  let ticks = scale.ticks(count);
  if (ticks.length > count) ticks = ticks.filter((_, i) => i % Math.ceil(ticks.length / count) === 0);
  return { scale, ticks, format: formatTick, label: axisLabel };
}

/** A value placed within the scale's domain, so that cut outliers sit on the edge of the plot. */
export function clampToDomain(scale: NumberScale, v: number): number {
  const [a, b] = scale.domain();
  return Math.min(Math.max(a, b), Math.max(Math.min(a, b), v));
}

/** A small, stable horizontal offset (in slots) for points on a categorical axis, so stacked trials stay visible. */
export function jitter(trialNumber: number, width = 0.3): number {
  const golden = (trialNumber * 0.6180339887) % 1;
  return (golden - 0.5) * width;
}

/** A number in a tooltip: up to 4 significant digits, exponent form for very large or small values. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}
