import { describe, expect, it } from "vitest";
import { paramsKey } from "../../space";
import type { Params, Sampler, SearchSpace, TrialRecord } from "../../types";
import { RandomSampler } from "../random";
import { GpSampler } from "./sampler";

const space: SearchSpace = {
  x: { type: "float", low: -5, high: 5 },
  y: { type: "float", low: -5, high: 5 },
};
const quadratic = (p: Params): number => ((p.x as number) - 1) ** 2 + ((p.y as number) + 2) ** 2;

function optimise(sampler: Sampler, sp: SearchSpace, f: (p: Params) => number, n: number): TrialRecord[] {
  const trials: TrialRecord[] = [];
  for (let i = 0; i < n; i++) {
    const params = sampler.sample(sp, trials, "minimize") as Params;
    trials.push({ number: i, params, state: "complete", value: f(params), intermediate: {} });
  }
  return trials;
}
const bestOf = (trials: TrialRecord[]): number => Math.min(...trials.map((t) => t.value as number));
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return 0.5 * (s[(s.length - 1) >> 1] + s[s.length >> 1]);
};

describe("GpSampler", () => {
  it("beats random search by far on a quadratic (median over seeds)", () => {
    const seeds = [0, 1, 2, 3, 4];
    const random = median(seeds.map((s) => bestOf(optimise(new RandomSampler({}, s), space, quadratic, 30))));
    const gp = median(seeds.map((s) => bestOf(optimise(new GpSampler({}, s), space, quadratic, 30))));
    expect(gp).toBeLessThan(random / 20);
  });

  it("gives the same proposals for the same seed, and continues identically after a JSON round trip", () => {
    const a = optimise(new GpSampler({}, 4), space, quadratic, 14);
    const b = optimise(new GpSampler({}, 4), space, quadratic, 14);
    expect(b.map((t) => t.params)).toEqual(a.map((t) => t.params));
    const first = new GpSampler({}, 4);
    const trials = optimise(first, space, quadratic, 13);
    const second = new GpSampler({}, 99);
    second.restore(JSON.parse(JSON.stringify(first.state())));
    for (let i = 0; i < 3; i++) {
      const p = first.sample(space, trials, "minimize");
      expect(second.sample(space, trials, "minimize")).toEqual(p);
      trials.push({
        number: trials.length,
        params: p,
        state: "complete",
        value: quadratic(p),
        intermediate: {},
      });
    }
    expect(() => second.restore({ rng: { s: [1, 2, 3, 4], spare: null }, theta: ["a"] })).toThrow(
      "Invalid gp sampler state: theta must be a list of finite numbers",
    );
  });

  it("handles a mixed, conditional space and proposes distinct points to trials running together", () => {
    const mixed: SearchSpace = {
      lr: { type: "float", low: 1e-4, high: 1, log: true },
      units: { type: "int", low: 8, high: 256, log: true },
      layers: { type: "int", low: 1, high: 4 },
      optimizer: { type: "categorical", choices: ["sgd", "adam"] },
      momentum: { type: "float", low: 0, high: 1, condition: { param: "optimizer", values: ["sgd"] } },
    };
    const f = (p: Params): number =>
      (Math.log10(p.lr as number) + 2) ** 2 +
      (Math.log2(p.units as number) - 6) ** 2 / 10 +
      (p.layers as number) / 10 +
      (p.optimizer === "sgd" ? 1 - (p.momentum as number) : 0.3);
    const sampler = new GpSampler({}, 2);
    const trials = optimise(sampler, mixed, f, 16);
    const keys = new Set(trials.map((t) => paramsKey(t.params)));
    for (let i = 0; i < 4; i++) {
      const p = sampler.sample(mixed, trials, "minimize");
      expect(keys.has(paramsKey(p))).toBe(false);
      keys.add(paramsKey(p));
      expect(Number.isInteger(p.units) && Number.isInteger(p.layers)).toBe(true);
      expect("momentum" in p).toBe(p.optimizer === "sgd");
      trials.push({ number: trials.length, params: p, state: "running", intermediate: {} });
    }
    expect(bestOf(trials.filter((t) => t.state === "complete"))).toBeLessThan(2);
  });

  it("maximises when asked", () => {
    const trials: TrialRecord[] = [];
    const sampler = new GpSampler({ nStartupTrials: 5 }, 1);
    for (let i = 0; i < 20; i++) {
      const p = sampler.sample(space, trials, "maximize");
      trials.push({ number: i, params: p, state: "complete", value: -quadratic(p), intermediate: {} });
    }
    expect(Math.max(...trials.map((t) => t.value as number))).toBeGreaterThan(-0.5);
  });

  it("copes with infinite losses and with more inputs than the Sobol' table has dimensions", () => {
    const wide: SearchSpace = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`x${i}`, { type: "float", low: 0, high: 1 }]),
    );
    const f = (p: Params): number =>
      (p.x0 as number) > 0.9
        ? Infinity
        : Object.values(p).reduce((a: number, v) => a + ((v as number) - 0.3) ** 2, 0);
    const sampler = new GpSampler({ nStartupTrials: 4, candidates: 64 }, 5);
    const trials: TrialRecord[] = [];
    for (let i = 0; i < 8; i++) {
      const p = sampler.sample(wide, trials, "minimize");
      expect(Object.keys(p).length).toBe(40);
      trials.push({
        number: i,
        params: p,
        state: "complete",
        value: i === 1 ? Infinity : f(p),
        intermediate: {},
      });
    }
    expect(sampler.lastStats).not.toBeNull();
  });

  it("checks its options", () => {
    expect(() => new GpSampler({ candidates: 0 }, 1)).toThrow(
      "Option candidates of the gp sampler must be an integer >= 1, got 0",
    );
    expect(() => new GpSampler({ warping: "log" }, 1)).toThrow(
      'Option warping of the gp sampler must be "power" or "none", got "log"',
    );
    expect(() => new GpSampler({ kernel: "rbf" }, 1)).toThrow('Unknown option "kernel" for the gp sampler');
  });
});
