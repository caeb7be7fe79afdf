import { describe, expect, it } from "vitest";
import type { Params, SearchSpace } from "../search/types";
import { linesWithinBrushes, parallelCoordinates } from "./parallel";
import type { PlotTrial, PlotTrialState } from "./trials";

const space: SearchSpace = {
  lr: { type: "float", low: 1e-4, high: 1e-1, log: true },
  optimizer: { type: "categorical", choices: ["sgd", "adam"] },
  momentum: { type: "float", low: 0, high: 0.9, condition: { param: "optimizer", values: ["sgd"] } },
};

function trial(number: number, state: PlotTrialState, params: Params, value?: number): PlotTrial {
  return { number, state, params, intermediate: {}, ...(value === undefined ? {} : { value }) };
}

const trials = [
  trial(0, "complete", { lr: 0.01, optimizer: "sgd", momentum: 0.5 }, 0.4),
  trial(1, "complete", { lr: 0.001, optimizer: "adam" }, 0.2),
  trial(2, "pruned", { lr: 0.05, optimizer: "adam" }, 0.9),
  trial(3, "running", { lr: 0.02, optimizer: "sgd", momentum: 0.1 }),
  trial(4, "complete", { lr: 0.1, optimizer: "sgd", momentum: 0.9 }, 0.7),
  trial(5, "failed", { lr: 0.0001, optimizer: "adam" }),
];

describe("parallelCoordinates", () => {
  it("has one axis per parameter, parents first, and a gap where a parameter is inactive", () => {
    const data = parallelCoordinates(space, trials, "minimize");
    expect(data.params.map((a) => a.name)).toEqual(["lr", "optimizer", "momentum"]);
    const adam = data.lines.find((l) => l.number === 1)!;
    expect(adam.positions).toEqual([0.001, 1, null]);
    expect(data.lines.find((l) => l.number === 0)!.positions).toEqual([0.01, 0, 0.5]);
  });

  it("draws complete trials only by default, worst first so the best ends on top", () => {
    const data = parallelCoordinates(space, trials, "minimize");
    expect(data.lines.map((l) => l.number)).toEqual([4, 0, 1]);
    expect(data.objectiveDomain).toEqual([0.2, 0.7]);
    expect(parallelCoordinates(space, trials, "maximize").lines.map((l) => l.number)).toEqual([1, 0, 4]);
  });

  it("adds pruned trials at their last value when asked", () => {
    const data = parallelCoordinates(space, trials, "minimize", { includePruned: true });
    expect(data.lines.map((l) => [l.number, l.state])).toEqual([
      [2, "pruned"],
      [4, "complete"],
      [0, "complete"],
      [1, "complete"],
    ]);
  });

  it("names the trial whose parameters do not fit the space", () => {
    const bad = [trial(9, "complete", { lr: 0.01, optimizer: "adagrad" }, 1)];
    expect(() => parallelCoordinates(space, bad, "minimize")).toThrow(
      /Trial 9: value "adagrad" of "optimizer"/,
    );
  });
});

describe("linesWithinBrushes", () => {
  const data = parallelCoordinates(space, trials, "minimize");

  it("keeps every line without brushes", () => {
    expect(linesWithinBrushes(data, [])).toEqual([0, 1, 4]);
  });

  it("keeps the lines inside every brush, objective brush last", () => {
    expect(linesWithinBrushes(data, [[0.005, 0.2]])).toEqual([0, 4]);
    expect(linesWithinBrushes(data, [[0.005, 0.2], null, null, [0, 0.5]])).toEqual([0]);
    expect(linesWithinBrushes(data, [null, [0.5, 1.5]])).toEqual([1]);
  });

  it("drops lines whose parameter is inactive on a brushed axis", () => {
    expect(linesWithinBrushes(data, [null, null, [0, 0.9]])).toEqual([0, 4]);
  });

  it("rejects too many brushes and reversed ranges", () => {
    expect(() => linesWithinBrushes(data, [null, null, null, null, [0, 1]])).toThrow(/5 brushes for 4 axes/);
    expect(() => linesWithinBrushes(data, [[0.2, 0.1]])).toThrow(/low 0.2 above high 0.1/);
  });
});
