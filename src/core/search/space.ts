/**
 * Search-space checks and conditional parameters: validation with messages that name the
 * parameter and the values, which parameters are active for a given assignment, and an order in
 * which parents come before the parameters that depend on them.
 */
import { describeValue } from "./describe-value";
import { internalBounds, isValidValue } from "./transform";
import type { Condition, ParamSpec, ParamValue, Params, SearchSpace } from "./types";

export {
  countValues,
  fromInternal,
  gridValues,
  internalBounds,
  isValidValue,
  sampleUniform,
  toInternal,
} from "./transform";

const SPEC_KEYS: Record<string, readonly string[]> = {
  float: ["type", "low", "high", "log", "step", "condition"],
  int: ["type", "low", "high", "log", "step", "condition"],
  categorical: ["type", "choices", "condition"],
};
const CONDITION_KEYS = ["param", "values", "min", "max"];

/** Relative tolerance when checking that a float step divides the range. */
const STEP_TOLERANCE = 1e-8;

const show = describeValue;

/** Names refused for parameters: as keys of the space or of a trial's params they could reach a prototype. */
const RESERVED_NAMES: readonly string[] = ["__proto__", "constructor", "prototype"];

/** JSON text of a trial's parameters for a message, or a bounded description if they are not plain data. */
function showParams(params: Params): string {
  try {
    const text = JSON.stringify(params);
    if (typeof text === "string" && text.length <= 1_000) return text;
  } catch {
    // Not JSON data (a BigInt, a cycle, deep nesting): fall through to the bounded description.
  }
  return describeValue(params);
}

function fail(name: string, message: string): never {
  throw new Error(`Parameter ${show(name)}: ${message}`);
}

function checkFiniteNumber(name: string, field: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v))
    fail(name, `${field} must be a finite number, got ${show(v)}`);
  return v;
}

function checkUnknownKeys(name: string, obj: object, allowed: readonly string[], what: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key))
      fail(name, `unknown ${what} field ${show(key)} (allowed: ${allowed.join(", ")})`);
  }
}

function validateNumeric(name: string, spec: ParamSpec & { type: "float" | "int" }): void {
  const low = checkFiniteNumber(name, "low", spec.low);
  const high = checkFiniteNumber(name, "high", spec.high);
  if (spec.log !== undefined && typeof spec.log !== "boolean")
    fail(name, `log must be true or false, got ${show(spec.log)}`);
  if (spec.type === "int") {
    if (!Number.isInteger(low) || !Number.isInteger(high)) {
      fail(name, `int bounds must be integers, got low ${low} and high ${high}`);
    }
    // Past 2^53 neighbouring integers are not representable, so sampled values could not be exact.
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) {
      fail(name, `int bounds must lie within ±${Number.MAX_SAFE_INTEGER}, got low ${low} and high ${high}`);
    }
  }
  if (low > high) fail(name, `low (${low}) is greater than high (${high})`);
  if (!Number.isFinite(high - low)) {
    fail(name, `the range ${low}..${high} is too wide: high - low is not a finite number`);
  }
  if (spec.log && low <= 0) fail(name, `a log range needs low > 0, got low ${low} (high ${high})`);
  if (spec.step !== undefined) validateStep(name, spec, low, high);
  // Samplers work on the internal interval (widened by half a step); it must stay finite too.
  const [lo, hi] = internalBounds(spec);
  if (!Number.isFinite(hi - lo)) {
    fail(name, `the range ${low}..${high} is too wide to sample: its internal width is not finite`);
  }
}

function validateStep(
  name: string,
  spec: ParamSpec & { type: "float" | "int" },
  low: number,
  high: number,
): void {
  const step = checkFiniteNumber(name, "step", spec.step);
  if (step <= 0) fail(name, `step must be positive, got ${step}`);
  if (spec.type === "int") {
    if (!Number.isInteger(step)) fail(name, `an int step must be an integer, got ${step}`);
    if (spec.log && step !== 1)
      fail(name, `a log int range cannot have a step other than 1, got step ${step}`);
    if ((high - low) % step !== 0) fail(name, `step ${step} does not divide the range ${low}..${high}`);
  } else {
    if (spec.log) fail(name, `a log float range cannot have a step (got step ${step})`);
    const ratio = (high - low) / step;
    if (!Number.isFinite(ratio)) fail(name, `step ${step} is too small for the range ${low}..${high}`);
    if (Math.abs(ratio - Math.round(ratio)) > STEP_TOLERANCE * Math.max(1, ratio)) {
      fail(name, `step ${step} does not divide the range ${low}..${high}`);
    }
  }
}

function validateCategorical(name: string, choices: unknown): void {
  if (!Array.isArray(choices)) fail(name, `choices must be an array, got ${show(choices)}`);
  if (choices.length === 0) fail(name, "the choice list is empty");
  const seen = new Set<unknown>();
  for (const c of choices) {
    const ok =
      typeof c === "string" || typeof c === "boolean" || (typeof c === "number" && Number.isFinite(c));
    if (!ok) fail(name, `choices must be strings, booleans or finite numbers, got ${show(c)}`);
    if (seen.has(c)) fail(name, `duplicate choice ${show(c)}`);
    seen.add(c);
  }
}

function validateCondition(name: string, cond: Condition, space: SearchSpace): void {
  if (typeof cond !== "object" || cond === null) fail(name, `condition must be an object, got ${show(cond)}`);
  checkUnknownKeys(name, cond, CONDITION_KEYS, "condition");
  if (typeof cond.param !== "string")
    fail(name, `condition.param must be a parameter name, got ${show(cond.param)}`);
  if (cond.param === name) fail(name, "a parameter cannot be conditional on itself");
  if (!Object.hasOwn(space, cond.param))
    fail(name, `condition refers to unknown parameter ${show(cond.param)}`);
  const parent = space[cond.param];
  const hasRange = cond.min !== undefined || cond.max !== undefined;
  if (cond.values !== undefined && hasRange) fail(name, "a condition has either values or min/max, not both");
  if (cond.values !== undefined) {
    if (!Array.isArray(cond.values) || cond.values.length === 0) {
      fail(name, `condition.values must be a non-empty array, got ${show(cond.values)}`);
    }
    for (const v of cond.values) {
      if (!isValueOf(parent, v)) {
        fail(name, `condition value ${show(v)} is not a possible value of ${show(cond.param)}`);
      }
    }
  } else if (hasRange) {
    if (parent.type === "categorical")
      fail(name, `a min/max condition needs a numeric parent, ${show(cond.param)} is categorical`);
    if (cond.min !== undefined) checkFiniteNumber(name, "condition.min", cond.min);
    if (cond.max !== undefined) checkFiniteNumber(name, "condition.max", cond.max);
    if (cond.min !== undefined && cond.max !== undefined && cond.min > cond.max) {
      fail(name, `condition min (${cond.min}) is greater than max (${cond.max})`);
    }
  } else {
    fail(name, `condition on ${show(cond.param)} needs values or min/max`);
  }
}

/** Loose membership used for conditions: a choice of a categorical, or a number in a numeric range. */
function isValueOf(spec: ParamSpec, v: unknown): boolean {
  if (spec.type === "categorical") return spec.choices.includes(v as ParamValue);
  return typeof v === "number" && Number.isFinite(v) && v >= spec.low && v <= spec.high;
}

/** Throws an Error naming the parameter and the offending values if the space is not valid. */
export function validateSpace(space: SearchSpace): void {
  if (typeof space !== "object" || space === null || Array.isArray(space)) {
    throw new Error(`A search space must be an object of parameters, got ${show(space)}`);
  }
  const names = Object.keys(space);
  if (names.length === 0) throw new Error("The search space has no parameters");
  for (const name of names) {
    if (name.length === 0) throw new Error("A parameter name must not be empty");
    if (RESERVED_NAMES.includes(name)) {
      fail(name, `this name is reserved (${RESERVED_NAMES.join(", ")} could reach an object's prototype)`);
    }
    const spec = space[name] as unknown;
    if (typeof spec !== "object" || spec === null)
      fail(name, `expected a parameter object, got ${show(spec)}`);
    const type = (spec as { type?: unknown }).type;
    if (typeof type !== "string" || !Object.hasOwn(SPEC_KEYS, type)) {
      fail(name, `unknown type ${show(type)} (expected "float", "int" or "categorical")`);
    }
    const allowed = SPEC_KEYS[type];
    checkUnknownKeys(name, spec, allowed, "parameter");
    const typed = spec as ParamSpec;
    if (typed.type === "categorical") validateCategorical(name, typed.choices);
    else validateNumeric(name, typed);
  }
  for (const name of names) {
    const cond = space[name].condition;
    if (cond !== undefined) validateCondition(name, cond, space);
  }
  topologicalOrder(space);
}

/** Parameter names with every condition's parent before its children; otherwise in declaration order. Throws on a cycle. */
export function topologicalOrder(space: SearchSpace): string[] {
  const names = Object.keys(space);
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, path: string[]): void => {
    const s = state.get(name);
    if (s === "done") return;
    if (s === "visiting") {
      const cycle = [...path.slice(path.indexOf(name)), name];
      throw new Error(`Parameter ${show(name)}: condition cycle ${cycle.map((n) => show(n)).join(" -> ")}`);
    }
    state.set(name, "visiting");
    const parent = space[name].condition?.param;
    if (parent !== undefined) {
      if (!Object.hasOwn(space, parent)) fail(name, `condition refers to unknown parameter ${show(parent)}`);
      visit(parent, [...path, name]);
    }
    state.set(name, "done");
    order.push(name);
  };
  for (const name of names) visit(name, []);
  return order;
}

/** Whether a condition holds for the parent's value. */
export function conditionHolds(cond: Condition, parentValue: ParamValue | undefined): boolean {
  if (parentValue === undefined) return false;
  if (cond.values !== undefined) return cond.values.includes(parentValue);
  if (typeof parentValue !== "number") return false;
  if (cond.min !== undefined && parentValue < cond.min) return false;
  if (cond.max !== undefined && parentValue > cond.max) return false;
  return true;
}

/** Whether a parameter takes part in a trial: unconditional, or its parent is active and satisfies the condition. */
export function isActive(name: string, space: SearchSpace, params: Params): boolean {
  let current = name;
  // Walk up the chain of parents; the step limit guards against a space that was never validated.
  for (let steps = 0; steps <= Object.keys(space).length; steps++) {
    const spec = space[current];
    if (spec === undefined) throw new Error(`Unknown parameter ${show(current)}`);
    const cond = spec.condition;
    if (cond === undefined) return true;
    if (!conditionHolds(cond, params[cond.param])) return false;
    current = cond.param;
  }
  throw new Error(`Parameter ${show(name)}: condition cycle`);
}

/** The names of the parameters active under `params`, parents first. */
export function activeParams(space: SearchSpace, params: Params): string[] {
  return topologicalOrder(space).filter((name) => isActive(name, space, params));
}

/** A canonical string for a parameter assignment, equal for equal assignments whatever the key order. */
export function paramsKey(params: Params): string {
  const keys = Object.keys(params).sort();
  return JSON.stringify(keys.map((k) => [k, params[k]]));
}

/** Throws if `params` is not a valid assignment: an active parameter missing or invalid, or an inactive or unknown one present. */
export function checkParams(space: SearchSpace, params: Params): void {
  for (const name of Object.keys(params)) {
    if (!Object.hasOwn(space, name))
      throw new Error(`Unknown parameter ${show(name)} in ${showParams(params)}`);
  }
  for (const name of topologicalOrder(space)) {
    const active = isActive(name, space, params);
    const has = Object.hasOwn(params, name);
    if (active && !has)
      throw new Error(`Parameter ${show(name)} is active but missing from ${showParams(params)}`);
    if (!active && has)
      throw new Error(`Parameter ${show(name)} is inactive but present in ${showParams(params)}`);
    if (has && !isValidValue(space[name], params[name])) {
      fail(
        name,
        `value ${show(params[name])} is not valid for ${showParams(space[name] as unknown as Params)}`,
      );
    }
  }
}
