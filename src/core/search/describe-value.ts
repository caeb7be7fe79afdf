/**
 * A short rendering of any value for an error message. Safe on hostile input: it never calls a
 * value's own toString, valueOf or getters (which may be missing, throw or lie), never recurses
 * deeper than a few levels, and never returns more than about a hundred characters.
 */

/** Most characters of a description; longer ones are cut with an ellipsis. */
const MAX_LENGTH = 100;
/** Levels of nested arrays and objects shown before they are abbreviated. */
const MAX_DEPTH = 3;
/** Elements or fields shown per array or object before "…". */
const MAX_ITEMS = 4;

function describeAt(value: unknown, depth: number): string {
  switch (typeof value) {
    case "undefined":
      return "undefined";
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "boolean":
      return String(value);
    case "bigint":
      return `${value.toString()}n`;
    case "string":
      return JSON.stringify(value.length > MAX_LENGTH ? `${value.slice(0, MAX_LENGTH)}…` : value);
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
  }
  if (value === null) return "null";
  const object = value as object;
  if (Array.isArray(object)) {
    if (depth >= MAX_DEPTH) return object.length === 0 ? "[]" : `[an array of ${object.length}]`;
    const shown: string[] = [];
    for (let i = 0; i < Math.min(object.length, MAX_ITEMS); i++) {
      const descriptor = Object.getOwnPropertyDescriptor(object, i);
      shown.push(descriptor === undefined ? "empty" : describeField(descriptor, depth));
    }
    if (object.length > MAX_ITEMS) shown.push(`… ${object.length - MAX_ITEMS} more`);
    return `[${shown.join(", ")}]`;
  }
  const proto = Object.getPrototypeOf(object) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    // A class instance (Date, Map, a typed array...) is not plain data; its fields mean little here.
    return object instanceof Date ? "a Date" : "an object that is not plain data";
  }
  const keys = Object.keys(object);
  if (keys.length === 0) return "{}";
  if (depth >= MAX_DEPTH) return `{an object of ${keys.length} field${keys.length === 1 ? "" : "s"}}`;
  const shown = keys.slice(0, MAX_ITEMS).map((key) => {
    const descriptor = Object.getOwnPropertyDescriptor(object, key);
    return `${describeAt(key, depth)}: ${descriptor === undefined ? "undefined" : describeField(descriptor, depth)}`;
  });
  if (keys.length > MAX_ITEMS) shown.push(`… ${keys.length - MAX_ITEMS} more`);
  return `{${shown.join(", ")}}`;
}

function describeField(descriptor: PropertyDescriptor, depth: number): string {
  return "value" in descriptor ? describeAt(descriptor.value, depth + 1) : "a getter";
}

/** A bounded, crash-free description of `value` for an error message (strings quoted, objects abbreviated). */
export function describeValue(value: unknown): string {
  let text: string;
  try {
    text = describeAt(value, 0);
  } catch {
    // Only an exotic object (a revoked Proxy, say) gets here.
    return "an unreadable value";
  }
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}
