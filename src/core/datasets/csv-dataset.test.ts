import { describe, expect, it } from "vitest";
import {
  CsvError,
  classBalance,
  csvToDataset,
  defaultChoice,
  describeColumns,
  parseCsv,
  type CsvTable,
} from "./csv";

function csvError(run: () => unknown): CsvError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(CsvError);
    return e as CsvError;
  }
  throw new Error("expected a CsvError, nothing was thrown");
}

/** A small flower table: id, two measurements, a colour, the species. */
function flowers(extra: string[] = []): CsvTable {
  const lines = ["id,length,width,colour,species"];
  const species = ["setosa", "versicolor", "virginica"];
  const colours = ["red", "blue"];
  for (let i = 0; i < 12; i++) {
    lines.push(
      `${i + 1},${(4 + i * 0.25).toFixed(2)},${(2 + (i % 4) * 0.5).toFixed(1)},${colours[i % 2]},${species[i % 3]}`,
    );
  }
  return parseCsv([...lines, ...extra].join("\n") + "\n");
}

describe("describeColumns", () => {
  it("summarises kinds, missing and distinct counts, and a few values", () => {
    const t = parseCsv("a,b,c\n1,x,\n2,y,?\n2,x,NA\n");
    expect(describeColumns(t)).toEqual([
      { name: "a", kind: "numeric", missing: 0, distinct: 2, sample: ["1", "2"] },
      { name: "b", kind: "categorical", missing: 0, distinct: 2, sample: ["x", "y"] },
      { name: "c", kind: "categorical", missing: 3, distinct: 0, sample: [] },
    ]);
  });

  it("counts a column with decimal commas as numeric in a semicolon file", () => {
    const t = parseCsv("a;b\n1,5;x\n2,25;y\n");
    expect(describeColumns(t)[0].kind).toBe("numeric");
  });
});

describe("defaultChoice", () => {
  it("takes the last column as target, ignores a row id and marks text features categorical", () => {
    expect(defaultChoice(flowers())).toEqual({
      target: "species",
      task: "multiclass",
      ignore: ["id"],
      categorical: ["colour"],
    });
  });

  it("guesses the task from the target's values", () => {
    const rows = (f: (i: number) => string) =>
      parseCsv(["x,y", ...Array.from({ length: 30 }, (_, i) => `${i},${f(i)}`)].join("\n"));
    expect(defaultChoice(rows((i) => String(i % 2))).task).toBe("binary");
    expect(defaultChoice(rows((i) => (i % 2 ? "yes" : "no"))).task).toBe("binary");
    expect(defaultChoice(rows((i) => String(i % 5))).task).toBe("multiclass");
    expect(defaultChoice(rows((i) => (i * 0.37).toFixed(2))).task).toBe("regression");
    // Many whole-number values: a count to regress on, not classes.
    expect(defaultChoice(rows((i) => String(i * 3))).task).toBe("regression");
  });
});

describe("csvToDataset", () => {
  it("converts numeric columns as they are and one-hot encodes categorical ones", () => {
    const t = flowers();
    const d = csvToDataset(t, defaultChoice(t), "upload-abc");
    expect(d).toMatchObject({
      id: "upload-abc",
      task: "multiclass",
      classes: 3,
      classNames: ["setosa", "versicolor", "virginica"],
      featureNames: ["length", "width", "colour=blue", "colour=red"],
      exampleShape: [4],
      xScale: 1,
      standardize: true,
      sourceTestCount: 0,
    });
    expect(d.x).toBeInstanceOf(Float32Array);
    expect(d.x.length).toBe(12 * 4);
    // Row 1 (second data row): length 4.25, width 2.5, blue, versicolor.
    expect(Array.from(d.x.subarray(4, 8))).toEqual([4.25, 2.5, 1, 0]);
    expect(Array.from(d.x.subarray(0, 4))).toEqual([4, 2, 0, 1]);
    expect(Array.from(d.y.subarray(0, 4))).toEqual([0, 1, 2, 0]);
  });

  it("orders numeric classes by value and merges equal numbers", () => {
    const lines = [
      "f,label",
      ...Array.from({ length: 12 }, (_, i) => `${i},${["10", "2", "2.0", "9"][i % 4]}`),
    ];
    const t = parseCsv(lines.join("\n"));
    const d = csvToDataset(t, { target: "label", task: "multiclass", ignore: [], categorical: [] }, "u");
    expect(d.classNames).toEqual(["2", "9", "10"]);
    expect(Array.from(d.y.subarray(0, 4))).toEqual([2, 0, 0, 1]);
  });

  it("makes a regression dataset with the target values", () => {
    const lines = ["a;b;price", ...Array.from({ length: 10 }, (_, i) => `${i};${i % 3};${i},5`)];
    const d = csvToDataset(
      parseCsv(lines.join("\n")),
      { target: "price", task: "regression", ignore: [], categorical: ["b"] },
      "r",
    );
    expect(d.task).toBe("regression");
    expect(d.classes).toBe(1);
    expect(d.classNames).toEqual([]);
    expect(d.featureNames).toEqual(["a", "b=0", "b=1", "b=2"]);
    expect(Array.from(d.y.subarray(0, 3))).toEqual([0.5, 1.5, 2.5]);
  });

  it("refuses a missing value, naming the line and column", () => {
    const e = csvError(() => {
      const t = flowers(["13,,2.0,red,setosa"]);
      csvToDataset(t, defaultChoice(t), "u");
    });
    expect(e.message).toMatch(/Missing value in column "length" on line 14/);
    expect(e.line).toBe(14);
    expect(e.column).toBe("length");
  });

  it("names the real file line when quoted line breaks come first", () => {
    const lines = [
      "note,v,c",
      '"two\nlines",1,a',
      ...Array.from({ length: 10 }, (_, i) => `n,${i},${"ab"[i % 2]}`),
      "n,oops,a",
    ];
    const e = csvError(() =>
      csvToDataset(
        parseCsv(lines.join("\n")),
        { target: "c", task: "binary", ignore: ["note"], categorical: [] },
        "u",
      ),
    );
    expect(e.message).toMatch(/Non-numeric value "oops" in numeric column "v" on line 14/);
    expect(e.line).toBe(14);
  });

  it("refuses a non-numeric value in a numeric column, quoting it", () => {
    const t = flowers(["13,4.1,wide,red,setosa"]);
    // The guess would make "width" categorical now; the person keeps it numeric.
    expect(defaultChoice(t).categorical).toContain("width");
    const e = csvError(() => csvToDataset(t, { ...defaultChoice(flowers()) }, "u"));
    expect(e.message).toMatch(/Non-numeric value "wide" in numeric column "width" on line 14/);
    expect(e.column).toBe("width");
  });

  it("refuses a single class, naming it", () => {
    const lines = ["a,b", ...Array.from({ length: 12 }, (_, i) => `${i},same`)];
    const e = csvError(() =>
      csvToDataset(
        parseCsv(lines.join("\n")),
        { target: "b", task: "binary", ignore: [], categorical: [] },
        "u",
      ),
    );
    expect(e.message).toMatch(/"b" has a single class \("same"\)/);
  });

  it("refuses more than two classes for a binary task", () => {
    const t = flowers();
    const e = csvError(() => csvToDataset(t, { ...defaultChoice(t), task: "binary" }, "u"));
    expect(e.message).toMatch(/exactly 2 classes.*"species" has 3 \(setosa, versicolor, virginica\)/);
  });

  it("refuses a regression target that is not numeric, quoting the value", () => {
    const t = flowers();
    const e = csvError(() => csvToDataset(t, { ...defaultChoice(t), task: "regression" }, "u"));
    expect(e.message).toMatch(/regression target must be numeric: column "species" has "setosa" on line 2/);
    expect(e.line).toBe(2);
  });

  it("refuses too few rows", () => {
    const t = parseCsv("a,b\n1,0\n2,1\n3,0\n");
    expect(csvError(() => csvToDataset(t, defaultChoice(t), "u")).message).toMatch(
      /Too few rows: the file has 3 data rows, at least 10/,
    );
  });

  it("refuses unknown columns, an ignored target and no features left", () => {
    const t = flowers();
    const base = defaultChoice(t);
    expect(csvError(() => csvToDataset(t, { ...base, target: "kind" }, "u")).message).toMatch(
      /Target column "kind" is not in the file \(columns: id, length/,
    );
    expect(csvError(() => csvToDataset(t, { ...base, categorical: ["hue"] }, "u")).message).toMatch(
      /Categorical column "hue"/,
    );
    expect(csvError(() => csvToDataset(t, { ...base, ignore: ["id", "species"] }, "u")).message).toMatch(
      /target column "species" is also marked as ignored/,
    );
    expect(
      csvError(() => csvToDataset(t, { ...base, ignore: ["id", "length", "width", "colour"] }, "u")).message,
    ).toMatch(/No feature columns/);
    expect(csvError(() => csvToDataset(t, { ...base, task: "ranking" as never }, "u")).message).toMatch(
      /got "ranking"/,
    );
    expect(csvError(() => csvToDataset(t, base, "")).message).toMatch(/id must be a non-empty string/);
  });

  it("refuses a categorical column with too many values", () => {
    const lines = ["name,y", ...Array.from({ length: 120 }, (_, i) => `n${i},${i % 2}`)];
    const t = parseCsv(lines.join("\n"));
    const e = csvError(() =>
      csvToDataset(t, { target: "y", task: "binary", ignore: [], categorical: ["name"] }, "u"),
    );
    expect(e.message).toMatch(/"name" has 120 distinct values, more than 100/);
  });
});

describe("classBalance", () => {
  it("counts each class of the target in class order", () => {
    const t = flowers(["13,4.1,2.0,red,setosa"]);
    expect(classBalance(t, "species")).toEqual([
      { name: "setosa", count: 5 },
      { name: "versicolor", count: 4 },
      { name: "virginica", count: 4 },
    ]);
  });

  it("refuses an unknown target column", () => {
    expect(csvError(() => classBalance(flowers(), "kind")).message).toMatch(/"kind" is not in the file/);
  });
});
