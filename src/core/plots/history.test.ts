import { describe, expect, it } from "vitest";
import { lastValue, optimizationHistory } from "./history";
import type { PlotTrial, PlotTrialState } from "./trials";

function trial(
  number: number,
  state: PlotTrialState,
  value?: number,
  intermediate: Record<number, number> = {},
): PlotTrial {
  return { number, state, params: {}, intermediate, ...(value === undefined ? {} : { value }) };
}

describe("optimizationHistory", () => {
  const trials = [
    trial(3, "complete", 0.5),
    trial(0, "complete", 0.8),
    trial(1, "pruned", 1.2, { 0: 1.5, 1: 1.2 }),
    trial(2, "complete", 0.9),
    trial(4, "failed"),
    trial(5, "running", undefined, { 0: 0.7 }),
    trial(6, "complete", 0.5),
    trial(7, "interrupted", undefined, { 0: 2, 3: 0.95, 1: 1.1 }),
    trial(8, "complete", Number.NaN),
  ];

  it("orders complete trials by number and tracks the best so far when minimising", () => {
    const h = optimizationHistory(trials, "minimize");
    expect(h.complete).toEqual([
      { number: 0, value: 0.8, improved: true },
      { number: 2, value: 0.9, improved: false },
      { number: 3, value: 0.5, improved: true },
      { number: 6, value: 0.5, improved: false },
    ]);
    expect(h.best.map((b) => b.value)).toEqual([0.8, 0.8, 0.5, 0.5]);
    expect(h.bestTrial).toEqual({ number: 3, value: 0.5 });
    expect(h.running).toBe(1);
  });

  it("tracks the highest value when maximising", () => {
    const h = optimizationHistory(trials, "maximize");
    expect(h.best.map((b) => b.value)).toEqual([0.8, 0.9, 0.9, 0.9]);
    expect(h.complete.filter((p) => p.improved).map((p) => p.number)).toEqual([0, 2]);
    expect(h.bestTrial).toEqual({ number: 2, value: 0.9 });
  });

  it("marks pruned trials at their value, interrupted ones at their last step, failed ones without a value", () => {
    const h = optimizationHistory(trials, "minimize");
    expect(h.marks).toEqual([
      { number: 1, state: "pruned", value: 1.2 },
      { number: 4, state: "failed" },
      { number: 7, state: "interrupted", value: 0.95 },
      { number: 8, state: "complete" },
    ]);
    expect(h.numberDomain).toEqual([0, 8]);
    expect(h.valueDomain).toEqual([0.5, 1.2]);
  });

  it("keeps the reason a trial failed", () => {
    const h = optimizationHistory([{ ...trial(0, "failed"), reason: "out of memory" }], "minimize");
    expect(h.marks[0].reason).toBe("out of memory");
  });

  it("has no domains and no best while nothing has finished", () => {
    const h = optimizationHistory([trial(0, "running")], "minimize");
    expect(h.complete).toEqual([]);
    expect(h.numberDomain).toBeUndefined();
    expect(h.valueDomain).toBeUndefined();
    expect(h.bestTrial).toBeUndefined();
  });

  it("rejects duplicate numbers, unknown states and bad directions with the offending value", () => {
    expect(() => optimizationHistory([trial(1, "complete", 1), trial(1, "pruned")], "minimize")).toThrow(
      /Trial 1 appears more than once/,
    );
    expect(() => optimizationHistory([trial(2, "done" as PlotTrialState)], "minimize")).toThrow(
      /Trial 2: unknown state "done"/,
    );
    expect(() => optimizationHistory([], "lowest" as "minimize")).toThrow(/"lowest"/);
    expect(() => optimizationHistory([trial(-1, "complete", 1)], "minimize")).toThrow(/integer >= 0, got -1/);
  });
});

describe("lastValue", () => {
  it("prefers the value, then the finite intermediate value at the highest step", () => {
    expect(lastValue(trial(0, "pruned", 3, { 5: 9 }))).toBe(3);
    expect(lastValue(trial(0, "pruned", undefined, { 2: 4, 10: 1, 11: Number.NaN }))).toBe(1);
    expect(lastValue(trial(0, "failed"))).toBeUndefined();
  });
});
