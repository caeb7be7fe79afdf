import { describe, expect, it } from "vitest";
import { paramsKey } from "../space";
import { createStudy } from "../study";
import type { SearchSpace } from "../types";
import { GridSampler, gridPoints, gridSize } from "./grid";
import { IndexPermutation } from "./permutation";

const conditional: SearchSpace = {
  opt: { type: "categorical", choices: ["sgd", "adam", "rmsprop"] },
  momentum: { type: "float", low: 0, high: 0.9, condition: { param: "opt", values: ["sgd"] } },
  nesterov: { type: "categorical", choices: [true, false], condition: { param: "momentum", min: 0.5 } },
  beta1: { type: "float", low: 0.8, high: 0.99, condition: { param: "opt", values: ["adam"] } },
  lr: { type: "float", low: 1e-3, high: 1e-1, log: true },
};

describe("grid", () => {
  it("counts points with conditional parameters expanded only where active", () => {
    // momentum in {0, 0.45, 0.9}: nesterov only under 0.9 -> sgd gives 1 + 1 + 2 = 4;
    // adam gives 3 beta1 values; rmsprop 1. Times 3 learning rates: (4 + 3 + 1) * 3 = 24.
    expect(gridSize(conditional, 3)).toBe(24);
    const points = gridPoints(conditional, 3);
    expect(points.length).toBe(24);
    expect(new Set(points.map(paramsKey)).size).toBe(24);
    expect(
      points.filter((p) => p.opt === "rmsprop").every((p) => Object.keys(p).sort().join() === "lr,opt"),
    ).toBe(true);
    expect(points.filter((p) => "nesterov" in p).every((p) => p.momentum === 0.9)).toBe(true);
    expect(points.filter((p) => p.opt === "sgd").length).toBe(12);
  });

  it("uses explicit values where given and deduplicates int and step values", () => {
    const space: SearchSpace = {
      units: { type: "int", low: 1, high: 3 },
      lr: { type: "float", low: 0.001, high: 1, log: true },
    };
    expect(gridSize(space, 10)).toBe(30);
    expect(gridSize(space, 10, { lr: [0.01, 0.1] })).toBe(6);
    expect(() => gridSize(space, 3, { lr: [5] })).toThrow('Grid value 5 is not valid for parameter "lr"');
    expect(() => gridSize(space, 3, { nope: [1] })).toThrow('Grid values given for unknown parameter "nope"');
  });

  it("reports the size of an enormous grid without enumerating it", () => {
    const huge: SearchSpace = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`p${i}`, { type: "float" as const, low: 0, high: 1 }]),
    );
    expect(gridSize(huge, 5)).toBe(5 ** 20);
    const study = createStudy({ space: huge, sampler: { name: "grid", n: 5 }, seed: 1 });
    const first = study.ask();
    expect(Object.keys(first.params).length).toBe(20);
  });

  it("visits in lexicographic order without shuffle, and in a seed-dependent order with it", () => {
    const space: SearchSpace = { a: { type: "int", low: 0, high: 3 } };
    const order = (options: object, seed: number): unknown[] => {
      const s = new GridSampler(options, seed);
      return Array.from({ length: 4 }, () => s.sample(space, [])?.a);
    };
    expect(order({ shuffle: false }, 1)).toEqual([0, 1, 2, 3]);
    expect([...(order({}, 1) as number[])].sort()).toEqual([0, 1, 2, 3]);
    const orders = new Set([1, 2, 3, 4, 5, 6].map((seed) => JSON.stringify(order({}, seed))));
    expect(orders.size).toBeGreaterThan(1);
  });

  it("skips points already present among the trials", () => {
    const space: SearchSpace = { a: { type: "int", low: 0, high: 2 } };
    const s = new GridSampler({ shuffle: false }, 0);
    const existing = [{ number: 0, params: { a: 0 }, state: "running" as const, intermediate: {} }];
    expect(s.sample(space, existing)).toEqual({ a: 1 });
    expect(s.sample(space, existing)).toEqual({ a: 2 });
    expect(s.sample(space, existing)).toBeNull();
    expect(s.exhausted(space)).toBe(true);
  });

  it("rejects bad options", () => {
    expect(() => new GridSampler({ n: 0 }, 0)).toThrow("Grid option n must be an integer >= 1, got 0");
    expect(() => new GridSampler({ points: 3 } as object, 0)).toThrow(
      'Unknown option "points" for the grid sampler',
    );
    expect(() => new GridSampler({ shuffle: "yes" } as object, 0)).toThrow(
      "Grid option shuffle must be true or false",
    );
  });
});

describe("IndexPermutation", () => {
  it("is a bijection of [0, size) for awkward sizes", () => {
    for (const size of [1, 2, 3, 7, 60, 1000, 4097]) {
      const p = new IndexPermutation(size, size * 31);
      const images = new Set(Array.from({ length: size }, (_, i) => p.apply(i)));
      expect(images.size).toBe(size);
      expect(Math.max(...images)).toBe(size - 1);
    }
  });

  it("handles sizes near 2^52 and rejects bad indices", () => {
    const p = new IndexPermutation(5 ** 20, 3);
    const x = p.apply(5 ** 20 - 1);
    expect(Number.isInteger(x) && x >= 0 && x < 5 ** 20).toBe(true);
    expect(() => p.apply(5 ** 20)).toThrow("Permutation index must be an integer");
  });
});
