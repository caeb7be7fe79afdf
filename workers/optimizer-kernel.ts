/**
 * The optimizers' update as one host kernel per step (see host-kernels.ts). Written with tfjs ops,
 * Adam costs ~12 kernels and ~12 new tensors per variable per step; here one loop per variable
 * reads the weight and gradient, updates the slots in place (they belong to the optimizer alone and
 * are never the operand of a matrix product) and writes the new weight into a new tensor. Weights
 * are never changed in place: the WebAssembly backend caches an XNNPACK operator holding packed
 * weights under each weight tensor's id, and a snapshot may share the weight's data.
 * The maths is the op path's in optimizers.ts, constant for constant (rounded to float32 as the op
 * path's scalars are); only the rounding of intermediate values differs (float64 here).
 */
import type * as tfjs from "@tensorflow/tfjs";
import { registerHostKernel, useHostKernels, type HostKernel, type Values } from "./host-kernels";
import type { Tf } from "./model";

export const OPTIMIZER_UPDATE_KERNEL = "TunelabOptimizerUpdate";

/**
 * Above this many parameters the WebAssembly backend's own ops update faster than the JavaScript
 * loop (Adam, alternating in Node: 7→128→128→1, 17k parameters, 0.6 ms against 1.0 ms a step;
 * 7→256→256→1, 68k, 2.3 against 2.2; 7→512→512→1, 266k, 3.7 against 2.5): the per-op overhead
 * the loop saves no longer outweighs its slower arithmetic. The CPU backend's ops are slower still.
 */
export const WASM_FUSED_UPDATE_MAX_PARAMS = 65_536;

/** Whether an optimizer of `variables` updates them with the host kernel. */
export function useFusedUpdate(tf: Tf, variables: tfjs.Variable[]): boolean {
  if (!useHostKernels(tf)) return false;
  if (tf.getBackend() !== "wasm") return true;
  return variables.reduce((n, v) => n + v.size, 0) <= WASM_FUSED_UPDATE_MAX_PARAMS;
}

/**
 * The update rules. Per-step constants, in this order:
 * sgd [lr]; momentum, nesterov [lr, momentum]; rmsprop [lr, rho, 1−rho, epsilon, momentum];
 * adam [stepSize, epsilon·√c2, lr·decay, beta1, 1−beta1, beta2, 1−beta2]; adagrad [lr, epsilon].
 * Slots: momentum/nesterov [buffer]; rmsprop [mean square, buffer (when momentum > 0)];
 * adam [first moment, second moment]; adagrad [accumulator].
 */
export type UpdateRule = "sgd" | "momentum" | "nesterov" | "rmsprop" | "adam" | "adagrad";

/** Computes the new weights into `out` and updates the slots `a`, `b` in place. */
function updateInto(
  rule: UpdateRule,
  out: Values,
  w: Values,
  g: Values,
  a: Values | null,
  b: Values | null,
  k: number[],
  decay: boolean,
): void {
  const n = out.length;
  switch (rule) {
    case "sgd": {
      const lr = k[0];
      for (let i = 0; i < n; i++) out[i] = w[i] - g[i] * lr;
      return;
    }
    case "momentum":
    case "nesterov": {
      const [lr, momentum] = k;
      const buf = a!;
      const nesterov = rule === "nesterov";
      for (let i = 0; i < n; i++) {
        const next = buf[i] * momentum + g[i];
        buf[i] = next;
        out[i] = w[i] - (nesterov ? g[i] + buf[i] * momentum : buf[i]) * lr;
      }
      return;
    }
    case "rmsprop": {
      const [lr, rho, oneMinusRho, epsilon, momentum] = k;
      const ms = a!;
      for (let i = 0; i < n; i++) {
        ms[i] = ms[i] * rho + g[i] * g[i] * oneMinusRho;
        const scaled = g[i] / (Math.sqrt(ms[i]) + epsilon);
        if (b) {
          b[i] = b[i] * momentum + scaled;
          out[i] = w[i] - b[i] * lr;
        } else {
          out[i] = w[i] - scaled * lr;
        }
      }
      return;
    }
    case "adam": {
      const [size, epsilon, decayRate, beta1, oneMinusB1, beta2, oneMinusB2] = k;
      const m = a!;
      const s = b!;
      for (let i = 0; i < n; i++) {
        m[i] = m[i] * beta1 + g[i] * oneMinusB1;
        s[i] = s[i] * beta2 + g[i] * g[i] * oneMinusB2;
        const next = w[i] - (m[i] / (Math.sqrt(s[i]) + epsilon)) * size;
        out[i] = decay ? next - w[i] * decayRate : next;
      }
      return;
    }
    case "adagrad": {
      const [lr, epsilon] = k;
      const acc = a!;
      for (let i = 0; i < n; i++) {
        acc[i] = acc[i] + g[i] * g[i];
        out[i] = w[i] - (g[i] / (Math.sqrt(acc[i]) + epsilon)) * lr;
      }
      return;
    }
  }
}

/** Kernel attributes: the rule, its per-step constants, which variables decay (AdamW), slots per variable. */
interface UpdateAttrs {
  rule: UpdateRule;
  constants: number[];
  decay: boolean[];
  slots: number;
}

const updateKernel: HostKernel = (host, input, attrs) => {
  const { rule, constants, decay, slots } = attrs as unknown as UpdateAttrs;
  const count = decay.length;
  // Every output first: an allocation may detach the views taken before it.
  const outputs = Array.from({ length: count }, (_, i) => host.output(input(`w${i}`).shape));
  for (let i = 0; i < count; i++) {
    const slot = (j: number): Values | null => {
      if (j >= slots) return null;
      const t = input(`s${j}_${i}`);
      if (host.refCount(t) !== 1) throw new Error(`${OPTIMIZER_UPDATE_KERNEL}: slot s${j}_${i} is shared`);
      return host.values(t);
    };
    const w = host.values(input(`w${i}`));
    const g = host.values(input(`g${i}`));
    if (g.length !== w.length)
      throw new Error(`${OPTIMIZER_UPDATE_KERNEL}: gradient ${i} has the wrong size`);
    updateInto(rule, outputs[i].values(), w, g, slot(0), slot(1), constants, decay[i]);
  }
  return outputs.map((o) => o.info);
};

/**
 * Applies one update to every variable in one kernel: `slots[j][i]` is slot j of variable i
 * (updated in place), `constants` the rule's per-step constants (see UpdateRule).
 */
export function fusedUpdate(
  tf: Tf,
  rule: UpdateRule,
  variables: tfjs.Variable[],
  grads: tfjs.Tensor[],
  slots: tfjs.Variable[][],
  constants: number[],
  decay: boolean[],
): void {
  registerHostKernel(tf, OPTIMIZER_UPDATE_KERNEL, updateKernel);
  const inputs: tfjs.NamedTensorMap = {};
  variables.forEach((v, i) => {
    inputs[`w${i}`] = v;
    inputs[`g${i}`] = grads[i];
    slots.forEach((s, j) => (inputs[`s${j}_${i}`] = s[i]));
  });
  // The op path's constants are float32 scalars; the same values here.
  const attrs = { rule, constants: constants.map(Math.fround), decay, slots: slots.length };
  const next = tf.engine().runKernel(OPTIMIZER_UPDATE_KERNEL, inputs, attrs) as tfjs.Tensor[];
  variables.forEach((v, i) => {
    v.assign(next[i]);
    next[i].dispose();
  });
}
