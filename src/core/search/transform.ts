/**
 * Maps every parameter onto one continuous interval (its "internal" space), so that samplers can
 * work on plain real intervals and leave the rounding to one place: log ranges become their
 * logarithm, integer and stepped ranges are widened by half a step at each end so that every
 * grid value owns an equally wide slice, and categoricals become their choice index.
 */
import type { Rng } from "../rng";
import type { ParamSpec, ParamValue } from "./types";

/** The interval [lo, hi] of the internal representation of a parameter. */
export function internalBounds(spec: ParamSpec): [number, number] {
  switch (spec.type) {
    case "categorical":
      return [-0.5, spec.choices.length - 0.5];
    case "int": {
      if (spec.log) return [Math.log(spec.low - 0.5), Math.log(spec.high + 0.5)];
      const half = (spec.step ?? 1) / 2;
      return [spec.low - half, spec.high + half];
    }
    case "float": {
      if (spec.log) return [Math.log(spec.low), Math.log(spec.high)];
      const half = (spec.step ?? 0) / 2;
      return [spec.low - half, spec.high + half];
    }
    default:
      return unknownType(spec);
  }
}

/** The internal coordinate of a valid value (its logarithm, itself, or its choice index). */
export function toInternal(spec: ParamSpec, value: ParamValue): number {
  if (spec.type === "categorical") {
    const index = spec.choices.indexOf(value);
    if (index < 0)
      throw new Error(
        `Value ${JSON.stringify(value)} is not one of the choices ${JSON.stringify(spec.choices)}`,
      );
    return index;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`Expected a finite number for a ${spec.type} parameter, got ${JSON.stringify(value)}`);
  }
  if (spec.log) {
    if (value <= 0) throw new Error(`A log parameter needs a positive value, got ${value}`);
    return Math.log(value);
  }
  return value;
}

/** The valid value nearest to an internal coordinate: snapped to the step or integer grid, clamped to the bounds. */
export function fromInternal(spec: ParamSpec, x: number): ParamValue {
  if (!Number.isFinite(x)) throw new Error(`Internal coordinate must be finite, got ${x}`);
  if (spec.type === "categorical") {
    const index = Math.min(spec.choices.length - 1, Math.max(0, Math.round(x)));
    return spec.choices[index];
  }
  const raw = spec.log ? Math.exp(x) : x;
  const step = spec.type === "int" ? (spec.step ?? 1) : spec.step;
  if (step === undefined) return Math.min(spec.high, Math.max(spec.low, raw));
  const last = Math.round((spec.high - spec.low) / step);
  const k = Math.min(last, Math.max(0, Math.round((raw - spec.low) / step)));
  if (spec.type === "int") return spec.low + k * step;
  if (k === last) return spec.high;
  return cleanDecimal(spec.low + k * step, Math.max(decimalsOf(spec.low), decimalsOf(step)));
}

/** A value drawn uniformly in the internal space (so log-uniform for log ranges, uniform over choices). */
export function sampleUniform(spec: ParamSpec, rng: Rng): ParamValue {
  const [lo, hi] = internalBounds(spec);
  return fromInternal(spec, rng.uniform(lo, hi));
}

/**
 * Evenly spaced values for a grid: all choices of a categorical; otherwise `n` points from low to
 * high (evenly in log space for log ranges), snapped to the step or integers, duplicates removed.
 */
export function gridValues(spec: ParamSpec, n: number): ParamValue[] {
  if (spec.type === "categorical") return spec.choices.slice();
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`Grid points per range must be an integer >= 1, got ${n}`);
  if (spec.low === spec.high) return [spec.low];
  const a = spec.log ? Math.log(spec.low) : spec.low;
  const b = spec.log ? Math.log(spec.high) : spec.high;
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    let v: number;
    // Halved and scaled by a fraction first, so that ranges near the largest double cannot overflow.
    if (n === 1) v = fromInternal(spec, a / 2 + b / 2) as number;
    else if (i === 0) v = spec.low;
    else if (i === n - 1) v = spec.high;
    else v = fromInternal(spec, a + (b - a) * (i / (n - 1))) as number;
    if (!values.includes(v)) values.push(v);
  }
  return values;
}

/** The number of distinct values a parameter can take (Infinity for a continuous float). */
export function countValues(spec: ParamSpec): number {
  if (spec.type === "categorical") return spec.choices.length;
  const step = spec.type === "int" ? (spec.step ?? 1) : spec.step;
  if (step === undefined) return spec.low === spec.high ? 1 : Infinity;
  return Math.round((spec.high - spec.low) / step) + 1;
}

/** Whether `value` is a value the parameter can take (type, bounds, step). */
export function isValidValue(spec: ParamSpec, value: unknown): boolean {
  if (spec.type === "categorical") return spec.choices.includes(value as ParamValue);
  if (typeof value !== "number" || !Number.isFinite(value)) return false;
  if (value < spec.low || value > spec.high) return false;
  if (spec.type === "int" && !Number.isInteger(value)) return false;
  const step = spec.type === "int" ? (spec.step ?? 1) : spec.step;
  if (step === undefined) return true;
  const k = (value - spec.low) / step;
  return Math.abs(k - Math.round(k)) <= 1e-8 * Math.max(1, Math.abs(k));
}

/** Digits after the decimal point needed to write `x` exactly as typed (0.1 -> 1, 1e-7 -> 7). */
function decimalsOf(x: number): number {
  const s = String(Math.abs(x));
  const [mantissa, exponent] = s.split("e");
  const fraction = mantissa.split(".")[1]?.length ?? 0;
  const exp = exponent === undefined ? 0 : Number(exponent);
  return Math.max(0, fraction - exp);
}

/** Removes binary noise such as 0.30000000000000004 -> 0.3 when the step and low have few decimals. */
function cleanDecimal(v: number, decimals: number): number {
  if (decimals > 15) return v;
  return Number(v.toFixed(decimals));
}

function unknownType(spec: never): never {
  throw new Error(`Unknown parameter type ${JSON.stringify((spec as { type?: unknown }).type)}`);
}
