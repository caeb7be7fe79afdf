/**
 * Held-out objectives for checking that sampler changes generalise beyond the four of
 * FUNCTIONS.md: standard test functions of other shapes and dimensions, plus mixed and
 * conditional spaces. There are no Optuna reference numbers for these; compare samplers with
 * each other (random gives the baseline).
 */
import type { Params, SearchSpace } from "../../src/core/search/types";
import type { Objective } from "./objectives";

const num = (p: Params, name: string): number => p[name] as number;
const floats = (names: string[], low: number, high: number): SearchSpace =>
  Object.fromEntries(names.map((n) => [n, { type: "float", low, high }])) as SearchSpace;
const xs = (d: number): string[] => Array.from({ length: d }, (_, i) => `x${i}`);

const sixHumpCamel: Objective = {
  name: "six_hump_camel",
  space: { x: { type: "float", low: -3, high: 3 }, y: { type: "float", low: -2, high: 2 } },
  fStar: -1.0316284535,
  evaluate(p) {
    const x = num(p, "x");
    const y = num(p, "y");
    return (4 - 2.1 * x * x + x ** 4 / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y;
  },
};

const goldsteinPrice: Objective = {
  name: "goldstein_price",
  space: floats(["x", "y"], -2, 2),
  fStar: 3,
  evaluate(p) {
    const x = num(p, "x");
    const y = num(p, "y");
    const a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y);
    const b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y);
    return a * b;
  },
};

const hartmann3: Objective = {
  name: "hartmann3",
  space: floats(xs(3), 0, 1),
  fStar: -3.86278,
  evaluate(p) {
    const alpha = [1, 1.2, 3, 3.2];
    const A = [
      [3, 10, 30],
      [0.1, 10, 35],
      [3, 10, 30],
      [0.1, 10, 35],
    ];
    const P = [
      [0.3689, 0.117, 0.2673],
      [0.4699, 0.4387, 0.747],
      [0.1091, 0.8732, 0.5547],
      [0.03815, 0.5743, 0.8828],
    ];
    let f = 0;
    for (let i = 0; i < 4; i++) {
      let inner = 0;
      for (let j = 0; j < 3; j++) inner += A[i][j] * (num(p, `x${j}`) - P[i][j]) ** 2;
      f -= alpha[i] * Math.exp(-inner);
    }
    return f;
  },
};

const levy4: Objective = {
  name: "levy4",
  space: floats(xs(4), -10, 10),
  fStar: 0,
  evaluate(p) {
    const w = xs(4).map((n) => 1 + (num(p, n) - 1) / 4);
    let f = Math.sin(Math.PI * w[0]) ** 2;
    for (let i = 0; i < 3; i++) f += (w[i] - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i] + 1) ** 2);
    return f + (w[3] - 1) ** 2 * (1 + Math.sin(2 * Math.PI * w[3]) ** 2);
  },
};

const ackley5: Objective = {
  name: "ackley5",
  space: floats(xs(5), -32.768, 32.768),
  fStar: 0,
  evaluate(p) {
    const v = xs(5).map((n) => num(p, n));
    const s1 = v.reduce((a, x) => a + x * x, 0) / 5;
    const s2 = v.reduce((a, x) => a + Math.cos(2 * Math.PI * x), 0) / 5;
    return -20 * Math.exp(-0.2 * Math.sqrt(s1)) - Math.exp(s2) + 20 + Math.E;
  },
};

const styblinskiTang4: Objective = {
  name: "styblinski_tang4",
  space: floats(xs(4), -5, 5),
  fStar: -39.16616570377142 * 4,
  evaluate(p) {
    return xs(4).reduce((a, n) => {
      const x = num(p, n);
      return a + 0.5 * (x ** 4 - 16 * x * x + 5 * x);
    }, 0);
  },
};

const rastrigin3: Objective = {
  name: "rastrigin3",
  space: floats(xs(3), -5.12, 5.12),
  fStar: 0,
  evaluate(p) {
    return xs(3).reduce((a, n) => {
      const x = num(p, n);
      return a + x * x - 10 * Math.cos(2 * Math.PI * x) + 10;
    }, 0);
  },
};

/** A mixed space: log float, log int, plain int, stepped float, categorical. The best width is 91 (log2 closest to 6.5). */
const mixedBowl: Objective = {
  name: "mixed_bowl",
  space: {
    rate: { type: "float", low: 1e-6, high: 1, log: true },
    width: { type: "int", low: 4, high: 1024, log: true },
    depth: { type: "int", low: 1, high: 12 },
    ratio: { type: "float", low: 0, high: 1, step: 0.05 },
    kind: { type: "categorical", choices: ["a", "b", "c", "d", "e"] },
  },
  fStar: ((Math.log2(91) - 6.5) / 3) ** 2,
  evaluate(p) {
    const kindCost: Record<string, number> = { a: 0.4, b: 0, c: 0.25, d: 0.6, e: 0.3 };
    return (
      ((Math.log10(num(p, "rate")) + 3.3) / 2) ** 2 +
      ((Math.log2(num(p, "width")) - 6.5) / 3) ** 2 +
      ((num(p, "depth") - 4) / 4) ** 2 +
      (num(p, "ratio") - 0.35) ** 2 +
      kindCost[String(p.kind)]
    );
  },
};

/** Conditional: the best branch needs its own child parameters tuned. Minimum 0 (branch "deep", depth 5, gain 0.8). */
const branches: Objective = {
  name: "branches",
  space: {
    branch: { type: "categorical", choices: ["flat", "deep", "wide"] },
    scale: { type: "float", low: 0.01, high: 100, log: true },
    depth: { type: "int", low: 1, high: 10, condition: { param: "branch", values: ["deep"] } },
    gain: { type: "float", low: 0, high: 1, condition: { param: "branch", values: ["deep"] } },
    width: { type: "int", low: 1, high: 64, log: true, condition: { param: "branch", values: ["wide"] } },
  },
  fStar: 0,
  evaluate(p) {
    const base = (Math.log10(num(p, "scale")) - 0.5) ** 2 / 4;
    if (p.branch === "flat") return 0.8 + base;
    if (p.branch === "wide") return 0.3 + base + ((Math.log2(num(p, "width")) - 3) / 3) ** 2;
    return base + ((num(p, "depth") - 5) / 3) ** 2 + 2 * (num(p, "gain") - 0.8) ** 2;
  },
};

export const HELD_OUT_OBJECTIVES: readonly Objective[] = [
  sixHumpCamel,
  goldsteinPrice,
  hartmann3,
  levy4,
  ackley5,
  styblinskiTang4,
  rastrigin3,
  mixedBowl,
  branches,
];
