import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineAndColumn, parseJsonText } from "./json-text";

const LIMITS = { maxLength: 1_000_000, maxDepth: 64 };

function errorOf(text: string, limits = LIMITS): string {
  const result = parseJsonText(text, limits);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused`);
  return result.error;
}

describe("parseJsonText", () => {
  it("reads any JSON value as JSON.parse does, compact or indented", () => {
    const forbidden = /"(__proto__|constructor|prototype)":/;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.boolean(), (value, indent) => {
        const text = JSON.stringify(value, null, indent ? 2 : undefined);
        fc.pre(!forbidden.test(text));
        const result = parseJsonText(text, LIMITS);
        expect(result).toEqual({ ok: true, value: JSON.parse(text) });
      }),
      { numRuns: 300 },
    );
  });

  it("reads escapes, unicode, numbers and literals", () => {
    const text =
      '{"s":"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\ud800","n":[-0,0.5,-1.25e-3,2E+2,1e308],"l":[true,false,null]}';
    expect(parseJsonText(text, LIMITS)).toEqual({ ok: true, value: JSON.parse(text) });
    expect(parseJsonText('\ufeff {"a": 1}\r\n', LIMITS)).toEqual({ ok: true, value: { a: 1 } });
  });

  it("says where malformed JSON breaks, by line and column", () => {
    expect(errorOf('{\n  "a": 1,\n  "b": tru\n}')).toBe(
      "Malformed JSON at line 3, column 8: expected a value, found 't'",
    );
    expect(errorOf('{"a": 1,}')).toBe(
      "Malformed JSON at line 1, column 9: expected a quoted property name, found '}'",
    );
    expect(errorOf("[1, 2,]")).toBe("Malformed JSON at line 1, column 7: expected a value, found ']'");
    expect(errorOf("{'a': 1}")).toBe(
      "Malformed JSON at line 1, column 2: expected a quoted property name, found '''",
    );
    expect(errorOf('{"a" 1}')).toBe(
      `Malformed JSON at line 1, column 6: expected ':' after the property name "a", found '1'`,
    );
    expect(errorOf('{"a": 1 "b": 2}')).toBe(
      "Malformed JSON at line 1, column 9: expected ',' or '}' after a property value, found '\"'",
    );
    expect(errorOf("[1 2]")).toBe(
      "Malformed JSON at line 1, column 4: expected ',' or ']' after an array element, found '2'",
    );
    expect(errorOf('{"a": "x\ny"}')).toBe(
      "Malformed JSON at line 1, column 9: a string must not contain a raw control character U+000A (escape it)",
    );
    expect(errorOf('["\\x"]')).toBe('Malformed JSON at line 1, column 3: bad escape "\\x" in a string');
    expect(errorOf('["\\u12g4"]')).toBe('Malformed JSON at line 1, column 3: bad unicode escape "\\u12g4"');
    expect(errorOf('{"a": "open')).toBe(
      "Malformed JSON at line 1, column 7: a string is not closed before the end of the file",
    );
    expect(errorOf('{"a": [1')).toBe(
      "Malformed JSON at line 1, column 9: expected ',' or ']' after an array element, found end of file",
    );
    expect(errorOf("{} {}")).toBe(
      "Malformed JSON at line 1, column 4: unexpected '{' after the end of the data",
    );
    for (const bad of ["-", "01", "1.", ".5", "+1", "NaN", "Infinity", "-Infinity", "undefined", "0x10"]) {
      expect(errorOf(`[${bad}]`), bad).toMatch(/^Malformed JSON at line 1, column \d+: /);
    }
  });

  it("refuses numbers that overflow, naming them", () => {
    expect(errorOf('{"x": 1e999}')).toBe("Malformed JSON at line 1, column 7: the number 1e999 is too large");
    expect(errorOf("[-2e308]")).toBe("Malformed JSON at line 1, column 2: the number -2e308 is too large");
  });

  it("refuses __proto__, constructor and prototype keys and duplicate keys where they are", () => {
    for (const key of ["__proto__", "constructor", "prototype"]) {
      expect(errorOf(`{"ok": {\n  "${key}": {"polluted": true}}}`)).toBe(
        `Malformed JSON at line 2, column 3: the property name "${key}" is not allowed`,
      );
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(errorOf('{"a": 1, "a": 2}')).toBe(
      'Malformed JSON at line 1, column 10: the property "a" appears twice in the same object',
    );
  });

  it("refuses nesting deeper than the limit and text longer than the limit", () => {
    expect(parseJsonText("[".repeat(64) + "]".repeat(64), LIMITS).ok).toBe(true);
    expect(errorOf("[".repeat(65) + "]".repeat(65))).toBe(
      "Malformed JSON at line 1, column 65: the data is nested more than 64 levels deep",
    );
    // Far deeper than any stack: refused at the limit, without recursion trouble.
    expect(
      errorOf('{"a":'.repeat(200_000) + "1" + "}".repeat(200_000), { maxLength: 2_000_000, maxDepth: 64 }),
    ).toMatch(/nested more than 64 levels/);
    expect(errorOf("[1]", { maxLength: 2, maxDepth: 4 })).toBe(
      "The file is too large (0.0 MB; the limit is 0.0 MB)",
    );
    expect(errorOf("  \n ")).toBe("The file is empty");
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        expect(() => parseJsonText(text, LIMITS)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});

describe("lineAndColumn", () => {
  it("counts lines from 1 and columns from 1", () => {
    expect(lineAndColumn("ab\ncd\n", 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn("ab\ncd\n", 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn("ab\ncd\n", 6)).toEqual({ line: 3, column: 1 });
  });
});
