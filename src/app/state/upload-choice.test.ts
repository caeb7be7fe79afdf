import { describe, expect, it } from "vitest";
import { CsvError, MAX_CSV_BYTES, defaultChoice, describeColumns, parseCsv } from "../../core/datasets/csv";
import {
  checkCsvFileSize,
  columnRole,
  formatBytes,
  guessTask,
  problemOf,
  uploadNameOf,
  withColumnRole,
  withTarget,
} from "./upload-choice";

const CSV = [
  "id,colour,size,weight,grade,kind",
  ...Array.from({ length: 12 }, (_, i) =>
    [i + 1, ["red", "green", "blue"][i % 3], (i * 1.5).toFixed(1), 10 + i, i % 4, i % 2 ? "cat" : "dog"].join(
      ",",
    ),
  ),
].join("\n");

const table = parseCsv(CSV);
const columns = describeColumns(table);

describe("file size", () => {
  it("refuses a file over the limit naming its name and size, before it is read", () => {
    expect(() => checkCsvFileSize("ok.csv", MAX_CSV_BYTES)).not.toThrow();
    expect(() => checkCsvFileSize("big.csv", MAX_CSV_BYTES + 1)).toThrow(
      `The file "big.csv" is 50.0 MB (${MAX_CSV_BYTES + 1} bytes); CSV uploads are limited to 50.0 MB`,
    );
    expect(formatBytes(812)).toBe("812 B");
    expect(formatBytes(14_540)).toBe("14.2 KB");
  });
});

describe("column choice", () => {
  it("starts from the core's guess and reads each column's role", () => {
    const choice = defaultChoice(table);
    expect(choice.target).toBe("kind");
    expect(columnRole(choice, "kind")).toBe("target");
    expect(columnRole(choice, "colour")).toBe("categorical");
    expect(columnRole(choice, "size")).toBe("numeric");
  });

  it("changes a feature's role without touching the others", () => {
    const choice = defaultChoice(table);
    const a = withColumnRole(choice, "size", "ignore");
    expect(columnRole(a, "size")).toBe("ignore");
    const b = withColumnRole(a, "size", "categorical");
    expect(columnRole(b, "size")).toBe("categorical");
    expect(b.ignore).not.toContain("size");
    const c = withColumnRole(b, "colour", "numeric");
    expect(columnRole(c, "colour")).toBe("numeric");
    expect(c.categorical).toEqual(["size"]);
    expect(() => withColumnRole(c, "kind", "ignore")).toThrow(
      '"kind" is the target column; pick another target first',
    );
  });

  it("guesses the task of a new target and gives the old one back as a feature", () => {
    const choice = defaultChoice(table);
    const weight = withTarget(table, columns, choice, "weight");
    expect(weight.task).toBe("regression");
    expect(weight.categorical).toContain("kind");
    expect(columnRole(weight, "kind")).toBe("categorical");
    const grade = withTarget(table, columns, weight, "grade");
    expect(grade.task).toBe("multiclass");
    expect(columnRole(grade, "weight")).toBe("numeric");
    const colour = withTarget(table, columns, withColumnRole(grade, "colour", "ignore"), "colour");
    expect(colour.task).toBe("multiclass");
    expect(colour.ignore).not.toContain("colour");
    expect(colour.categorical).not.toContain("colour");
    expect(withTarget(table, columns, colour, "kind").task).toBe("binary");
    expect(() => withTarget(table, columns, choice, "height")).toThrow(
      'Column "height" is not in the file (columns: id, colour, size, weight, grade, kind)',
    );
  });

  it("guesses regression for real numbers and many whole numbers", () => {
    const many = parseCsv(["n,y", ...Array.from({ length: 30 }, (_, i) => `${i},${i % 2}`)].join("\n"));
    const [n, y] = describeColumns(many);
    expect(guessTask(many, n)).toBe("regression");
    expect(guessTask(many, y)).toBe("binary");
    const size = columns.find((c) => c.name === "size")!;
    expect(guessTask(table, size)).toBe("regression");
  });
});

describe("problems and names", () => {
  it("keeps a CsvError's line and column", () => {
    expect(problemOf(new CsvError("Line 7 has 5 fields", 7, "age"))).toEqual({
      message: "Line 7 has 5 fields",
      line: 7,
      column: "age",
    });
    expect(problemOf(new Error("Storage is full"))).toEqual({ message: "Storage is full" });
  });

  it("names an upload after its file", () => {
    expect(uploadNameOf("Penguins.CSV")).toBe("Penguins");
    expect(uploadNameOf("data.tsv")).toBe("data");
    expect(uploadNameOf(".csv")).toBe("Uploaded CSV");
  });
});
