/**
 * Gradient-descent update rules written with tfjs ops. The learning rate is an argument of every
 * step (tfjs's own optimizers fix it at construction), so a schedule can set it each step; slot
 * variables are created once and updated with assign, so a step allocates nothing that survives it.
 * Conventions follow PyTorch/tfjs: momentum buffers accumulate gradients (not lr-scaled steps),
 * Adam's bias correction is applied per step, and AdamW's weight decay is decoupled from the
 * gradient (w ← w − lr·wd·w, applied to kernels only, not to biases or batch-norm parameters).
 * On the CPU backend, and on WebAssembly for networks up to WASM_FUSED_UPDATE_MAX_PARAMS parameters,
 * the same update runs as one kernel per step (optimizer-kernel.ts); the ops below are the path
 * elsewhere and the reference in tests.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { OptimizerConfig, OptimizerName } from "../src/shared/train";
import type { Tf } from "./model";
import { fusedUpdate, useFusedUpdate, type UpdateRule } from "./optimizer-kernel";

type Variable = tfjs.Variable;
type Tensor = tfjs.Tensor;

export const OPTIMIZER_NAMES: OptimizerName[] = [
  "sgd",
  "momentum",
  "nesterov",
  "rmsprop",
  "adam",
  "adamw",
  "adagrad",
];

/** Adagrad's starting accumulator (the value Keras and tfjs use), which tames the first steps. */
const ADAGRAD_INITIAL_ACCUMULATOR = 0.1;

export interface Optimizer {
  /** Applies one update: `grads[i]` is the gradient of `variables[i]`; `lr` the rate of this step. */
  step(grads: Tensor[], lr: number): void;
  /** Frees the slot variables. */
  dispose(): void;
}

/** A parameter and whether decoupled weight decay applies to it. */
export interface OptimizedParam {
  variable: Variable;
  decay: boolean;
}

function inRange(name: string, value: number, low: number, high: number, highOpen: boolean): void {
  const ok = typeof value === "number" && value >= low && (highOpen ? value < high : value <= high);
  if (!ok) {
    throw new Error(
      `Optimizer ${name} must be in [${low}, ${high}${highOpen ? ")" : "]"}, got ${String(value)}`,
    );
  }
}

/** Throws an Error naming the field and value if an optimizer's own parameters are unusable. */
export function validateOptimizer(config: OptimizerConfig): void {
  if (!OPTIMIZER_NAMES.includes(config?.name)) {
    throw new Error(
      `Unknown optimizer "${String(config?.name)}" (expected one of ${OPTIMIZER_NAMES.join(", ")})`,
    );
  }
  const { name } = config;
  if (name === "momentum" || name === "nesterov" || name === "rmsprop")
    inRange("momentum", config.momentum, 0, 1, true);
  if (name === "adam" || name === "adamw") {
    inRange("beta1", config.beta1, 0, 1, true);
    inRange("beta2", config.beta2, 0, 1, true);
  }
  if (name === "rmsprop") inRange("rho", config.rho, 0, 1, true);
  if (name === "rmsprop" || name === "adam" || name === "adamw" || name === "adagrad") {
    if (typeof config.epsilon !== "number" || !(config.epsilon > 0 && config.epsilon < 1)) {
      throw new Error(`Optimizer epsilon must be in (0, 1), got ${String(config.epsilon)}`);
    }
  }
  if (name === "adamw") inRange("weight decay", config.weightDecay, 0, 1, false);
}

/** Creates the optimizer named in `config` for `params`, with its slot variables. */
export function createOptimizer(tf: Tf, config: OptimizerConfig, params: OptimizedParam[]): Optimizer {
  validateOptimizer(config);
  const variables = params.map((p) => p.variable);
  const fused = useFusedUpdate(tf, variables);
  const owned: tfjs.Tensor[] = [];
  const slot = (initial = 0): Variable[] =>
    variables.map((v) => {
      const s = tf.tidy(() => tf.variable(tf.fill(v.shape, initial), false));
      owned.push(s);
      return s;
    });
  // Constant factors are uploaded once, not on every step (each number operand is a new tensor).
  const constant = (x: number): tfjs.Scalar => {
    const c = tf.scalar(x);
    owned.push(c);
    return c;
  };
  const dispose = (): void => owned.forEach((t) => t.dispose());
  const update = (
    values: number[],
    body: (v: Variable, g: Tensor, i: number, ...perStep: tfjs.Scalar[]) => void,
    grads: Tensor[],
  ) =>
    tf.tidy(() => {
      const perStep = values.map((x) => tf.scalar(x));
      variables.forEach((v, i) => body(v, grads[i], i, ...perStep));
    });
  const noDecay = params.map(() => false);
  /** The same update as one kernel (optimizer-kernel.ts), on the backends that have it. */
  const fusedStep =
    (rule: UpdateRule, slots: Variable[][], decay = noDecay) =>
    (grads: Tensor[], constants: number[]): void =>
      fusedUpdate(tf, rule, variables, grads, slots, constants, decay);

  switch (config.name) {
    case "sgd": {
      if (fused) {
        const step = fusedStep("sgd", []);
        return { step: (grads, lr) => step(grads, [lr]), dispose };
      }
      return {
        step: (grads, lr) => update([lr], (v, g, _, rate) => v.assign(tf.sub(v, tf.mul(g, rate))), grads),
        dispose,
      };
    }

    case "momentum":
    case "nesterov": {
      const buffers = slot();
      const nesterov = config.name === "nesterov";
      if (fused) {
        const step = fusedStep(config.name, [buffers]);
        return { step: (grads, lr) => step(grads, [lr, config.momentum]), dispose };
      }
      const momentum = constant(config.momentum);
      return {
        step: (grads, lr) =>
          update(
            [lr],
            (v, g, i, rate) => {
              const buf = tf.add(tf.mul(buffers[i], momentum), g);
              buffers[i].assign(buf);
              const direction = nesterov ? tf.add(g, tf.mul(buf, momentum)) : buf;
              v.assign(tf.sub(v, tf.mul(direction, rate)));
            },
            grads,
          ),
        dispose,
      };
    }

    case "rmsprop": {
      const meanSquares = slot();
      const withMomentum = config.momentum > 0;
      const buffers = withMomentum ? slot() : [];
      const factors = [config.rho, 1 - config.rho, config.epsilon, config.momentum];
      if (fused) {
        const step = fusedStep("rmsprop", withMomentum ? [meanSquares, buffers] : [meanSquares]);
        return { step: (grads, lr) => step(grads, [lr, ...factors]), dispose };
      }
      const [rho, oneMinusRho, epsilon, momentum] = factors.map(constant);
      return {
        step: (grads, lr) =>
          update(
            [lr],
            (v, g, i, rate) => {
              const ms = tf.add(tf.mul(meanSquares[i], rho), tf.mul(tf.square(g), oneMinusRho));
              meanSquares[i].assign(ms);
              const scaled = tf.div(g, tf.add(tf.sqrt(ms), epsilon));
              if (withMomentum) {
                const buf = tf.add(tf.mul(buffers[i], momentum), scaled);
                buffers[i].assign(buf);
                v.assign(tf.sub(v, tf.mul(buf, rate)));
              } else {
                v.assign(tf.sub(v, tf.mul(scaled, rate)));
              }
            },
            grads,
          ),
        dispose,
      };
    }

    case "adam":
    case "adamw": {
      const firstMoments = slot();
      const secondMoments = slot();
      const { beta1, beta2, epsilon } = config;
      const factors = [beta1, 1 - beta1, beta2, 1 - beta2];
      const decay = config.name === "adamw" ? config.weightDecay : 0;
      let t = 0;
      /** [step size, epsilon, decay rate] of the next step. */
      const perStep = (lr: number): number[] => {
        t++;
        const correction1 = 1 - Math.pow(beta1, t);
        const correction2 = 1 - Math.pow(beta2, t);
        // Bias correction folded into the step size and epsilon: lr·m̂/(√v̂ + ε) =
        // (lr·√c2/c1)·m/(√v + ε·√c2), one scalar each instead of two divisions per weight.
        return [(lr * Math.sqrt(correction2)) / correction1, epsilon * Math.sqrt(correction2), lr * decay];
      };
      if (fused) {
        const decays = params.map((p) => decay > 0 && p.decay);
        const step = fusedStep("adam", [firstMoments, secondMoments], decays);
        return { step: (grads, lr) => step(grads, [...perStep(lr), ...factors]), dispose };
      }
      const [b1, oneMinusB1, b2, oneMinusB2] = factors.map(constant);
      return {
        step: (grads, lr) =>
          update(
            perStep(lr),
            (v, g, i, size, eps, decayRate) => {
              const m = tf.add(tf.mul(firstMoments[i], b1), tf.mul(g, oneMinusB1));
              const s = tf.add(tf.mul(secondMoments[i], b2), tf.mul(tf.square(g), oneMinusB2));
              firstMoments[i].assign(m);
              secondMoments[i].assign(s);
              let next = tf.sub(v, tf.mul(tf.div(m, tf.add(tf.sqrt(s), eps)), size));
              if (decay > 0 && params[i].decay) next = tf.sub(next, tf.mul(v, decayRate));
              v.assign(next);
            },
            grads,
          ),
        dispose,
      };
    }

    case "adagrad": {
      const accumulators = slot(ADAGRAD_INITIAL_ACCUMULATOR);
      if (fused) {
        const step = fusedStep("adagrad", [accumulators]);
        return { step: (grads, lr) => step(grads, [lr, config.epsilon]), dispose };
      }
      const epsilon = constant(config.epsilon);
      return {
        step: (grads, lr) =>
          update(
            [lr],
            (v, g, i, rate) => {
              const acc = tf.add(accumulators[i], tf.square(g));
              accumulators[i].assign(acc);
              v.assign(tf.sub(v, tf.mul(tf.div(g, tf.add(tf.sqrt(acc), epsilon)), rate)));
            },
            grads,
          ),
        dispose,
      };
    }
  }
}
