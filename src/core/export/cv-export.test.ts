import { describe, expect, it } from "vitest";
import { trialsToCsv } from "./csv";
import { exampleCvStudyExportBody } from "./example-study";
import { toOptunaJournal } from "./optuna-journal";
import { parseStudyExport, serializeStudyExport } from "./study-export";

describe("exports of a cross-validated study", () => {
  it("round-trips through the export file, whose trials keep each fold's epochs", () => {
    const body = exampleCvStudyExportBody();
    const text = serializeStudyExport(body, new Date("2025-03-02T00:00:00.000Z"));
    const parsed = parseStudyExport(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.value.study.config.folds).toBe(3);
      expect(parsed.value.study.trials[2].epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it("refuses fold epochs out of order or beyond the folds, and an intermediate curve that is no fold mean", () => {
    const bad = (mutate: (body: ReturnType<typeof exampleCvStudyExportBody>) => void): string => {
      const body = exampleCvStudyExportBody();
      mutate(body);
      const parsed = parseStudyExport(
        JSON.stringify({
          format: "tunelab-study",
          version: 1,
          exportedAt: "2025-03-02T00:00:00.000Z",
          study: body,
        }),
      );
      if (parsed.ok) throw new Error("expected the file to be refused");
      return parsed.error;
    };
    expect(bad((b) => (b.trials[0].epochs[5].epoch = 5))).toContain(
      "study.trials[0].epochs[5].epoch must be a whole number above 5 and at most 12",
    );
    expect(bad((b) => (b.trials[0].epochs[11].epoch = 13))).toContain("got 13");
    expect(
      bad((b) => {
        b.engine.trials[1].intermediate[2] = 0.123;
      }),
    ).toContain("study.engine.trials[1].intermediate is not the mean objective curve of the finished folds");
  });

  it("writes the fold spread and each fold's value to the CSV", () => {
    const body = exampleCvStudyExportBody();
    const lines = trialsToCsv(body.config, body.trials).trim().split("\r\n");
    expect(lines[0]).toBe(
      "number,state,value,value_std,value_min,value_max,fold_1,fold_2,fold_3,learningRate,duration_s",
    );
    const first = lines[1].split(",").map(Number);
    const folds = first.slice(6, 9);
    expect(first[2]).toBeCloseTo((folds[0] + folds[1] + folds[2]) / 3, 12);
    expect(first[4]).toBe(Math.min(...folds));
    expect(first[5]).toBe(Math.max(...folds));
    // The pruned trial: its cut fold 2 is listed but left out of the spread.
    const pruned = lines[3].split(",");
    expect(pruned[3]).toBe("0");
    expect(pruned[4]).toBe(pruned[6]);
    expect(pruned[8]).toBe("");
  });

  it("gives the Optuna journal the fold-mean curve and the folds' values as user attributes", () => {
    const body = exampleCvStudyExportBody();
    const ops = toOptunaJournal(body.config, body.trials)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(ops.find((o) => o.user_attr?.tunelab_folds)?.user_attr).toEqual({ tunelab_folds: 3 });
    const steps = ops.filter((o) => o.op_code === 7 && o.trial_id === 0);
    expect(steps.map((o) => [o.step, o.intermediate_value])).toEqual(
      Object.entries(body.engine.trials[0].intermediate).map(([s, v]) => [Number(s), v]),
    );
    const attrs = Object.assign(
      {},
      ...ops.filter((o) => o.op_code === 8 && o.trial_id === 0).map((o) => o.user_attr),
    );
    expect(attrs.fold_values).toHaveLength(3);
    expect(attrs.fold_min).toBe(Math.min(...attrs.fold_values));
    expect(attrs.fold_max).toBe(Math.max(...attrs.fold_values));
    expect(attrs.fold_std).toBeGreaterThan(0);
    // The pruned trial's curve is the mean of its one finished fold, as the engine holds it.
    const pruned = ops.filter((o) => o.op_code === 7 && o.trial_id === 2).map((o) => o.intermediate_value);
    expect(pruned).toEqual(Object.values(body.engine.trials[2].intermediate));
  });
});
