import { describe, expect, it } from "vitest";
import { curvePoints, intermediateValues } from "./intermediate";
import type { PlotTrial, PlotTrialState } from "./trials";

function trial(
  number: number,
  state: PlotTrialState,
  intermediate: Record<number, number>,
  value?: number,
): PlotTrial {
  return { number, state, params: {}, intermediate, ...(value === undefined ? {} : { value }) };
}

describe("intermediateValues", () => {
  const trials = [
    trial(2, "pruned", { 1: 0.9, 0: 1.0 }, 0.9),
    trial(0, "complete", { 0: 1.0, 1: 0.6, 2: 0.4, 3: 0.3 }, 0.3),
    trial(1, "running", { 0: 0.95, 1: Number.NaN }),
    trial(3, "failed", {}),
    trial(4, "complete", { 0: 0.8, 1: 0.5, 2: 0.45, 3: 0.2 }, 0.2),
  ];

  it("gives one curve per trial with values, sorted by step, NaN skipped", () => {
    const data = intermediateValues(trials, "minimize");
    expect(data.curves.map((c) => c.number)).toEqual([0, 1, 2, 4]);
    expect(data.curves[2].points).toEqual([
      { step: 0, value: 1.0 },
      { step: 1, value: 0.9 },
    ]);
    expect(data.curves[1].points).toEqual([{ step: 0, value: 0.95 }]);
    expect(data.pointCount).toBe(4 + 1 + 2 + 4);
  });

  it("records the step at which a pruned trial stopped, and only for pruned trials", () => {
    const data = intermediateValues(trials, "minimize");
    expect(data.curves.find((c) => c.number === 2)?.prunedAt).toBe(1);
    expect(data.curves.find((c) => c.number === 0)?.prunedAt).toBeUndefined();
  });

  it("reports the domains and the best complete trial for the direction", () => {
    const data = intermediateValues(trials, "minimize");
    expect(data.stepDomain).toEqual([0, 3]);
    expect(data.valueDomain).toEqual([0.2, 1.0]);
    expect(data.bestNumber).toBe(4);
    expect(intermediateValues(trials, "maximize").bestNumber).toBe(0);
  });

  it("is empty without intermediate values", () => {
    const data = intermediateValues([trial(0, "running", {})], "minimize");
    expect(data.curves).toEqual([]);
    expect(data.stepDomain).toBeUndefined();
    expect(data.valueDomain).toBeUndefined();
  });
});

describe("curvePoints", () => {
  it("rejects a step that is not a number, naming the trial", () => {
    const bad = {
      number: 7,
      state: "running",
      params: {},
      intermediate: { epoch1: 0.5 },
    } as unknown as PlotTrial;
    expect(() => curvePoints(bad)).toThrow(/Trial 7: intermediate step "epoch1"/);
  });
});
