/**
 * How a parameter is laid out on a plot axis: numeric parameters on their range (log ranges on a
 * log axis), categoricals as evenly spaced positions 0..n-1, one per choice. Plots carry
 * positions (the value itself, or the choice index) and leave the mapping to pixels to the view.
 */
import { isActive, isValidValue, topologicalOrder, validateSpace } from "../search/space";
import type { ParamSpec, ParamValue, SearchSpace } from "../search/types";
import { describe, type PlotTrial } from "./trials";

export interface NumericAxis {
  kind: "numeric";
  name: string;
  log: boolean;
  /** Integer parameter: ticks should be whole numbers. */
  integer: boolean;
  /** The parameter's range [low, high] from the space (stable while trials arrive). */
  domain: [number, number];
}

export interface CategoricalAxis {
  kind: "categorical";
  name: string;
  choices: ParamValue[];
  /** Text of each choice, for tick labels. */
  labels: string[];
}

export type ParamAxis = NumericAxis | CategoricalAxis;

/** The axis of one parameter of the space. */
export function paramAxis(name: string, spec: ParamSpec): ParamAxis {
  if (spec.type === "categorical") {
    return { kind: "categorical", name, choices: spec.choices.slice(), labels: spec.choices.map(String) };
  }
  return {
    kind: "numeric",
    name,
    log: spec.log === true,
    integer: spec.type === "int",
    domain: [spec.low, spec.high],
  };
}

/** The axes of every parameter of a (validated) space, parents before the parameters that depend on them. */
export function paramAxes(space: SearchSpace): ParamAxis[] {
  validateSpace(space);
  return topologicalOrder(space).map((name) => paramAxis(name, space[name]));
}

/** Position of a value on its axis: the number itself for a numeric axis, the choice index for a categorical. */
export function axisPosition(axis: ParamAxis, value: ParamValue): number {
  if (axis.kind === "categorical") {
    const index = axis.choices.indexOf(value);
    if (index < 0) {
      throw new Error(
        `Value ${describe(value)} of "${axis.name}" is not one of ${JSON.stringify(axis.choices)}`,
      );
    }
    return index;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`Value of "${axis.name}" must be a finite number, got ${describe(value)}`);
  }
  return value;
}

/**
 * The position of `name` in a trial, or null when the parameter is inactive there (its condition
 * does not hold). Throws, naming the trial, when an active parameter is missing or invalid.
 */
export function trialPosition(space: SearchSpace, axis: ParamAxis, trial: PlotTrial): number | null {
  if (!isActive(axis.name, space, trial.params)) return null;
  const value = trial.params[axis.name];
  if (value === undefined)
    throw new Error(`Trial ${trial.number}: active parameter "${axis.name}" has no value`);
  if (!isValidValue(space[axis.name], value)) {
    throw new Error(
      `Trial ${trial.number}: value ${describe(value)} of "${axis.name}" does not fit ${JSON.stringify(space[axis.name])}`,
    );
  }
  return axisPosition(axis, value);
}

/**
 * The coordinate in which distances along an axis are measured, scaled to [0, 1] over the axis:
 * the logarithm for log axes, the index over n - 1 for categoricals.
 */
export function unitCoordinate(axis: ParamAxis, position: number): number {
  if (axis.kind === "categorical")
    return axis.choices.length > 1 ? position / (axis.choices.length - 1) : 0.5;
  const [lo, hi] = axis.domain;
  if (lo === hi) return 0.5;
  if (axis.log) return (Math.log(position) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
  return (position - lo) / (hi - lo);
}

/** Inverse of unitCoordinate: the axis position at unit coordinate u (categoricals give fractional indices). */
export function positionAtUnit(axis: ParamAxis, u: number): number {
  if (axis.kind === "categorical") return axis.choices.length > 1 ? u * (axis.choices.length - 1) : 0;
  const [lo, hi] = axis.domain;
  if (axis.log) return Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)));
  return lo + u * (hi - lo);
}
