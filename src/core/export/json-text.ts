/**
 * A strict JSON reader for imported files. Unlike JSON.parse it reports where a file is broken as
 * a line and column on every engine, and refuses at the exact spot what an import must not carry:
 * nesting deeper than a limit, numbers that overflow to infinity, duplicate keys, and the keys
 * `__proto__`, `constructor` and `prototype`.
 */
import { FORBIDDEN_KEYS } from "../study/json-checks";

export interface JsonTextLimits {
  /** Longest text accepted, in UTF-16 code units. */
  maxLength: number;
  /** Deepest nesting of objects and arrays (the root is depth 1). */
  maxDepth: number;
}

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; error: string };

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** 1-based line and column of a position in `text`. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(position, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

class Reader {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  read(): unknown {
    // A byte-order mark is what some editors put at the start of a saved file; it is not an error.
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skipSpace();
    const value = this.value(1);
    this.skipSpace();
    if (this.pos < this.text.length) this.fail(`unexpected ${this.found()} after the end of the data`);
    return value;
  }

  private fail(message: string, at = this.pos): never {
    throw new JsonSyntaxError(message, at);
  }

  private found(): string {
    if (this.pos >= this.text.length) return "end of file";
    const ch = this.text[this.pos];
    const code = ch.charCodeAt(0);
    return code < 0x20
      ? `control character U+${code.toString(16).padStart(4, "0").toUpperCase()}`
      : `'${ch}'`;
  }

  private skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return;
      this.pos++;
    }
  }

  private value(depth: number): unknown {
    const ch = this.text[this.pos];
    if (ch === "{" || ch === "[") {
      if (depth > this.maxDepth) this.fail(`the data is nested more than ${this.maxDepth} levels deep`);
      return ch === "{" ? this.object(depth) : this.array(depth);
    }
    if (ch === '"') return this.string();
    if (ch === "-" || (ch >= "0" && ch <= "9")) return this.number();
    for (const [word, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail(`expected a value, found ${this.found()}`);
  }

  private object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail(`expected a quoted property name, found ${this.found()}`);
      const keyAt = this.pos;
      const key = this.string();
      if (FORBIDDEN_KEYS.includes(key)) this.fail(`the property name "${key}" is not allowed`, keyAt);
      if (Object.hasOwn(out, key)) this.fail(`the property "${key}" appears twice in the same object`, keyAt);
      this.skipSpace();
      if (this.text[this.pos] !== ":")
        this.fail(`expected ':' after the property name "${key}", found ${this.found()}`);
      this.pos++;
      this.skipSpace();
      out[key] = this.value(depth + 1);
      this.skipSpace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === "}") return out;
      if (next !== ",")
        this.fail(`expected ',' or '}' after a property value, found ${this.foundAt(-1)}`, this.pos - 1);
      this.skipSpace();
    }
  }

  private array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.skipSpace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === "]") return out;
      if (next !== ",")
        this.fail(`expected ',' or ']' after an array element, found ${this.foundAt(-1)}`, this.pos - 1);
      this.skipSpace();
    }
  }

  /** `found()` for the character `offset` before the current position. */
  private foundAt(offset: number): string {
    this.pos += offset;
    const text = this.found();
    this.pos -= offset;
    return text;
  }

  private string(): string {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    let out = "";
    let chunk = this.pos;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 34) {
        out += t.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail(`a string must not contain a raw ${this.found()} (escape it)`);
      if (c !== 92) {
        this.pos++;
        continue;
      }
      out += t.slice(chunk, this.pos);
      const e = t[this.pos + 1];
      if (e === "u") {
        const hex = t.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(`bad unicode escape "\\u${hex}"`);
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else if (e !== undefined && Object.hasOwn(ESCAPES, e)) {
        out += ESCAPES[e];
        this.pos += 2;
      } else {
        this.fail(`bad escape "\\${e ?? ""}" in a string`);
      }
      chunk = this.pos;
    }
    return this.fail("a string is not closed before the end of the file", start);
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) return this.fail(`expected a number, found ${this.found()}`);
    const value = Number(match[0]);
    if (!Number.isFinite(value)) this.fail(`the number ${match[0]} is too large`);
    this.pos += match[0].length;
    return value;
  }
}

/** Parses JSON text within limits; a failure says what is wrong and where (line, column). */
export function parseJsonText(text: string, limits: JsonTextLimits): JsonTextResult {
  if (typeof text !== "string")
    return { ok: false, error: `Expected the text of a file, got ${typeof text}` };
  if (text.length > limits.maxLength) {
    const mb = (n: number): string => `${(n / 1_048_576).toFixed(1)} MB`;
    return {
      ok: false,
      error: `The file is too large (${mb(text.length)}; the limit is ${mb(limits.maxLength)})`,
    };
  }
  if (text.trim() === "") return { ok: false, error: "The file is empty" };
  try {
    return { ok: true, value: new Reader(text, limits.maxDepth).read() };
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const { line, column } = lineAndColumn(text, e.position);
    return { ok: false, error: `Malformed JSON at line ${line}, column ${column}: ${e.message}` };
  }
}
