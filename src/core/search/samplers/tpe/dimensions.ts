/**
 * How TPE sees one parameter: an interval of the shared internal space (see ../../transform.ts),
 * with a grid of cells for integer and stepped ranges, or a set of choices.
 */
import { countValues, fromInternal, internalBounds, isValidValue, toInternal } from "../../space";
import type { ParamSpec, ParamValue } from "../../types";

/** A numeric parameter in internal coordinates; discrete ones own one cell of the interval per grid value. */
export interface NumericDimension {
  kind: "numeric";
  low: number;
  high: number;
  /** Null for a continuous range; otherwise maps an internal coordinate to its grid value's cell. */
  discretize: ((x: number) => GridCell) | null;
  /** `discretize(x).center` without the cell's edges (faster; left out, discretize is used). */
  snap?: ((x: number) => number) | null;
}

/** A categorical parameter whose internal coordinate is the choice index. */
export interface CategoricalDimension {
  kind: "categorical";
  size: number;
}

export type TpeDimension = NumericDimension | CategoricalDimension;

/** A grid value's internal coordinate and the slice [low, high] of the interval that rounds to it. */
export interface GridCell {
  center: number;
  low: number;
  high: number;
}

/** The TPE view of a parameter specification. */
export function dimensionOf(spec: ParamSpec): TpeDimension {
  if (spec.type === "categorical") return { kind: "categorical", size: spec.choices.length };
  const [low, high] = internalBounds(spec);
  const step = spec.type === "int" ? (spec.step ?? 1) : spec.step;
  if (step === undefined) return { kind: "numeric", low, high, discretize: null };
  const edge = spec.log ? Math.log : (v: number) => v;
  const discretize = (x: number): GridCell => {
    const value = fromInternal(spec, x) as number;
    // fromInternal rounds in the original (not log) scale, so the cell edges are the half-steps there.
    return {
      center: toInternal(spec, value),
      low: Math.max(low, edge(value - step / 2)),
      high: Math.min(high, edge(value + step / 2)),
    };
  };
  const snap = (x: number): number => toInternal(spec, fromInternal(spec, x));
  return { kind: "numeric", low, high, discretize, snap };
}

/** Whether a parameter has one possible value only, so there is nothing to model. */
export function isConstant(spec: ParamSpec): boolean {
  return countValues(spec) === 1;
}

/** The internal coordinate of an observed value, or null when the value is not valid for the spec (space edited since). */
export function observedInternal(spec: ParamSpec, value: ParamValue | undefined): number | null {
  if (value === undefined || !isValidValue(spec, value)) return null;
  return toInternal(spec, value);
}
