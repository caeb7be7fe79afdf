/** A study's curve index reads the same as scanning the records, whatever order and values are reported. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Direction, TrialRecord, TrialState } from "./types";
import {
  CurveIndex,
  bestReported,
  lastReport,
  previousStep,
  scanCurves,
  valueAtOrAfter,
  type CurveReader,
} from "./curves";
import { createPruner } from "./pruners/index";

const value = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
);
/** A trial's reports in the order made: distinct steps, not necessarily increasing. */
const reports = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 40 }), value), {
  selector: ([step]) => step,
  maxLength: 25,
});

function reads(t: TrialRecord, curves: CurveReader, direction: Direction) {
  const probes = [-1, 0, 1, 5, 17, 39, 40, 41];
  return {
    steps: [...curves.steps(t)],
    last: lastReport(t, curves),
    best: bestReported(t, direction, curves),
    previous: probes.map((s) => previousStep(t, s, curves)),
    atOrAfter: probes.map((s) => valueAtOrAfter(t, s, curves)),
  };
}

describe("the curve index", () => {
  it("answers every read as a scan of the record does, after each report", () => {
    fc.assert(
      fc.property(reports, fc.constantFrom<Direction>("minimize", "maximize"), (made, direction) => {
        const index = new CurveIndex();
        const t: TrialRecord = { number: 0, params: {}, state: "running", intermediate: {} };
        expect(reads(t, index, direction)).toEqual(reads(t, scanCurves, direction));
        for (const [step, v] of made) {
          index.add(t.intermediate, step, v);
          expect(reads(t, index, direction)).toEqual(reads(t, scanCurves, direction));
        }
      }),
    );
  });

  it("reads a record it has not seen from its values (a study restored from JSON)", () => {
    const t: TrialRecord = {
      number: 0,
      params: {},
      state: "running",
      intermediate: { 3: 0.5, 1: 0.9, 2: NaN },
    };
    const index = new CurveIndex();
    expect(reads(t, index, "minimize")).toEqual(reads(t, scanCurves, "minimize"));
    index.add(t.intermediate, 4, 0.4);
    expect(lastReport(t, index)).toEqual({ step: 4, value: 0.4 });
    expect(bestReported(t, "maximize", index)).toBe(0.9);
  });

  it("gives every pruner the decisions a scan gives, trial by trial and epoch by epoch", () => {
    const states = fc.constantFrom<TrialState>("complete", "pruned", "failed", "running");
    const study = fc.array(fc.tuple(states, reports), { minLength: 1, maxLength: 10 });
    const choices = [
      "median",
      { name: "percentile", percentile: 25, nStartupTrials: 1, nWarmupSteps: 2, intervalSteps: 3 },
      { name: "asha", reductionFactor: 2 },
      { name: "hyperband", minResource: 1, reductionFactor: 3 },
    ] as const;
    fc.assert(
      fc.property(study, fc.constantFrom<Direction>("minimize", "maximize"), (trials, direction) => {
        for (const choice of choices) {
          const pruner = createPruner(choice, 7);
          const index = new CurveIndex();
          const records: TrialRecord[] = trials.map(([state], number) => ({
            number,
            params: {},
            state,
            intermediate: {},
          }));
          // Trials report in turn, one value each, so earlier trials' curves change under the index too.
          const longest = Math.max(...trials.map(([, made]) => made.length));
          for (let k = 0; k < longest; k++) {
            trials.forEach(([, made], i) => {
              if (k >= made.length) return;
              index.add(records[i].intermediate, made[k][0], made[k][1]);
              const withIndex = pruner.shouldPrune(records[i], records, direction, index);
              expect(withIndex).toBe(pruner.shouldPrune(records[i], records, direction));
            });
          }
        }
      }),
    );
  });
});
