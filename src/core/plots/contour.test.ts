import { describe, expect, it } from "vitest";
import type { Params, SearchSpace } from "../search/types";
import { contourPlot, defaultContourPair } from "./contour";
import type { PlotTrial, PlotTrialState } from "./trials";

function trial(number: number, state: PlotTrialState, params: Params, value?: number): PlotTrial {
  return { number, state, params, intermediate: {}, ...(value === undefined ? {} : { value }) };
}

const space: SearchSpace = {
  a: { type: "float", low: 0, high: 1 },
  b: { type: "float", low: 0, high: 1 },
  lr: { type: "float", low: 1e-4, high: 1, log: true },
  kind: { type: "categorical", choices: ["x", "y", "z"] },
  extra: { type: "float", low: 0, high: 1, condition: { param: "kind", values: ["z"] } },
};

describe("contourPlot", () => {
  // A linear objective a + 2b sampled on a 5 × 5 lattice.
  const lattice: PlotTrial[] = [];
  for (let i = 0; i < 5; i++)
    for (let j = 0; j < 5; j++)
      lattice.push(
        trial(lattice.length, "complete", { a: i / 4, b: j / 4, lr: 0.01, kind: "x" }, i / 4 + (2 * j) / 4),
      );

  it("interpolates a grid whose values follow the trials and stay within their range", () => {
    const data = contourPlot(space, lattice, "minimize", "a", "b", { resolution: 20 });
    const grid = data.grid!;
    expect(grid.cols).toBe(20);
    expect(grid.rows).toBe(20);
    expect(grid.xCenters[0]).toBeCloseTo(0.025);
    expect(grid.yCenters[19]).toBeCloseTo(0.975);
    const at = (r: number, c: number): number => grid.values[r * grid.cols + c];
    for (const v of grid.values) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(3);
    }
    // Row 0 is the low end of b: values rise along b (rows) faster than along a (columns).
    expect(at(19, 10) - at(0, 10)).toBeGreaterThan(at(10, 19) - at(10, 0));
    expect(at(0, 0)).toBeLessThan(0.5);
    expect(at(19, 19)).toBeGreaterThan(2.5);
    expect(data.points).toHaveLength(25);
  });

  it("gives a categorical axis one cell per choice, centred on the choice index", () => {
    const trials = [
      trial(0, "complete", { a: 0.5, b: 0.5, lr: 0.01, kind: "x" }, 1),
      trial(1, "complete", { a: 0.5, b: 0.5, lr: 0.01, kind: "y" }, 5),
      trial(2, "complete", { a: 0.5, b: 0.5, lr: 0.01, kind: "y" }, 7),
    ];
    const grid = contourPlot(space, trials, "minimize", "kind", "a", { resolution: 4 }).grid!;
    expect(grid.cols).toBe(3);
    expect(grid.xCenters).toEqual([0, 1, 2]);
    expect(grid.rows).toBe(4);
    // Row 1 (a = 0.375) is near the trials: column "y" leans to their mean 6, column "x" to 1.
    expect(grid.values[1 * 3 + 1]).toBeGreaterThan(5);
    expect(grid.values[1 * 3 + 0]).toBeLessThan(3);
  });

  it("averages the trials that sit exactly on a cell centre", () => {
    const twoCategoricals: SearchSpace = { ...space, k2: { type: "categorical", choices: [0, 1] } };
    const trials = [
      trial(0, "complete", { a: 0, b: 0, lr: 0.01, kind: "x", k2: 1 }, 1),
      trial(1, "complete", { a: 0, b: 0, lr: 0.01, kind: "y", k2: 1 }, 5),
      trial(2, "complete", { a: 0, b: 0, lr: 0.01, kind: "y", k2: 1 }, 7),
    ];
    const grid = contourPlot(twoCategoricals, trials, "minimize", "kind", "k2", { smoothing: 0 }).grid!;
    expect(grid.values[1 * 3 + 1]).toBe(6);
    expect(grid.values[1 * 3 + 0]).toBe(1);
  });

  it("smooths: a lone noisy trial moves the grid less than without smoothing", () => {
    const noisy = lattice.map((t) => (t.number === 12 ? { ...t, value: 10 } : t));
    const peak = (smoothing: number): number => {
      const grid = contourPlot(space, noisy, "minimize", "a", "b", { resolution: 21, smoothing }).grid!;
      return Math.max(...grid.values);
    };
    expect(peak(0)).toBe(10);
    expect(peak(0.1)).toBeLessThan(8);
    expect(peak(0.1)).toBeGreaterThan(3);
  });

  it("spaces log-axis cells evenly in log space", () => {
    const trials = [
      trial(0, "complete", { a: 0.1, b: 0, lr: 1e-4, kind: "x" }, 1),
      trial(1, "complete", { a: 0.9, b: 0, lr: 1, kind: "x" }, 2),
    ];
    const grid = contourPlot(space, trials, "minimize", "lr", "a", { resolution: 4 }).grid!;
    const logs = grid.xCenters.map(Math.log10);
    expect(logs[1] - logs[0]).toBeCloseTo(logs[3] - logs[2]);
    expect(logs[0]).toBeCloseTo(-3.5);
  });

  it("skips trials where either parameter is inactive and has no grid without two distinct points", () => {
    const trials = [
      trial(0, "complete", { a: 0.2, b: 0, lr: 0.01, kind: "z", extra: 0.3 }, 1),
      trial(1, "complete", { a: 0.4, b: 0, lr: 0.01, kind: "x" }, 2),
      trial(2, "pruned", { a: 0.6, b: 0, lr: 0.01, kind: "z", extra: 0.5 }, 3),
    ];
    const data = contourPlot(space, trials, "minimize", "a", "extra");
    expect(data.points).toEqual([{ number: 0, x: 0.2, y: 0.3, value: 1 }]);
    expect(data.grid).toBeNull();
    expect(data.valueDomain).toEqual([0.9, 1.1]);
  });

  it("rejects unknown or repeated parameters and bad options with the offending value", () => {
    expect(() => contourPlot(space, [], "minimize", "kind", "kind")).toThrow(
      /two different parameters, got "kind"/,
    );
    expect(() => contourPlot(space, [], "minimize", "a", "nope")).toThrow(/unknown parameter "nope"/);
    expect(() => contourPlot(space, [], "minimize", "a", "b", { resolution: 1 })).toThrow(
      /resolution .* got 1/,
    );
    expect(() => contourPlot(space, [], "minimize", "a", "b", { power: 0 })).toThrow(/power .* got 0/);
    expect(() => contourPlot(space, [], "minimize", "a", "b", { smoothing: -1 })).toThrow(
      /smoothing .* got -1/,
    );
  });
});

describe("defaultContourPair", () => {
  it("takes the two most important parameters, else the first two", () => {
    expect(defaultContourPair(space)).toEqual(["a", "b"]);
    expect(defaultContourPair(space, { lr: 0.6, kind: 0.3, a: 0.1 })).toEqual(["lr", "kind"]);
    expect(defaultContourPair({ a: space.a })).toBeNull();
  });
});
