import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField, trialsToCsv } from "./csv";
import { exampleStudyExportBody } from "./example-study";

/** A strict RFC 4180 reader, to check that what we write reads back as the same cells. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else if (i >= text.length) {
          throw new Error("unclosed quote");
        } else {
          cell += text[i++];
        }
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r") {
        if (text[i] === '"' || text[i] === "\n") throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        cell += text[i++];
      }
    }
    row.push(cell);
    if (text[i] === ",") {
      i++;
    } else if (text.startsWith("\r\n", i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else {
      throw new Error(`expected , or CRLF at ${i}`);
    }
  }
  return rows;
}

describe("csvField", () => {
  it("quotes fields holding commas, quotes or line breaks, doubling the quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rlf")).toBe('"cr\rlf"');
  });

  it("guards text that a spreadsheet would run as a formula, but not numbers", () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-cmd")).toBe("'-cmd");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tx")).toBe("'\tx");
    expect(csvField(-0.5)).toBe("-0.5");
    expect(csvField(1e-7)).toBe("1e-7");
  });

  it("writes booleans as words and missing or non-finite values as empty cells", () => {
    expect(csvField(true)).toBe("true");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(NaN)).toBe("");
  });

  it("reads back as the same text for any string (after the formula guard)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "binary", maxLength: 20 }), { minLength: 1, maxLength: 5 }),
        (cells) => {
          const line = cells.map(csvField).join(",") + "\r\n";
          const guarded = cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c));
          expect(readCsv(line)).toEqual([guarded]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("trialsToCsv", () => {
  const body = exampleStudyExportBody();
  const rows = readCsv(trialsToCsv(body.config, body.trials));

  it("has a header of number, state, value, the parameters parents first, and duration", () => {
    expect(rows[0]).toEqual([
      "number",
      "state",
      "value",
      "learningRate",
      "dropout",
      "batchSize",
      "optimizer",
      "momentum",
      "layers",
      "units_1",
      "units_2",
      "units_3",
      "duration_s",
    ]);
    expect(rows).toHaveLength(1 + body.trials.length);
    expect(trialsToCsv(body.config, body.trials).endsWith("\r\n")).toBe(true);
  });

  it("writes one row per trial, with empty cells for unused parameters and missing values", () => {
    body.trials.forEach((t, i) => {
      const row = rows[i + 1];
      expect(row[0]).toBe(String(t.number));
      expect(row[1]).toBe(t.state);
      expect(row[2]).toBe(t.value === null ? "" : String(t.value));
      rows[0].slice(3, -1).forEach((name, j) => {
        const v = t.params[name];
        expect(row[3 + j], `${name} of trial ${i}`).toBe(v === undefined ? "" : String(v));
      });
      const duration =
        t.endedAt === null ? "" : String((Date.parse(t.endedAt) - Date.parse(t.startedAt!)) / 1000);
      expect(row[row.length - 1]).toBe(duration);
    });
    const failed = rows[1 + body.trials.findIndex((t) => t.state === "failed")];
    expect(failed[2]).toBe("");
    const oneLayer = rows[1 + body.trials.findIndex((t) => t.params.layers === 1)];
    expect(oneLayer.slice(10, 12)).toEqual(["", ""]);
  });
});

describe("trialsToCsv with test-set scores", () => {
  it("adds test_loss and test_accuracy after the duration when a trial has a score, empty where one has none", () => {
    const body = exampleStudyExportBody();
    const trials = body.trials.map((t, i) => (i === 0 ? { ...t, test: { loss: 0.25, metric: 0.875 } } : t));
    const rows = readCsv(trialsToCsv(body.config, trials));
    expect(rows[0].slice(-3)).toEqual(["duration_s", "test_loss", "test_accuracy"]);
    expect(rows[1].slice(-2)).toEqual(["0.25", "0.875"]);
    expect(rows[2].slice(-2)).toEqual(["", ""]);
    expect(rows.every((r) => r.length === rows[0].length)).toBe(true);
  });

  it("names the metric RMSE for a regression study", () => {
    const body = exampleStudyExportBody();
    const config = { ...body.config, base: { ...body.config.base, dataset: "diabetes" } };
    const trials = [{ ...body.trials[0], test: { loss: 0.5, metric: 0.7 } }];
    expect(readCsv(trialsToCsv(config, trials))[0].slice(-2)).toEqual(["test_loss", "test_rmse"]);
  });
});
