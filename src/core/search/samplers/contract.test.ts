/**
 * The contract every sampler keeps, run over every sampler name: valid values (bounds, types,
 * log, step, ints), conditionals, reproducibility, JSON round trips and parallel asks.
 */
import { describe, expect, it } from "vitest";
import { paramsKey } from "../space";
import { StudyExhaustedError, createStudy, loadStudy, type Study } from "../study";
import type { Params, SearchSpace } from "../types";
import { SAMPLER_NAMES, gridSize, type SamplerName } from "./index";

const mixedSpace: SearchSpace = {
  lr: { type: "float", low: 1e-4, high: 1e-1, log: true },
  dropout: { type: "float", low: 0.1, high: 0.5, step: 0.1 },
  units: { type: "int", low: 8, high: 128, log: true },
  layers: { type: "int", low: 1, high: 5 },
  batch: { type: "int", low: 16, high: 128, step: 16 },
  optimizer: { type: "categorical", choices: ["sgd", "adam", "rmsprop"] },
  momentum: { type: "float", low: 0, high: 0.99, condition: { param: "optimizer", values: ["sgd"] } },
  nesterov: { type: "categorical", choices: [true, false], condition: { param: "momentum", min: 0.5 } },
  beta1: { type: "float", low: 0.8, high: 0.999, condition: { param: "optimizer", values: ["adam"] } },
};

/** 3 x 4 x 5 = 60 points. */
const discreteSpace: SearchSpace = {
  a: { type: "categorical", choices: ["x", "y", "z"] },
  b: { type: "int", low: 0, high: 3 },
  c: { type: "float", low: 0, high: 1, step: 0.25 },
};

/** A deterministic objective so that runs can be compared. */
function objective(p: Params): number {
  let v =
    (Math.log10(p.lr as number) + 2.5) ** 2 +
    Math.abs((p.dropout as number) - 0.2) +
    (p.layers as number) * 0.1;
  v += Math.abs(Math.log2(p.units as number) - 5) * 0.2 + (p.batch as number) / 1000;
  if (p.optimizer === "sgd") v += 1 - (p.momentum as number) + (p.nesterov === true ? -0.1 : 0);
  if (p.optimizer === "adam") v += Math.abs((p.beta1 as number) - 0.9);
  return v;
}

function discreteObjective(p: Params): number {
  return ["x", "y", "z"].indexOf(p.a as string) + (p.b as number) * 0.5 + ((p.c as number) - 0.5) ** 2;
}

/** Runs `count` trials asked `batch` at a time (all running together) and returns their parameters. */
function run(study: Study, count: number, batch: number, f: (p: Params) => number): Params[] {
  const asked: Params[] = [];
  while (asked.length < count) {
    const running = Array.from({ length: Math.min(batch, count - asked.length) }, () => study.ask());
    for (const t of running) {
      asked.push(t.params);
      study.tell(t.number, f(t.params));
    }
  }
  return asked;
}

const isMultiple = (v: number, low: number, step: number): boolean => {
  const k = (v - low) / step;
  return Math.abs(k - Math.round(k)) < 1e-9;
};

function expectValidMixed(p: Params): void {
  const lr = p.lr as number;
  expect(typeof lr).toBe("number");
  expect(lr).toBeGreaterThanOrEqual(1e-4);
  expect(lr).toBeLessThanOrEqual(1e-1);
  const dropout = p.dropout as number;
  expect(dropout).toBeGreaterThanOrEqual(0.1);
  expect(dropout).toBeLessThanOrEqual(0.5);
  expect(isMultiple(dropout, 0.1, 0.1)).toBe(true);
  expect(String(dropout).length).toBeLessThanOrEqual(3); // 0.3, not 0.30000000000000004
  for (const [name, low, high] of [
    ["units", 8, 128],
    ["layers", 1, 5],
    ["batch", 16, 128],
  ] as const) {
    expect(Number.isInteger(p[name])).toBe(true);
    expect(p[name]).toBeGreaterThanOrEqual(low);
    expect(p[name]).toBeLessThanOrEqual(high);
  }
  expect(isMultiple(p.batch as number, 16, 16)).toBe(true);
  expect(["sgd", "adam", "rmsprop"]).toContain(p.optimizer);
  const expectedKeys = ["lr", "dropout", "units", "layers", "batch", "optimizer"];
  if (p.optimizer === "sgd") {
    expectedKeys.push("momentum");
    expect(p.momentum).toBeGreaterThanOrEqual(0);
    expect(p.momentum).toBeLessThanOrEqual(0.99);
    if ((p.momentum as number) >= 0.5) {
      expectedKeys.push("nesterov");
      expect([true, false]).toContain(p.nesterov);
    }
  }
  if (p.optimizer === "adam") {
    expectedKeys.push("beta1");
    expect(p.beta1).toBeGreaterThanOrEqual(0.8);
    expect(p.beta1).toBeLessThanOrEqual(0.999);
  }
  expect(Object.keys(p).sort()).toEqual(expectedKeys.sort());
}

const ALL: SamplerName[] = ["grid", "random", "qmc", "tpe", "gp"];

it("the contract covers every registered sampler", () => {
  expect([...SAMPLER_NAMES].sort()).toEqual([...ALL].sort());
});

describe.each(ALL)("sampler %s", (name) => {
  const sampler = name === "grid" ? { name, n: 3 } : name;

  it("proposes valid values: bounds, types, log, steps, ints, conditionals", () => {
    const study = createStudy({ space: mixedSpace, sampler, seed: 1 });
    const params = run(study, 30, 3, objective);
    params.forEach(expectValidMixed);
    // Both branches of the condition are explored.
    expect(new Set(params.map((p) => p.optimizer)).size).toBeGreaterThan(1);
  });

  it("handles edge ranges: a single value, a tiny log int range, awkward decimal steps", () => {
    const space: SearchSpace = {
      constant: { type: "float", low: 2, high: 2 },
      tiny: { type: "int", low: 1, high: 2, log: true },
      decimals: { type: "float", low: 0.05, high: 0.35, step: 0.05 },
      lonely: { type: "categorical", choices: ["only"] },
    };
    const study = createStudy({ space, sampler, seed: 5 });
    const seen = new Set<unknown>();
    for (let i = 0; i < 12 && !study.isExhausted; i++) {
      const { number, params } = study.ask();
      expect(params.constant).toBe(2);
      expect([1, 2]).toContain(params.tiny);
      expect([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35]).toContain(params.decimals);
      expect(params.lonely).toBe("only");
      seen.add(params.decimals);
      study.tell(number, (params.decimals as number) + (params.tiny as number));
    }
    expect(seen.size).toBeGreaterThan(2);
  });

  it("gives the same trials for the same seed and other trials for another seed", () => {
    const a = run(createStudy({ space: mixedSpace, sampler, seed: 7 }), 20, 2, objective);
    const b = run(createStudy({ space: mixedSpace, sampler, seed: 7 }), 20, 2, objective);
    const c = run(createStudy({ space: mixedSpace, sampler, seed: 8 }), 20, 2, objective);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it("continues identically after a JSON round trip", () => {
    const original = createStudy({ space: mixedSpace, sampler, seed: 11, pruner: "median" });
    run(original, 12, 3, objective);
    // One trial is left running across the save, as when the page reloads mid-trial.
    const pending = original.ask();
    const saved = JSON.parse(JSON.stringify(original.toJSON()));
    const restored = loadStudy(saved);
    expect(restored.trials).toEqual(original.trials);
    original.tell(pending.number, objective(pending.params));
    restored.tell(pending.number, objective(pending.params));
    expect(run(restored, 10, 2, objective)).toEqual(run(original, 10, 2, objective));
  });

  it("does not propose the same point twice to trials running together", () => {
    for (const space of [mixedSpace, discreteSpace]) {
      const study = createStudy({ space, sampler, seed: 3 });
      run(study, 12, 4, space === mixedSpace ? objective : discreteObjective);
      const running = Array.from({ length: 8 }, () => study.ask().params);
      const label = space === mixedSpace ? "mixed space" : "60-point discrete space";
      expect(new Set(running.map(paramsKey)).size, `distinct points among 8 running, ${label}`).toBe(
        running.length,
      );
    }
  });

  if (name === "grid") {
    it("visits every grid point once, then reports exhaustion", () => {
      const study = createStudy({ space: discreteSpace, sampler: { name: "grid" }, seed: 2 });
      const size = gridSize(discreteSpace, 5);
      expect(size).toBe(60);
      const keys = new Set<string>();
      while (!study.isExhausted) {
        const running = [study.ask(), ...(study.isExhausted ? [] : [study.ask()])];
        for (const t of running) {
          keys.add(paramsKey(t.params));
          study.tell(t.number, discreteObjective(t.params));
        }
      }
      expect(keys.size).toBe(60);
      expect(study.trials.length).toBe(60);
      expect(() => study.ask()).toThrow(StudyExhaustedError);
      expect(() => study.ask()).toThrow("The grid sampler has no new points left after 60 trials");
      expect(loadStudy(JSON.parse(JSON.stringify(study.toJSON()))).isExhausted).toBe(true);
    });
  } else {
    it("never reports exhaustion", () => {
      const study = createStudy({ space: discreteSpace, sampler, seed: 2 });
      run(study, 70, 5, discreteObjective);
      expect(study.isExhausted).toBe(false);
      expect(study.trials.length).toBe(70);
    });
  }
});
