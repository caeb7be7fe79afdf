import { describe, expect, it } from "vitest";
import { CsvError, MAX_CSV_BYTES, isMissing, lineOfRow, parseCsv, parseNumber } from "./csv";

/** The CsvError a call throws (fails the test when it throws something else or nothing). */
function csvError(run: () => unknown): CsvError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(CsvError);
    return e as CsvError;
  }
  throw new Error("expected a CsvError, nothing was thrown");
}

describe("parseCsv", () => {
  it("reads a plain comma file with a header", () => {
    const t = parseCsv("a,b,c\n1,2,3\n4,5,6\n");
    expect(t).toMatchObject({
      header: ["a", "b", "c"],
      rows: [
        ["1", "2", "3"],
        ["4", "5", "6"],
      ],
      delimiter: ",",
      hasHeader: true,
      rowLines: [2, 3],
    });
  });

  it("handles quoted fields with delimiters, line breaks and doubled quotes", () => {
    const text = 'name,note,n\n"Smith, J","said ""hi""\nthen left",1\nplain,"",2\n';
    const t = parseCsv(text);
    expect(t.rows).toEqual([
      ["Smith, J", 'said "hi"\nthen left', "1"],
      ["plain", "", "2"],
    ]);
    // The quoted line break moves the next row to line 4.
    expect(t.rowLines).toEqual([2, 4]);
  });

  it("strips a byte-order mark and reads CRLF line ends (also inside quotes)", () => {
    const t = parseCsv('\uFEFFx,y\r\n1,"a\r\nb"\r\n2,c\r\n');
    expect(t.header).toEqual(["x", "y"]);
    expect(t.rows).toEqual([
      ["1", "a\nb"],
      ["2", "c"],
    ]);
    expect(t.rowLines).toEqual([2, 4]);
  });

  it("reads the last row without a final line break and skips blank lines", () => {
    const t = parseCsv("a,b\n\n1,2\n   \n3,4");
    expect(t.rows).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
    expect(t.rowLines).toEqual([3, 5]);
  });

  it("detects semicolons (with decimal commas) and tabs", () => {
    const semi = parseCsv("len;width;kind\n1,5;2,25;a\n3,0;4,5;b\n");
    expect(semi.delimiter).toBe(";");
    expect(semi.rows[0]).toEqual(["1,5", "2,25", "a"]);
    const tab = parseCsv("name\tscore\nSmith, J\t5\nDoe, A\t6\n");
    expect(tab.delimiter).toBe("\t");
    expect(tab.rows).toEqual([
      ["Smith, J", "5"],
      ["Doe, A", "6"],
    ]);
  });

  it("keeps a comma file whose quoted text holds semicolons", () => {
    const t = parseCsv('text,label\n"a; b",1\n"c; d",0\n');
    expect(t.delimiter).toBe(",");
    expect(t.rows[0]).toEqual(["a; b", "1"]);
  });

  it("honours a given delimiter and header flag", () => {
    const t = parseCsv("1;2\n3;4\n", { delimiter: ";", header: false });
    expect(t.header).toEqual(["column 1", "column 2"]);
    expect(t.rows).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
    expect(t.hasHeader).toBe(false);
    const forced = parseCsv("1,2\n3,4\n", { header: true });
    expect(forced.header).toEqual(["1", "2"]);
  });

  it("detects whether the first row is a header", () => {
    expect(parseCsv("1,2\n3,4\n").hasHeader).toBe(false);
    expect(parseCsv("age,city\n31,Paris\n40,Rome\n").hasHeader).toBe(true);
    // All text: a header when none of its words recurs below it.
    expect(parseCsv("colour,size\nred,small\nblue,large\n").hasHeader).toBe(true);
    expect(parseCsv("red,small\nblue,large\nred,large\n").hasHeader).toBe(false);
    // Numbers in the first row only where the column holds text.
    expect(parseCsv("1,x\n2,y\n").hasHeader).toBe(false);
  });

  it("trims unquoted fields but keeps the spaces inside quotes", () => {
    const t = parseCsv('a, b\n 1 , " x "\n2,y\n');
    expect(t.header).toEqual(["a", "b"]);
    expect(t.rows[0]).toEqual(["1", " x "]);
  });

  it("refuses an empty file", () => {
    expect(csvError(() => parseCsv("")).message).toMatch(/empty/);
    expect(csvError(() => parseCsv("\uFEFF\n\n  \n")).message).toMatch(/empty/);
  });

  it("refuses a file with only a header, naming its line", () => {
    const e = csvError(() => parseCsv("a,b,c\n"));
    expect(e.message).toMatch(/only a header \(line 1\)/);
    expect(e.line).toBe(1);
  });

  it("refuses a ragged row, naming its line and both field counts", () => {
    const text = "a,b,c,d\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3,4\n\n1,2,3,4,5\n";
    const e = csvError(() => parseCsv(text));
    expect(e.message).toMatch(/^Line 7 has 5 fields, the header has 4/);
    expect(e.line).toBe(7);
    const short = csvError(() => parseCsv("1,2,3\n4,5\n", { header: false }));
    expect(short.message).toMatch(/Line 2 has 2 fields, line 1 has 3/);
  });

  it("refuses an unclosed quote, naming the line where it opened", () => {
    const e = csvError(() => parseCsv('a,b\n1,2\n3,"open\n4,5\n'));
    expect(e.message).toMatch(/Line 3: a quoted field \(field 2\) is never closed/);
    expect(e.line).toBe(3);
  });

  it("refuses text after a closing quote", () => {
    const e = csvError(() => parseCsv('a,b\n"x"y,1\n', { delimiter: "," }));
    expect(e.message).toMatch(/Line 2: unexpected "y" after the closing quote of field 1/);
  });

  it("refuses empty and duplicate header names, naming the column", () => {
    const empty = csvError(() => parseCsv(",a,b\n0,1,2\n1,3,4\n"));
    expect(empty.message).toMatch(/Column 1 of the header \(line 1\) has no name/);
    const dup = csvError(() => parseCsv("age,name,age\n1,x,2\n", { header: true }));
    expect(dup.message).toMatch(/two columns "age" \(columns 1 and 3\)/);
    expect(dup.column).toBe("age");
  });

  it("refuses text longer than the limit and a bad delimiter option", () => {
    const big = "a".repeat(MAX_CSV_BYTES + 1);
    expect(csvError(() => parseCsv(big)).message).toMatch(
      new RegExp(`${MAX_CSV_BYTES + 1} characters.*50 MB`),
    );
    expect(csvError(() => parseCsv("a|b\n1|2", { delimiter: "|" as never })).message).toMatch(/got "\|"/);
  });
});

describe("cell helpers", () => {
  it("recognises missing values", () => {
    for (const v of ["", " ", "?", "NA", "n/a", "NaN", "null", "None"]) expect(isMissing(v)).toBe(true);
    for (const v of ["0", "x", "nan0"]) expect(isMissing(v)).toBe(false);
  });

  it("parses decimal numbers only, with decimal commas outside comma files", () => {
    expect(parseNumber("3")).toBe(3);
    expect(parseNumber(" -1.5e3 ")).toBe(-1500);
    expect(parseNumber(".5")).toBe(0.5);
    expect(parseNumber("2.")).toBe(2);
    for (const v of ["0x1A", "Infinity", "1,5", "", "1.2.3", "abc"]) expect(parseNumber(v)).toBeNull();
    expect(parseNumber("1,5", ";")).toBe(1.5);
    expect(parseNumber("-2,25", "\t")).toBe(-2.25);
  });

  it("gives the file line of a row", () => {
    const t = parseCsv("a\n1\n2\n");
    expect(lineOfRow(t, 1)).toBe(3);
    expect(lineOfRow({ header: ["a"], rows: [["1"]], delimiter: ",", hasHeader: false }, 0)).toBe(1);
  });
});
