/**
 * Checks for untrusted plain-JSON values (a config from a link, IndexedDB or an imported file):
 * a shape guard that refuses anything that is not plain data (class instances, getters, symbols,
 * `__proto__`/`constructor`/`prototype` keys, deep nesting, huge sizes) before any field is read,
 * and small field checkers that collect messages naming the field's path and the offending value.
 */

/** Keys refused anywhere in untrusted input: they could reach or shadow an object's prototype. */
export const FORBIDDEN_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];

export interface ShapeLimits {
  /** Deepest nesting of objects and arrays allowed (the root is depth 1). */
  maxDepth: number;
  /** Most values (objects, arrays and scalars together) allowed. */
  maxNodes: number;
  /** Longest string or key allowed, in UTF-16 code units. */
  maxStringLength: number;
}

/** A short, safe rendering of a value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return "an object that is not plain data";
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = "an unreadable value";
  }
  if (text.length <= 60) return text;
  return Array.isArray(value) ? `an array of ${value.length}` : `${text.slice(0, 57)}...`;
}

/** A path segment appended to `path` ("" for the root): `.name` for identifiers, `["odd key"]` otherwise, `[3]` for indices. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === "" ? key : `${path}.${key}`;
}

/** Whether `value` is a plain object (literal or JSON.parse'd, or with a null prototype). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The first reason `value` is not plain, bounded JSON data, or null if it is. Walks iteratively,
 * so hostile nesting cannot overflow the stack, and reads only own data properties (never getters).
 */
export function shapeProblem(value: unknown, path: string, limits: ShapeLimits): string | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path, depth: 1 }];
  let nodes = 0;
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (++nodes > limits.maxNodes) return `${path} is too large (more than ${limits.maxNodes} values)`;
    const v = item.value;
    if (v === null || typeof v === "boolean") continue;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return `${item.path} must be a finite number, got ${describeValue(v)}`;
      continue;
    }
    if (typeof v === "string") {
      if (v.length > limits.maxStringLength) {
        return `${item.path} is a string of ${v.length} characters, longer than the limit of ${limits.maxStringLength}`;
      }
      continue;
    }
    if (typeof v !== "object") return `${item.path} must be plain JSON data, got ${describeValue(v)}`;
    const isArray = Array.isArray(v);
    if (isArray ? Object.getPrototypeOf(v) !== Array.prototype : !isPlainObject(v)) {
      return `${item.path} must be plain JSON data, got ${describeValue(v)}`;
    }
    if (item.depth > limits.maxDepth) {
      return `${item.path} is nested too deeply (more than ${limits.maxDepth} levels)`;
    }
    if (Object.getOwnPropertySymbols(v).length > 0)
      return `${item.path} has symbol keys, which JSON cannot hold`;
    const keys = Object.getOwnPropertyNames(v);
    for (const key of keys) {
      if (isArray && key === "length") continue;
      const descriptor = Object.getOwnPropertyDescriptor(v, key)!;
      const where =
        isArray && /^\d+$/.test(key) ? childPath(item.path, Number(key)) : childPath(item.path, key);
      if (FORBIDDEN_KEYS.includes(key)) return `${where}: the key "${key}" is not allowed`;
      if (key.length > limits.maxStringLength)
        return `${item.path} has a key longer than ${limits.maxStringLength} characters`;
      if (!("value" in descriptor)) return `${where} is a getter or setter, not plain data`;
      if (isArray && !/^\d+$/.test(key)) return `${where}: an array must not carry named properties`;
      stack.push({ value: descriptor.value, path: where, depth: item.depth + 1 });
    }
    if (isArray && keys.length - 1 !== (v as unknown[]).length) {
      return `${item.path} is an array with holes`;
    }
  }
  return null;
}

/** Collects the messages of one validation, each naming a field path and the value found there. */
export class FieldErrors {
  readonly messages: string[] = [];

  /** Records `message` about the field at `path`. */
  add(path: string, message: string): void {
    this.messages.push(`${path} ${message}`);
  }

  get ok(): boolean {
    return this.messages.length === 0;
  }

  /** The messages joined for a single-line error: the first few, then how many more. */
  summary(max = 5): string {
    const shown = this.messages.slice(0, max).join("; ");
    const rest = this.messages.length - max;
    return rest > 0 ? `${shown}; and ${rest} more problem${rest === 1 ? "" : "s"}` : shown;
  }
}

/**
 * Checks that `value` is a plain object with every key of `required`, and no key outside
 * `required` and `optional`. Returns the object, or null (with errors recorded) if it is not one.
 */
export function checkObject(
  value: unknown,
  path: string,
  required: readonly string[],
  optional: readonly string[],
  errors: FieldErrors,
): Record<string, unknown> | null {
  if (!isPlainObject(value)) {
    errors.add(path, `must be an object, got ${describeValue(value)}`);
    return null;
  }
  for (const key of required) {
    if (!Object.hasOwn(value, key)) errors.add(childPath(path, key), "is missing");
  }
  const allowed = [...required, ...optional];
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      errors.add(childPath(path, key), `is not a known field (allowed: ${allowed.join(", ")})`);
    }
  }
  return value;
}

export interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
  /** The lower bound itself is excluded. */
  minExclusive?: boolean;
}

/*
 * The checkers below treat `undefined` as "missing": checkObject has already reported it, and plain
 * JSON data (see shapeProblem) cannot hold undefined anywhere else, so they stay silent about it.
 */

/** Checks a finite number against a rule; returns it, or undefined with an error recorded. */
export function checkNumber(
  value: unknown,
  path: string,
  rule: NumberRule,
  errors: FieldErrors,
): number | undefined {
  if (value === undefined) return undefined;
  const { min, max, integer = false, minExclusive = false } = rule;
  const inRange =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (min === undefined || (minExclusive ? value > min : value >= min)) &&
    (max === undefined || value <= max);
  if (inRange) return value;
  const kind = integer ? "an integer" : "a number";
  let range = "";
  if (min !== undefined && max !== undefined) {
    range = minExclusive ? ` greater than ${min} and at most ${max}` : ` from ${min} to ${max}`;
  } else if (min !== undefined) {
    range = minExclusive ? ` greater than ${min}` : ` of at least ${min}`;
  } else if (max !== undefined) {
    range = ` of at most ${max}`;
  }
  errors.add(path, `must be ${kind}${range}, got ${describeValue(value)}`);
  return undefined;
}

/** Checks a string's type and length (non-empty after trimming unless `allowEmpty`). */
export function checkString(
  value: unknown,
  path: string,
  maxLength: number,
  errors: FieldErrors,
  allowEmpty = false,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    errors.add(path, `must be a string, got ${describeValue(value)}`);
    return undefined;
  }
  if (!allowEmpty && value.trim() === "") {
    errors.add(path, "must not be empty");
    return undefined;
  }
  if (value.length > maxLength) {
    errors.add(path, `must be at most ${maxLength} characters long, got ${value.length}`);
    return undefined;
  }
  return value;
}

/** Checks that a value is one of a fixed list. */
export function checkOneOf<T>(
  value: unknown,
  path: string,
  allowed: readonly T[],
  errors: FieldErrors,
): T | undefined {
  if (value === undefined) return undefined;
  if (allowed.includes(value as T)) return value as T;
  const list = allowed.map((a) => JSON.stringify(a)).join(", ");
  errors.add(path, `must be one of ${list}, got ${describeValue(value)}`);
  return undefined;
}

/** JSON text of a plain value with object keys sorted, so equal data gives equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
