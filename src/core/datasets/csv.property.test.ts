import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { PROTOTYPE_KEYS, prototypePolluted, prototypeSnapshot } from "../hostile-input.property";
import { CsvError, csvToDataset, defaultChoice, describeColumns, parseCsv, type CsvTable } from "./csv";

const pristine = prototypeSnapshot();

afterEach(() => {
  expect(prototypeSnapshot()).toBe(pristine);
  expect(prototypePolluted()).toBe(false);
});

/** parseCsv returns a rectangular table or throws a CsvError with a message; nothing else. */
function parseOrRefuse(text: string, options?: Parameters<typeof parseCsv>[1]): CsvTable | CsvError {
  try {
    const table = parseCsv(text, options);
    expect(table.header.length).toBeGreaterThan(0);
    for (const row of table.rows) expect(row).toHaveLength(table.header.length);
    if (table.hasHeader) expect(new Set(table.header).size).toBe(table.header.length);
    return table;
  } catch (error) {
    expect(error, `not a CsvError: ${String(error)}`).toBeInstanceOf(CsvError);
    expect((error as Error).message.length).toBeGreaterThan(0);
    return error as CsvError;
  }
}

/** RFC 4180 text of a table, every field quoted (so nothing is trimmed or guessed). */
function toCsv(header: string[], rows: string[][]): string {
  const quote = (field: string): string => `"${field.replace(/"/g, '""')}"`;
  return [header, ...rows].map((r) => r.map(quote).join(",")).join("\r\n");
}

/** Field text with everything that trips CSV: delimiters, quotes, line breaks, markup, prototype keys. */
const field = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    ",",
    '"',
    '""',
    "\n",
    "\r\n",
    ";",
    "\t",
    " x ",
    "<img src=x onerror=alert(1)>",
    ...PROTOTYPE_KEYS,
  ),
  fc.double().map(String),
);

/** Distinct header names as a person might write them: trimmed, non-empty, prototype keys included. */
const headerNames = fc.uniqueArray(
  fc.oneof(
    fc.constantFrom(...PROTOTYPE_KEYS, "<b>name</b>", "a,b", 'say "hi"', "line\nbreak"),
    fc
      .string({ minLength: 1, maxLength: 10 })
      .map((s) => s.trim())
      .filter((s) => s !== ""),
  ),
  { minLength: 1, maxLength: 6 },
);

describe("parseCsv under generated malformed input", () => {
  it("answers any text with a rectangular table or a CsvError, never another error", () => {
    const pieces = fc.array(fc.oneof(field, fc.constantFrom('"', "\r", "\uFEFF", ",,,", "\n\n")), {
      maxLength: 40,
    });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: "binary" }),
          pieces.map((p) => p.join("")),
        ),
        (text) => {
          parseOrRefuse(text);
          parseOrRefuse(text, { delimiter: ";", header: true });
          parseOrRefuse(text, { delimiter: "\t", header: false });
        },
      ),
      { numRuns: 600 },
    );
  });

  it("reads back exactly any table written with RFC 4180 quoting", () => {
    fc.assert(
      fc.property(
        headerNames.chain((header) =>
          fc.tuple(
            fc.constant(header),
            fc.array(fc.array(field, { minLength: header.length, maxLength: header.length }), {
              minLength: 1,
              maxLength: 8,
            }),
          ),
        ),
        ([header, rows]) => {
          const table = parseCsv(toCsv(header, rows), { delimiter: ",", header: true });
          // Line breaks inside quoted fields are normalised to "\n" (on purpose, see parseRecords).
          const lf = (text: string): string => text.replace(/\r\n?/g, "\n");
          expect(table.header).toEqual(header.map(lf));
          expect(table.rows).toEqual(rows.map((row) => row.map(lf)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("refuses ragged rows, naming the line and the field counts", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 9 }), (width, badLine) => {
        const header = Array.from({ length: width }, (_, c) => `c${c}`);
        const rows = Array.from({ length: 10 }, (_, r) => header.map((_, c) => String(r * 10 + c)));
        rows[badLine - 2] = rows[badLine - 2].slice(0, -1);
        const refused = parseOrRefuse(toCsv(header, rows), { delimiter: ",", header: true });
        expect(refused).toBeInstanceOf(CsvError);
        expect((refused as CsvError).message).toContain(`Line ${badLine} has ${width - 1} field`);
      }),
      { numRuns: 50 },
    );
  });
});

describe("CSV to dataset under hostile columns", () => {
  /** A 12-row table with the given column names, numbers in the first columns and a class in the last. */
  function table(names: string[], numbers: (r: number, c: number) => string): CsvTable {
    const rows = Array.from({ length: 12 }, (_, r) =>
      names.map((_, c) => (c === names.length - 1 ? (r % 2 ? "yes" : "no") : numbers(r, c))),
    );
    return parseCsv(toCsv(names, rows), { delimiter: ",", header: true });
  }

  it("handles columns named __proto__, constructor and prototype as ordinary columns", () => {
    const names = [...PROTOTYPE_KEYS, "label"];
    const t = table(names, (r, c) => String(r + c / 10));
    const columns = describeColumns(t);
    expect(columns.map((c) => c.name)).toEqual(names);
    const choice = defaultChoice(t);
    const data = csvToDataset(t, { ...choice, target: "label", task: "binary" }, "upload-1");
    expect(data.featureNames).toEqual([...PROTOTYPE_KEYS]);
    expect(data.classNames).toEqual(["no", "yes"]);
    expect(Array.from(data.x).every(Number.isFinite)).toBe(true);
  });

  it("refuses or keeps finite every huge or odd number in a feature column", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("1e999", "-1e999", "1e308", "1e-400", "NaN", "Infinity", "0x10", "1,5", "--1", ""),
        fc.integer({ min: 0, max: 11 }),
        (odd, row) => {
          const t = table(["a", "b", "label"], (r, c) => (r === row && c === 0 ? odd : String(r - c)));
          try {
            const choice = defaultChoice(t);
            const data = csvToDataset(t, { ...choice, target: "label", task: "binary" }, "upload-2");
            expect(Array.from(data.x).every(Number.isFinite), `${odd} became a non-finite feature`).toBe(
              true,
            );
          } catch (error) {
            expect(error, `not a CsvError: ${String(error)}`).toBeInstanceOf(CsvError);
            expect((error as Error).message).toMatch(/line|column|"a"/i);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses a choice naming a column that does not exist, with the column's name", () => {
    const t = table(["a", "b", "label"], (r, c) => String(r * c));
    for (const target of [...PROTOTYPE_KEYS, "missing", ""]) {
      expect(() => csvToDataset(t, { target, task: "binary", ignore: [], categorical: [] }, "u")).toThrow(
        CsvError,
      );
    }
  });
});
