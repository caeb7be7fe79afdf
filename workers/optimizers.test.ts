import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { OptimizerConfig, OptimizerName } from "../src/shared/train";
import { createOptimizer, validateOptimizer } from "./optimizers";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const base: OptimizerConfig = {
  name: "sgd",
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-7,
  rho: 0.9,
  weightDecay: 0.1,
};

/** Applies `steps` updates with the constant gradient 0.5 to w = [1, -2] and returns w. */
function stepped(
  name: OptimizerName,
  steps: number,
  lr = 0.1,
  decay = false,
  over: Partial<OptimizerConfig> = {},
): number[] {
  const before = tf.memory().numTensors;
  const w = tf.tidy(() => tf.variable(tf.tensor1d([1, -2])));
  const g = tf.tensor1d([0.5, 0.5]);
  const opt = createOptimizer(tf, { ...base, name, ...over }, [{ variable: w, decay }]);
  for (let i = 0; i < steps; i++) opt.step([g], lr);
  const values = Array.from(w.dataSync());
  opt.dispose();
  w.dispose();
  g.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return values;
}

describe("optimizers (one or two steps computed by hand)", () => {
  it("SGD: w − lr·g", () => {
    const [a, b] = stepped("sgd", 1);
    expect(a).toBeCloseTo(0.95, 6);
    expect(b).toBeCloseTo(-2.05, 6);
  });

  it("momentum: buffer = m·buffer + g, w − lr·buffer", () => {
    expect(stepped("momentum", 1)[0]).toBeCloseTo(0.95, 6);
    expect(stepped("momentum", 2)[0]).toBeCloseTo(0.95 - 0.1 * 0.95, 6);
  });

  it("Nesterov: w − lr·(g + m·buffer)", () => {
    expect(stepped("nesterov", 1)[0]).toBeCloseTo(1 - 0.1 * (0.5 + 0.9 * 0.5), 6);
  });

  it("RMSprop: w − lr·g / (√(ρ·s + (1−ρ)·g²) + ε), with and without momentum", () => {
    const scaled = 0.5 / Math.sqrt(0.1 * 0.25);
    expect(stepped("rmsprop", 1, 0.1, false, { momentum: 0 })[0]).toBeCloseTo(1 - 0.1 * scaled, 5);
    const s2 = 0.9 * 0.025 + 0.1 * 0.25;
    const buffer2 = 0.5 * scaled + 0.5 / Math.sqrt(s2);
    expect(stepped("rmsprop", 2, 0.1, false, { momentum: 0.5 })[0]).toBeCloseTo(
      1 - 0.1 * scaled - 0.1 * buffer2,
      5,
    );
  });

  it("Adam: the bias-corrected first step moves each weight by about lr", () => {
    const [a, b] = stepped("adam", 1);
    expect(a).toBeCloseTo(0.9, 5);
    expect(b).toBeCloseTo(-2.1, 5);
    // Second step with the same gradient: m̂ = 0.5, v̂ = 0.25 again.
    expect(stepped("adam", 2)[0]).toBeCloseTo(0.8, 5);
  });

  it("AdamW: Adam plus decoupled decay lr·wd·w on decayed parameters only", () => {
    expect(stepped("adamw", 1, 0.1, true)[0]).toBeCloseTo(1 - 0.1 - 0.1 * 0.1 * 1, 5);
    expect(stepped("adamw", 1, 0.1, true)[1]).toBeCloseTo(-2 - 0.1 - 0.1 * 0.1 * -2, 5);
    expect(stepped("adamw", 1, 0.1, false)[0]).toBeCloseTo(0.9, 5);
  });

  it("Adagrad: accumulator starts at 0.1", () => {
    expect(stepped("adagrad", 1)[0]).toBeCloseTo(1 - (0.1 * 0.5) / Math.sqrt(0.35), 5);
  });

  it("uses the rate given at each step", () => {
    const w = tf.tidy(() => tf.variable(tf.tensor1d([1])));
    const g = tf.tensor1d([1]);
    const opt = createOptimizer(tf, base, [{ variable: w, decay: false }]);
    opt.step([g], 0.1);
    opt.step([g], 0.01);
    expect(w.dataSync()[0]).toBeCloseTo(0.89, 6);
    opt.dispose();
    w.dispose();
    g.dispose();
  });

  it("rejects bad parameters with a message naming the value", () => {
    expect(() => validateOptimizer({ ...base, name: "adam", beta2: 1 })).toThrow(/beta2.*1/);
    expect(() => validateOptimizer({ ...base, name: "momentum", momentum: -0.1 })).toThrow(/momentum.*-0\.1/);
    expect(() => validateOptimizer({ ...base, name: "rmsprop", rho: 1.5 })).toThrow(/rho.*1\.5/);
    expect(() => validateOptimizer({ ...base, name: "adagrad", epsilon: 0 })).toThrow(/epsilon.*0/);
    expect(() => validateOptimizer({ ...base, name: "adamw", weightDecay: -1 })).toThrow(/weight decay.*-1/);
    expect(() => validateOptimizer({ ...base, name: "lamb" as OptimizerName })).toThrow(/"lamb"/);
    // Parameters an optimizer does not use are not checked.
    expect(() => validateOptimizer({ ...base, name: "sgd", beta1: 7 })).not.toThrow();
  });
});
