import { describe, expect, it } from "vitest";
import { Rng } from "../../rng";
import { sampleRandomParams } from "../samplers/random";
import type { Params, SearchSpace, TrialRecord } from "../types";
import { mainEffectFractions } from "./fanova";
import { evaluateImportance } from "./index";

function trialsOf(space: SearchSpace, n: number, f: (p: Params) => number, seed = 1): TrialRecord[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, number) => {
    const params = sampleRandomParams(space, rng);
    return { number, params, state: "complete" as const, value: f(params), intermediate: {} };
  });
}

const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

describe("fANOVA on a single tree", () => {
  it("splits the variance of a hand-made tree exactly", () => {
    // Unit square; x0 <= 0.5 -> 0, else (x1 <= 0.5 -> 2, else 4).
    // Mean 1.5. Variance: 0.5*(0-1.5)^2 + 0.25*(0.5)^2 + 0.25*(2.5)^2 = 2.75.
    // Main effect of x0: halves at 0 and 3 -> 0.5*2.25 + 0.5*2.25 = 2.25.
    // Main effect of x1: x1 low -> 0.5*0 + 0.5*2 = 1; high -> 2 -> variance 0.25.
    const tree = {
      feature: [0, -1, 1, -1, -1],
      threshold: [0.5, 0, 0.5, 0, 0],
      left: [1, -1, 3, -1, -1],
      right: [2, -1, 4, -1, -1],
      value: [0, 0, 0, 2, 4],
    };
    const fractions = mainEffectFractions(tree, [0, 0], [1, 1])!;
    expect(fractions[0]).toBeCloseTo(2.25 / 2.75, 12);
    expect(fractions[1]).toBeCloseTo(0.25 / 2.75, 12);
  });

  it("returns null for a constant tree", () => {
    const leaf = { feature: [-1], threshold: [0], left: [-1], right: [-1], value: [3] };
    expect(mainEffectFractions(leaf, [0], [1])).toBeNull();
  });
});

describe("evaluateImportance", () => {
  const floats: SearchSpace = Object.fromEntries(
    Array.from({ length: 4 }, (_, i) => [`x${i}`, { type: "float" as const, low: -1, high: 1 }]),
  );

  it("finds the one parameter that matters", () => {
    const trials = trialsOf(floats, 200, (p) => (p.x0 as number) ** 2);
    const importance = evaluateImportance(floats, trials, "minimize", { seed: 3 });
    expect(Object.keys(importance)).toEqual(["x0", "x1", "x2", "x3"]);
    expect(importance.x0).toBeGreaterThan(0.8);
    for (const name of ["x1", "x2", "x3"]) expect(importance[name]).toBeLessThan(0.07);
    expect(sum(importance)).toBeCloseTo(1, 9);
  });

  it("ranks two parameters by their share of the variance", () => {
    // Var(3*x1) = 3, Var(x2) = 1/3 for uniform [-1, 1]: shares 0.9 and 0.1.
    const trials = trialsOf(floats, 300, (p) => 3 * (p.x1 as number) + (p.x2 as number));
    const importance = evaluateImportance(floats, trials, "maximize", { seed: 1 });
    expect(importance.x1).toBeGreaterThan(0.75);
    expect(importance.x2).toBeGreaterThan(0.04);
    expect(importance.x2).toBeLessThan(0.25);
    expect(importance.x0 + importance.x3).toBeLessThan(0.08);
  });

  it("handles categoricals, log ranges and constant parameters", () => {
    const space: SearchSpace = {
      act: { type: "categorical", choices: ["relu", "tanh", "gelu"] },
      lr: { type: "float", low: 1e-4, high: 1, log: true },
      fixed: { type: "int", low: 3, high: 3 },
    };
    const score = { relu: 0, tanh: 5, gelu: 1 } as Record<string, number>;
    const trials = trialsOf(space, 150, (p) => score[p.act as string]);
    const importance = evaluateImportance(space, trials, "minimize");
    expect(importance.act).toBeGreaterThan(0.9);
    expect(importance.fixed).toBe(0);
    expect(sum(importance)).toBeCloseTo(1, 9);
  });

  it("handles conditional parameters that matter only where active", () => {
    const space: SearchSpace = {
      opt: { type: "categorical", choices: ["sgd", "adam"] },
      momentum: { type: "float", low: 0, high: 1, condition: { param: "opt", values: ["sgd"] } },
      noise: { type: "float", low: 0, high: 1 },
    };
    const trials = trialsOf(space, 250, (p) => (p.opt === "sgd" ? 10 * (p.momentum as number) : 5));
    const importance = evaluateImportance(space, trials, "minimize", { seed: 2 });
    expect(importance.momentum).toBeGreaterThan(0.5);
    expect(importance.noise).toBeLessThan(0.05);
    expect(Number.isFinite(importance.opt)).toBe(true);
    expect(sum(importance)).toBeCloseTo(1, 9);
  });

  it("is reproducible for a seed, ignores unusable trials and returns zeros when nothing varies", () => {
    const trials = trialsOf(floats, 100, (p) => (p.x0 as number) + (p.x1 as number) ** 2);
    expect(evaluateImportance(floats, trials, "minimize", { seed: 9 })).toEqual(
      evaluateImportance(floats, trials, "minimize", { seed: 9 }),
    );
    const noisy: TrialRecord[] = [
      ...trials,
      { number: 100, params: trials[0].params, state: "failed", intermediate: {} },
      { number: 101, params: trials[1].params, state: "running", intermediate: {} },
      {
        number: 102,
        params: { ...trials[2].params, x0: 7 },
        state: "complete",
        value: 1e9,
        intermediate: {},
      },
    ];
    expect(evaluateImportance(floats, noisy, "minimize", { seed: 9 })).toEqual(
      evaluateImportance(floats, trials, "minimize", { seed: 9 }),
    );
    const flat = trialsOf(floats, 20, () => 1);
    expect(evaluateImportance(floats, flat, "minimize")).toEqual({ x0: 0, x1: 0, x2: 0, x3: 0 });
  });

  it("runs a few hundred trials with several parameters", () => {
    const space: SearchSpace = {
      ...floats,
      c: { type: "categorical", choices: ["a", "b", "c", "d"] },
      k: { type: "int", low: 1, high: 64, log: true },
    };
    const trials = trialsOf(space, 400, (p) => Math.sin(3 * (p.x0 as number)) + Math.log2(p.k as number) / 6);
    const importance = evaluateImportance(space, trials, "minimize");
    expect(importance.x0 + importance.k).toBeGreaterThan(0.9);
  });

  it("rejects too few trials and bad options", () => {
    expect(() =>
      evaluateImportance(
        floats,
        trialsOf(floats, 1, () => 0),
        "minimize",
      ),
    ).toThrow("Importance needs at least 2 complete trials with finite values, got 1");
    expect(() => evaluateImportance(floats, [], "sideways" as never)).toThrow(
      'Direction must be "minimize" or "maximize"',
    );
    expect(() => evaluateImportance(floats, [], "minimize", { trees: 0 })).toThrow(
      "trees must be an integer >= 1, got 0",
    );
    expect(() => evaluateImportance(floats, [], "minimize", { depth: 3 } as object)).toThrow(
      'Unknown importance option "depth"',
    );
  });
});
