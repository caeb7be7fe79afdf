/**
 * The benchmark objectives of /work/shared/bench/FUNCTIONS.md, implemented exactly as described
 * there, each with its search space and known optimum f*. All are minimised.
 */
import type { Params, SearchSpace } from "../../src/core/search/types";

export interface Objective {
  name: string;
  space: SearchSpace;
  /** The known minimum. */
  fStar: number;
  evaluate(params: Params): number;
}

const num = (params: Params, name: string): number => {
  const v = params[name];
  if (typeof v !== "number")
    throw new Error(`Parameter ${name} should be a number, got ${JSON.stringify(v)}`);
  return v;
};

const branin: Objective = {
  name: "branin",
  space: { x: { type: "float", low: -5, high: 10 }, y: { type: "float", low: 0, high: 15 } },
  fStar: 0.397887,
  evaluate(p) {
    const x = num(p, "x");
    const y = num(p, "y");
    const b = 5.1 / (4 * Math.PI * Math.PI);
    const c = 5 / Math.PI;
    const t = 1 / (8 * Math.PI);
    return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * Math.cos(x) + 10;
  },
};

const H_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

const hartmann6: Objective = {
  name: "hartmann6",
  space: Object.fromEntries(
    Array.from({ length: 6 }, (_, j) => [`x${j}`, { type: "float", low: 0, high: 1 }]),
  ) as SearchSpace,
  fStar: -3.322368,
  evaluate(p) {
    let f = 0;
    for (let i = 0; i < 4; i++) {
      let inner = 0;
      for (let j = 0; j < 6; j++) inner += H_A[i][j] * (num(p, `x${j}`) - H_P[i][j]) ** 2;
      f -= H_ALPHA[i] * Math.exp(-inner);
    }
    return f;
  },
};

const rosenbrock4: Objective = {
  name: "rosenbrock4",
  space: Object.fromEntries(
    Array.from({ length: 4 }, (_, j) => [`x${j}`, { type: "float", low: -2, high: 2 }]),
  ) as SearchSpace,
  fStar: 0,
  evaluate(p) {
    let f = 0;
    for (let i = 0; i < 3; i++) {
      const a = num(p, `x${i}`);
      const b = num(p, `x${i + 1}`);
      f += 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    }
    return f;
  },
};

const OPT_LR: Record<string, number> = { sgd: 0.1, momentum: 0.03, adam: 0.002 };
const ACTIVATION_COST: Record<string, number> = { relu: 0, gelu: -0.005, tanh: 0.02, sigmoid: 0.06 };

const nnSurface: Objective = {
  name: "nn_surface",
  space: {
    lr: { type: "float", low: 1e-5, high: 1, log: true },
    batch: { type: "int", low: 8, high: 512, log: true },
    dropout: { type: "float", low: 0, high: 0.8 },
    layers: { type: "int", low: 1, high: 6 },
    units: { type: "int", low: 8, high: 512, log: true },
    activation: { type: "categorical", choices: ["relu", "tanh", "sigmoid", "gelu"] },
    optimizer: { type: "categorical", choices: ["sgd", "momentum", "adam"] },
    weight_decay: { type: "float", low: 1e-6, high: 1e-1, log: true },
  },
  fStar: 0.0531724,
  evaluate(p) {
    const lr = num(p, "lr");
    const batch = num(p, "batch");
    const dropout = num(p, "dropout");
    const layers = num(p, "layers");
    const units = num(p, "units");
    const activation = String(p.activation);
    const optimizer = String(p.optimizer);
    const wd = num(p, "weight_decay");
    const optLr = OPT_LR[optimizer] * Math.sqrt(batch / 64);
    const cap = layers * Math.log2(units);
    return (
      0.05 +
      0.08 * (Math.log10(lr) - Math.log10(optLr)) ** 2 +
      ACTIVATION_COST[activation] +
      (activation === "sigmoid" && layers > 3 ? 0.03 * (layers - 3) : 0) +
      0.1 * Math.exp(-cap / 8) +
      0.002 * Math.max(0, cap - 20) * (1 - dropout) ** 2 +
      0.04 * (dropout - 0.3) ** 2 +
      0.0025 * (Math.log10(wd) + 4) ** 2 +
      0.002 * Math.log2(batch / 32) ** 2
    );
  },
};

export const OBJECTIVES: readonly Objective[] = [branin, hartmann6, rosenbrock4, nnSurface];
