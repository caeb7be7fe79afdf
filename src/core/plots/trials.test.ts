import { describe, expect, it } from "vitest";
import { bestTrial, checkTrials, isBetter, type PlotTrial } from "./trials";

const t = (number: number, state: PlotTrial["state"], value?: number): PlotTrial => ({
  number,
  state,
  params: {},
  intermediate: {},
  ...(value === undefined ? {} : { value }),
});

describe("checkTrials", () => {
  it("accepts well-formed trials of every state", () => {
    expect(() =>
      checkTrials([
        t(0, "running"),
        t(1, "complete", 1),
        t(2, "pruned", 2),
        t(3, "failed"),
        t(4, "interrupted"),
      ]),
    ).not.toThrow();
  });

  it("names the trial and the field that is wrong", () => {
    expect(() => checkTrials("trials" as unknown as PlotTrial[])).toThrow(/must be an array, got "trials"/);
    expect(() => checkTrials([{ ...t(0, "complete"), value: "0.5" as unknown as number }])).toThrow(
      /Trial 0: value must be a number, got "0.5"/,
    );
    expect(() =>
      checkTrials([{ ...t(2, "complete"), params: null as unknown as PlotTrial["params"] }]),
    ).toThrow(/Trial 2: params must be an object, got null/);
    expect(() =>
      checkTrials([{ ...t(3, "complete"), intermediate: undefined as unknown as Record<number, number> }]),
    ).toThrow(/Trial 3: intermediate must be an object/);
    expect(() => checkTrials([t(1.5, "complete")])).toThrow(/got 1.5/);
  });
});

describe("bestTrial", () => {
  it("picks the best complete finite value, the lowest number among ties", () => {
    const trials = [
      t(0, "complete", 0.5),
      t(1, "pruned", 0.1),
      t(2, "complete", Number.NaN),
      t(3, "complete", 0.5),
      t(4, "complete", 0.9),
    ];
    expect(bestTrial(trials, "minimize")?.number).toBe(0);
    expect(bestTrial(trials, "maximize")?.number).toBe(4);
    expect(bestTrial([t(0, "running")], "minimize")).toBeUndefined();
    expect(isBetter(1, 2, "minimize")).toBe(true);
    expect(isBetter(1, 1, "maximize")).toBe(false);
  });
});
