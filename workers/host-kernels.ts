/**
 * Kernels of our own for the backends whose tensors live in JavaScript-reachable memory: the
 * plain-JavaScript CPU backend (typed arrays) and WebAssembly (its heap). For a small network a
 * training step is dominated by per-op bookkeeping rather than arithmetic: every tfjs op dispatches
 * a kernel, makes tensor objects and, on WebAssembly, small ArrayBuffers, whose garbage keeps V8's
 * background threads (and so a second core) busy. A host kernel does in one loop what took many
 * ops: the optimizer update (optimizer-kernel.ts), the loss with its gradient and metric
 * (loss-kernel.ts), cutting a batch's rows (batch-rows.ts), and for small plain dense networks the
 * whole forward and backward pass and the evaluation (dense-step.ts). Other backends keep tfjs ops.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { Tf } from "./model";

/** Backends that run host kernels. */
export const HOST_KERNEL_BACKENDS: readonly string[] = ["cpu", "wasm"];

let forced: boolean | null = null;

/**
 * true: host kernels wherever they run; false: tfjs ops everywhere; null: the backend's own choice
 * (host kernels on CPU and WebAssembly). For tests, which compare both paths, and for benchmarks.
 */
export function forceHostKernels(use: boolean | null): void {
  forced = use;
}

/** Whether the current backend runs host kernels. */
export function useHostKernels(tf: Tf): boolean {
  return forced !== false && HOST_KERNEL_BACKENDS.includes(tf.getBackend());
}

export type Values = Float32Array;

/** What a host kernel needs of a backend: its tensors' values as float32 arrays, and new outputs. */
export interface HostMemory {
  /** The values of a float32 tensor, without a copy (on WebAssembly, a view of the heap). */
  values(t: tfjs.TensorInfo): Values;
  /**
   * Allocates a float32 output. Allocate every output before taking any view: an allocation may
   * grow the WebAssembly heap, which detaches the views taken before it.
   */
  output(shape: number[]): { info: tfjs.TensorInfo; values: () => Values };
  /** How many tensors share this tensor's data. */
  refCount(t: tfjs.TensorInfo): number;
}

/** The parts of tfjs-backend-cpu's MathBackendCPU used here. */
interface CpuBackend {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: "float32", values: Values): tfjs.TensorInfo;
  refCount(dataId: object): number;
}

/** The parts of tfjs-backend-wasm's BackendWasm used here. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: "float32"): tfjs.TensorInfo;
  typedArrayFromHeap(t: tfjs.TensorInfo): Values;
  refCount(dataId: object): number;
}

const sizeOf = (shape: number[]): number => shape.reduce((p, d) => p * d, 1);

function cpuMemory(backend: CpuBackend): HostMemory {
  return {
    values: (t) => backend.data.get(t.dataId).values as Values,
    output: (shape) => {
      const values = new Float32Array(sizeOf(shape));
      return { info: backend.makeTensorInfo(shape, "float32", values), values: () => values };
    },
    refCount: (t) => backend.refCount(t.dataId),
  };
}

function wasmMemory(backend: WasmBackend): HostMemory {
  return {
    values: (t) => backend.typedArrayFromHeap(t),
    output: (shape) => {
      const info = backend.makeOutput(shape, "float32");
      return { info, values: () => backend.typedArrayFromHeap(info) };
    },
    refCount: (t) => backend.refCount(t.dataId),
  };
}

const MEMORIES: Record<string, (backend: unknown) => HostMemory> = {
  cpu: (b) => cpuMemory(b as CpuBackend),
  wasm: (b) => wasmMemory(b as WasmBackend),
};

/** A host kernel: float32 inputs by name, attributes, and the outputs it allocated. */
export type HostKernel = (
  host: HostMemory,
  input: (name: string) => tfjs.TensorInfo,
  attrs: tfjs.NamedAttrMap,
) => tfjs.TensorInfo | tfjs.TensorInfo[];

/** Kernels registered so far, by tfjs instance (a registry lookup per step would cost as much as a small op). */
const registered = new WeakMap<Tf, Set<string>>();

/** Registers `kernel` under `name` for every host backend (once per tfjs instance). */
export function registerHostKernel(tf: Tf, name: string, kernel: HostKernel): void {
  const names = registered.get(tf) ?? new Set<string>();
  registered.set(tf, names);
  if (names.has(name)) return;
  names.add(name);
  for (const backendName of HOST_KERNEL_BACKENDS) {
    if (tf.getKernel(name, backendName)) continue;
    tf.registerKernel({
      kernelName: name,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const input = (key: string): tfjs.TensorInfo => {
          const t = inputs[key];
          if (!t || t.dtype !== "float32") throw new Error(`${name}: no float32 input "${key}"`);
          return t;
        };
        return kernel(MEMORIES[backendName](backend), input, attrs ?? {});
      },
    });
  }
}
