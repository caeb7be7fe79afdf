import { describe, expect, it } from "vitest";
import type { Direction, Params, SearchSpace, TrialRecord } from "../../types";
import { RandomSampler } from "../random";
import { activationGroups, TpeSampler } from "./sampler";
import type { Sampler } from "../../types";

const quadraticSpace: SearchSpace = {
  x: { type: "float", low: -5, high: 5 },
  y: { type: "float", low: -5, high: 5 },
  k: { type: "int", low: 0, high: 20 },
};
const quadratic = (p: Params): number =>
  ((p.x as number) - 1) ** 2 + ((p.y as number) + 2) ** 2 + 0.1 * ((p.k as number) - 7) ** 2;

/** Runs a sampler serially and returns the best value after each trial. */
function optimise(
  sampler: Sampler,
  space: SearchSpace,
  f: (p: Params) => number,
  n: number,
  direction: Direction = "minimize",
): TrialRecord[] {
  const trials: TrialRecord[] = [];
  for (let i = 0; i < n; i++) {
    const params = sampler.sample(space, trials, direction) as Params;
    trials.push({ number: i, params, state: "complete", value: f(params), intermediate: {} });
  }
  return trials;
}

const bestOf = (trials: TrialRecord[]): number => Math.min(...trials.map((t) => t.value as number));
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return 0.5 * (s[(s.length - 1) >> 1] + s[s.length >> 1]);
};

describe("TpeSampler", () => {
  it("beats random search on a quadratic, multivariate (default) and univariate (median over seeds)", () => {
    const seeds = [0, 1, 2, 3, 4, 5, 6, 7];
    const random = median(
      seeds.map((s) => bestOf(optimise(new RandomSampler({}, s), quadraticSpace, quadratic, 60))),
    );
    const mv = median(
      seeds.map((s) => bestOf(optimise(new TpeSampler({}, s), quadraticSpace, quadratic, 60))),
    );
    const uni = median(
      seeds.map((s) =>
        bestOf(optimise(new TpeSampler({ multivariate: false }, s), quadraticSpace, quadratic, 60)),
      ),
    );
    expect(mv).toBeLessThan(random / 4);
    expect(uni).toBeLessThan(random / 2);
  });

  it("maximises when asked", () => {
    const negated = (p: Params): number => -quadratic(p);
    const seeds = [0, 1, 2, 3, 4, 5];
    const random = median(
      seeds.map(
        (s) =>
          -Math.max(
            ...optimise(new RandomSampler({}, s), quadraticSpace, negated, 50, "maximize").map(
              (t) => t.value as number,
            ),
          ),
      ),
    );
    const tpe = median(
      seeds.map(
        (s) =>
          -Math.max(
            ...optimise(new TpeSampler({}, s), quadraticSpace, negated, 50, "maximize").map(
              (t) => t.value as number,
            ),
          ),
      ),
    );
    expect(tpe).toBeLessThan(random / 2);
  });

  it("gives the same proposals for the same seed and different ones for another", () => {
    const a = optimise(new TpeSampler({}, 5), quadraticSpace, quadratic, 25).map((t) => t.params);
    const b = optimise(new TpeSampler({}, 5), quadraticSpace, quadratic, 25).map((t) => t.params);
    const c = optimise(new TpeSampler({}, 6), quadraticSpace, quadratic, 25).map((t) => t.params);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it("continues identically after a JSON round trip of its state", () => {
    for (const options of [{}, { multivariate: false }]) {
      const first = new TpeSampler(options, 9);
      const trials = optimise(first, quadraticSpace, quadratic, 15);
      const second = new TpeSampler(options, 123);
      second.restore(JSON.parse(JSON.stringify(first.state())));
      for (let i = 0; i < 10; i++) {
        const p = first.sample(quadraticSpace, trials, "minimize");
        expect(second.sample(quadraticSpace, trials, "minimize")).toEqual(p);
        trials.push({
          number: trials.length,
          params: p,
          state: "complete",
          value: quadratic(p),
          intermediate: {},
        });
      }
    }
    expect(() => new TpeSampler({}, 1).restore({ nope: 1 })).toThrow("Invalid tpe sampler state");
  });

  it("learns conditional parameters only from trials where they are active", () => {
    const space: SearchSpace = {
      optimizer: { type: "categorical", choices: ["sgd", "adam"] },
      momentum: { type: "float", low: 0, high: 1, condition: { param: "optimizer", values: ["sgd"] } },
      beta: { type: "float", low: 0, high: 1, condition: { param: "optimizer", values: ["adam"] } },
    };
    // sgd with momentum near 0.9 is best; adam is mediocre whatever beta is.
    const f = (p: Params): number =>
      p.optimizer === "sgd" ? 10 * Math.abs((p.momentum as number) - 0.9) : 1 + 0.1 * (p.beta as number);
    for (const options of [{}, { multivariate: false }]) {
      const trials = optimise(new TpeSampler(options, 1), space, f, 80);
      for (const t of trials) {
        expect(Object.keys(t.params).sort()).toEqual(
          t.params.optimizer === "sgd" ? ["momentum", "optimizer"] : ["beta", "optimizer"],
        );
      }
      const late = trials.slice(40).filter((t) => t.params.optimizer === "sgd");
      expect(late.length).toBeGreaterThan(25);
      // Uniform draws would give a median distance of about 0.4.
      expect(median(late.map((t) => Math.abs((t.params.momentum as number) - 0.9)))).toBeLessThan(0.1);
    }
  });

  it("proposes untried points in a small discrete space, even with trials running", () => {
    const space: SearchSpace = {
      a: { type: "int", low: 0, high: 3 },
      b: { type: "categorical", choices: ["u", "v"] },
    };
    const sampler = new TpeSampler({}, 1);
    const trials = optimise(sampler, space, (p) => (p.a as number) + (p.b === "u" ? 0 : 1), 6);
    const seen = new Set(trials.map((t) => JSON.stringify(t.params)));
    for (let i = 0; i < 2; i++) {
      const p = sampler.sample(space, trials, "minimize");
      expect(seen.has(JSON.stringify(p))).toBe(false);
      seen.add(JSON.stringify(p));
      trials.push({ number: trials.length, params: p, state: "running", intermediate: {} });
    }
  });

  it("treats running trials as bad with the constant liar (the default), and ignores them without", () => {
    const space: SearchSpace = { x: { type: "float", low: 0, high: 1 } };
    const trials = optimise(new RandomSampler({}, 2), space, (p) => p.x as number, 20);
    // Many trials running near x = 0.05, where the good complete trials are.
    for (let i = 0; i < 30; i++)
      trials.push({
        number: trials.length,
        params: { x: 0.04 + i * 0.001 },
        state: "running",
        intermediate: {},
      });
    const draw = (constantLiar: boolean): number[] => {
      const s = new TpeSampler({ constantLiar, nStartupTrials: 5 }, 8);
      return Array.from({ length: 20 }, () => s.sample(space, trials, "minimize").x as number);
    };
    const near = (xs: number[]): number => xs.filter((x) => x >= 0.03 && x <= 0.08).length;
    expect(near(draw(true))).toBeLessThan(near(draw(false)));
  });

  it("checks its options", () => {
    expect(() => new TpeSampler({ nEiCandidates: 0 }, 1)).toThrow(
      "Option nEiCandidates of the tpe sampler must be an integer >= 1, got 0",
    );
    expect(() => new TpeSampler({ multivariate: "yes" }, 1)).toThrow(
      'Option multivariate of the tpe sampler must be true or false, got "yes"',
    );
    expect(() => new TpeSampler({ gammaRatio: 2 }, 1)).toThrow(
      "Option gammaRatio of the tpe sampler must be a number in (0, 1], got 2",
    );
    expect(() => new TpeSampler({ kernel: 1 }, 1)).toThrow('Unknown option "kernel" for the tpe sampler');
    expect(() => new TpeSampler({ bandwidth: "silverman" }, 1)).toThrow(
      'Option bandwidth of the tpe sampler must be one of "scott", "optuna", got "silverman"',
    );
    expect(() => new TpeSampler({}, NaN)).toThrow("The tpe sampler needs a finite numeric seed, got NaN");
  });
});

describe("activationGroups", () => {
  it("groups parameters with the same chain of conditions, parents' groups first", () => {
    const space: SearchSpace = {
      lr: { type: "float", low: 0, high: 1 },
      optimizer: { type: "categorical", choices: ["sgd", "adam"] },
      momentum: { type: "float", low: 0, high: 1, condition: { param: "optimizer", values: ["sgd"] } },
      nesterov: { type: "categorical", choices: [true, false], condition: { param: "momentum", min: 0.5 } },
      dampening: { type: "float", low: 0, high: 1, condition: { param: "optimizer", values: ["sgd"] } },
      beta: { type: "float", low: 0, high: 1, condition: { param: "optimizer", values: ["adam"] } },
    };
    const order = ["lr", "optimizer", "momentum", "nesterov", "dampening", "beta"];
    expect(activationGroups(space, order)).toEqual([
      ["lr", "optimizer"],
      ["momentum", "dampening"],
      ["nesterov"],
      ["beta"],
    ]);
  });
});
