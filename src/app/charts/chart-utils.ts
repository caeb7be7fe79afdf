/** Small helpers shared by the charts: tick choice and formatting, domains, thinning long series. */
import { extent } from "d3-array";
import type { ScaleContinuousNumeric } from "d3-scale";

export type NumberScale = ScaleContinuousNumeric<number, number>;

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  name: string;
  color: string;
  points: Point[];
  /** SVG stroke-dasharray, e.g. "4 3" for a dashed line. */
  dash?: string;
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** A short label for an axis tick: 3 significant digits, exponents for very small or large values. */
export function formatTick(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) {
    const [m, e] = v.toExponential(1).split("e");
    return `${m.replace(/\.0$/, "")}e${e.replace("+", "")}`;
  }
  return String(Number(v.toPrecision(3)));
}

/** Ticks of a scale; on a log axis only 1, 2 and 5 × powers of ten (or powers of ten alone when many). */
export function ticksOf(scale: NumberScale, count: number, log: boolean): number[] {
  const ticks = scale.ticks(count);
  if (!log) return ticks;
  const mantissa = (t: number) => Math.round(t / Math.pow(10, Math.floor(Math.log10(t) + 1e-9)));
  const nice = ticks.filter((t) => [1, 2, 5].includes(mantissa(t)));
  return nice.length > count ? ticks.filter((t) => mantissa(t) === 1) : nice;
}

/** A domain that always has some width (a single value gets a margin around it). */
export function paddedExtent(values: number[], fallback: [number, number]): [number, number] {
  const [lo, hi] = extent(values);
  if (lo === undefined || hi === undefined) return fallback;
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  return [lo, hi];
}

/** At most `max` points, evenly spread, always keeping the first and the last. */
export function thin<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const out: T[] = [];
  const stride = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * stride)]);
  return out;
}

export interface LegendItem {
  label: string;
  color: string;
  /** "line" (optionally dashed), "dot" (filled point), "ring" (white-outlined point) or "box". */
  shape: "line" | "dot" | "ring" | "box";
  dash?: string;
}
