import { describe, expect, it } from "vitest";
import type { Params, SearchSpace } from "../search/types";
import { slicePlots } from "./slice";
import type { PlotTrial, PlotTrialState } from "./trials";

const space: SearchSpace = {
  units: { type: "int", low: 8, high: 64, step: 8 },
  activation: { type: "categorical", choices: ["relu", "tanh"] },
  dropout: { type: "float", low: 0, high: 0.5, condition: { param: "units", min: 32 } },
};

function trial(number: number, state: PlotTrialState, params: Params, value?: number): PlotTrial {
  return { number, state, params, intermediate: {}, ...(value === undefined ? {} : { value }) };
}

const trials = [
  trial(4, "complete", { units: 64, activation: "tanh", dropout: 0.1 }, 0.85),
  trial(1, "complete", { units: 16, activation: "relu" }, 0.7),
  trial(2, "pruned", { units: 8, activation: "relu" }, 0.5),
  trial(3, "complete", { units: 32, activation: "relu", dropout: 0.3 }, 0.9),
  trial(5, "running", { units: 48, activation: "relu", dropout: 0.2 }),
];

describe("slicePlots", () => {
  it("has one panel per parameter with the active trials' positions and values", () => {
    const data = slicePlots(space, trials, "maximize");
    expect(data.panels.map((p) => p.axis.name)).toEqual(["units", "activation", "dropout"]);
    expect(data.panels[0].points).toEqual([
      { number: 1, position: 16, value: 0.7, state: "complete" },
      { number: 3, position: 32, value: 0.9, state: "complete" },
      { number: 4, position: 64, value: 0.85, state: "complete" },
    ]);
    expect(data.panels[1].points.map((p) => p.position)).toEqual([0, 0, 1]);
    expect(data.panels[2].points.map((p) => p.number)).toEqual([3, 4]);
    expect(data.panels[2].inactive).toBe(1);
    expect(data.valueDomain).toEqual([0.7, 0.9]);
    expect(data.numberDomain).toEqual([1, 4]);
    expect(data.bestNumber).toBe(3);
  });

  it("includes pruned trials when asked, and follows a chosen parameter order", () => {
    const data = slicePlots(space, trials, "maximize", {
      includePruned: true,
      params: ["activation", "units"],
    });
    expect(data.panels.map((p) => p.axis.name)).toEqual(["activation", "units"]);
    expect(data.panels[1].points.find((p) => p.number === 2)).toEqual({
      number: 2,
      position: 8,
      value: 0.5,
      state: "pruned",
    });
    expect(data.numberDomain).toEqual([1, 4]);
  });

  it("rejects an unknown parameter, naming it and the known ones", () => {
    expect(() => slicePlots(space, trials, "maximize", { params: ["depth"] })).toThrow(
      /unknown parameter "depth" \(space has units, activation, dropout\)/,
    );
  });
});
