/** Python source literals for values taken from a study configuration. */

/**
 * A Python string literal. JSON's escapes (\" \\ \n \uXXXX ...) all mean the same in Python, and
 * JSON.stringify escapes every control character, so a configuration's text cannot break out.
 */
export function pyString(text: string): string {
  // U+2028/2029 are plain characters to Python but are escaped anyway, so the file stays one line per statement in every editor.
  return JSON.stringify(text)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** A Python number literal (finite only: Python has no literal for NaN or infinity). */
export function pyNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`Cannot write the non-finite number ${x} as a Python literal`);
  return String(x);
}

/** A Python literal for plain JSON data: None, True/False, numbers, strings, lists and dicts. */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return pyNumber(value);
  if (typeof value === "string") return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${pyString(k)}: ${pyLiteral(v)}`,
    );
    return `{${entries.join(", ")}}`;
  }
  throw new Error(`Cannot write ${typeof value} as a Python literal`);
}

/** A dict literal spread over lines, one key per line, indented by `indent` spaces. */
export function pyDictLines(record: Record<string, unknown>, indent: number): string {
  const pad = " ".repeat(indent);
  const lines = Object.entries(record).map(([k, v]) => `${pad}    ${pyString(k)}: ${pyLiteral(v)},`);
  return `{\n${lines.join("\n")}\n${pad}}`;
}

/** A Python tuple literal of values (a one-element tuple keeps its comma). */
export function pyTuple(values: readonly unknown[]): string {
  return values.length === 1 ? `(${pyLiteral(values[0])},)` : `(${values.map(pyLiteral).join(", ")})`;
}
