/**
 * The host kernels (workers/host-kernels.ts) against the tfjs ops they replace, on whichever backend
 * the calling test file set: the optimizer update for every rule, the loss with its gradient and
 * metric for every task, a batch's rows, and whole training runs. Shared by the CPU and the
 * WebAssembly test files.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng";
import type { OptimizerConfig, OptimizerName, Task, TrainConfig } from "../../src/shared/train";
import { batchRows } from "../batch-rows";
import { forceDenseStep } from "../dense-step";
import { forceHostKernels, useHostKernels } from "../host-kernels";
import { hostLossAndMetric } from "../loss-kernel";
import { metricSum, taskLoss } from "../losses";
import type { Tf } from "../model";
import { useFusedUpdate, WASM_FUSED_UPDATE_MAX_PARAMS } from "../optimizer-kernel";
import { createOptimizer } from "../optimizers";
import { testConfig, type Test2DConfig } from "./configs";
import { lossCurve, maxRelativeDiff, recordedRun } from "./dense-checks";

const OPTIMIZER: OptimizerConfig = {
  name: "sgd",
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-7,
  rho: 0.9,
  weightDecay: 0.05,
};

/** Runs `fn` with host kernels forced on or off. */
function withHost<T>(use: boolean, fn: () => T): T {
  forceHostKernels(use);
  try {
    return fn();
  } finally {
    forceHostKernels(null);
  }
}

function randomValues(rng: Rng, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
}

/**
 * Weights after `steps` updates with seeded random gradients and a changing rate, from the same
 * start: a decayed kernel [5, 3] and an undecayed bias [3].
 */
function optimizedWeights(tf: Tf, config: OptimizerConfig, host: boolean, steps: number): number[] {
  return withHost(host, () => {
    const rng = new Rng(11);
    const kernel = tf.tidy(() => tf.variable(tf.tensor2d(randomValues(rng, 15), [5, 3])));
    const bias = tf.tidy(() => tf.variable(tf.tensor1d(randomValues(rng, 3))));
    const optimizer = createOptimizer(tf, config, [
      { variable: kernel, decay: true },
      { variable: bias, decay: false },
    ]);
    try {
      for (let s = 0; s < steps; s++) {
        const grads = [tf.tensor2d(randomValues(rng, 15, 2), [5, 3]), tf.tensor1d(randomValues(rng, 3, 2))];
        optimizer.step(grads, 0.05 / (1 + s / 10));
        grads.forEach((g) => g.dispose());
      }
      return [...kernel.dataSync(), ...bias.dataSync()];
    } finally {
      optimizer.dispose();
      kernel.dispose();
      bias.dispose();
    }
  });
}

/** Loss, metric and the loss's gradient with respect to the outputs, by host kernel or by ops. */
function lossParts(
  tf: Tf,
  task: Task,
  z: Float32Array,
  y: Float32Array,
  shape: [number, number],
  host: boolean,
) {
  return tf.tidy(() => {
    const outputs = tf.tensor2d(z, shape);
    const targets = tf.tensor2d(y, shape);
    let metric: number[] = [];
    const { value, grad } = tf.valueAndGrad((o: typeof outputs) => {
      if (host) {
        const parts = hostLossAndMetric(tf, task, o, targets);
        metric = Array.from(parts.metric.dataSync());
        parts.metric.dispose();
        return parts.loss;
      }
      metric = Array.from(metricSum(tf, task, o, targets).dataSync());
      return taskLoss(tf, task, o, targets);
    })(outputs);
    return { loss: value.dataSync()[0], metric: metric[0], grad: Array.from(grad.dataSync()) };
  });
}

/**
 * A run with host kernels on or off, through the gradient tape either way: the host kernels under
 * test are the tape path's (plain dense networks would otherwise take the dense step, which
 * dense-step-checks.ts tests).
 */
async function trainedWith(tf: Tf, host: boolean, config: TrainConfig) {
  forceHostKernels(host);
  forceDenseStep("tape");
  try {
    return await recordedRun(tf, config);
  } finally {
    forceHostKernels(null);
    forceDenseStep(null);
  }
}

/** The suites, for the backend the caller has set. */
export function hostKernelSuites(tf: Tf): void {
  afterEach(() => forceHostKernels(null));

  describe("host kernels", () => {
    it("run by default on this backend, and not when forced off", () => {
      expect(useHostKernels(tf)).toBe(true);
      expect(withHost(false, () => useHostKernels(tf))).toBe(false);
    });

    it("update large networks with tfjs ops on WebAssembly only", () => {
      const small = tf.tidy(() => tf.variable(tf.zeros([WASM_FUSED_UPDATE_MAX_PARAMS]), false));
      const large = tf.tidy(() => tf.variable(tf.zeros([WASM_FUSED_UPDATE_MAX_PARAMS + 1]), false));
      expect(useFusedUpdate(tf, [small])).toBe(true);
      expect(useFusedUpdate(tf, [large])).toBe(tf.getBackend() !== "wasm");
      expect(withHost(false, () => useFusedUpdate(tf, [small]))).toBe(false);
      small.dispose();
      large.dispose();
    });

    const rules: [string, Partial<OptimizerConfig> & { name: OptimizerName }][] = [
      ["sgd", { name: "sgd" }],
      ["momentum", { name: "momentum" }],
      ["nesterov", { name: "nesterov" }],
      ["rmsprop", { name: "rmsprop", momentum: 0 }],
      ["rmsprop with momentum", { name: "rmsprop", momentum: 0.5 }],
      ["adam", { name: "adam" }],
      ["adamw (decay on the kernel only)", { name: "adamw" }],
      ["adagrad", { name: "adagrad" }],
    ];
    for (const [label, over] of rules) {
      it(`update the weights as the ops do after 30 steps: ${label}`, () => {
        const config = { ...OPTIMIZER, ...over };
        const before = tf.memory().numTensors;
        const start = optimizedWeights(tf, config, true, 0);
        const host = optimizedWeights(tf, config, true, 30);
        const ops = optimizedWeights(tf, config, false, 30);
        expect(tf.memory().numTensors).toBe(before);
        expect(maxRelativeDiff(host, start)).toBeGreaterThan(0.01); // the weights did move
        expect(maxRelativeDiff(host, ops)).toBeLessThan(1e-5);
      });
    }

    const cases: [Task, [number, number], (rng: Rng, n: number) => Float32Array][] = [
      ["binary", [9, 1], (rng, n) => Float32Array.from({ length: n }, () => (rng.next() < 0.5 ? 0 : 1))],
      [
        "multiclass",
        [7, 4],
        (rng, n) =>
          Float32Array.from({ length: n }, (_, i) => (i % 4 === Math.floor(rng.next() * 4) ? 1 : 0)),
      ],
      ["regression", [8, 1], (rng, n) => randomValues(rng, n, 3)],
    ];
    for (const [task, shape, targets] of cases) {
      it(`compute the loss, its gradient and the metric as the ops do: ${task}`, () => {
        const rng = new Rng(5);
        const n = shape[0] * shape[1];
        // Large logits too, where a naive formula would overflow.
        const z = randomValues(rng, n, 4);
        z[0] = 60;
        z[n - 1] = -60;
        const y = targets(rng, n);
        const before = tf.memory().numTensors;
        const host = lossParts(tf, task, z, y, shape, true);
        const ops = lossParts(tf, task, z, y, shape, false);
        expect(tf.memory().numTensors).toBe(before);
        expect(Number.isFinite(host.loss)).toBe(true);
        expect(maxRelativeDiff([host.loss, host.metric], [ops.loss, ops.metric])).toBeLessThan(1e-6);
        expect(maxRelativeDiff(host.grad, ops.grad)).toBeLessThan(1e-6);
      });
    }

    it("cut a batch's rows in the given order", () => {
      const x = tf.tensor2d([0, 1, 10, 11, 20, 21, 30, 31], [4, 2]);
      const y = tf.tensor2d([0, 1, 2, 3], [4, 1]);
      const [xb, yb] = batchRows(tf, x, y, [3, 0, 2, 1], 1, 2);
      expect(Array.from(xb.dataSync())).toEqual([0, 1, 20, 21]);
      expect(Array.from(yb.dataSync())).toEqual([0, 2]);
      expect(() => batchRows(tf, x, y, [3, 9], 0, 2)).toThrow(/row 9 is outside \[0, 4\)/);
      [x, y, xb, yb].forEach((t) => t.dispose());
    });

    const runs: [string, Partial<Test2DConfig>][] = [
      ["binary, Adam", {}],
      [
        "multi-class, AdamW, batch norm, dropout, L2",
        {
          data: { ...testConfig().data, generator: "multiclass", classes: 3, samples: 150 },
          optimizer: { ...OPTIMIZER, name: "adamw" },
          model: { ...testConfig().model, batchNorm: true, dropout: 0.2, l2: 0.001 },
        },
      ],
      [
        "regression, Nesterov",
        {
          data: { ...testConfig().data, generator: "reg-plane", samples: 200 },
          optimizer: { ...OPTIMIZER, name: "nesterov" },
          learningRate: 0.01,
        },
      ],
    ];
    for (const [label, over] of runs) {
      it(`train the same losses, epoch by epoch, as the ops, without leaking tensors: ${label}`, async () => {
        const config = testConfig({ ...over, epochs: 4, backend: tf.getBackend() as TrainConfig["backend"] });
        const host = await trainedWith(tf, true, config);
        const ops = await trainedWith(tf, false, config);
        expect(host.reports.length).toBe(4);
        expect(maxRelativeDiff(lossCurve(host.reports), lossCurve(ops.reports))).toBeLessThan(1e-4);
      });
    }
  });
}
