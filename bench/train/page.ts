/// <reference types="vite/client" />
/**
 * The benchmark page. It owns the workers and exposes `window.trainBench`, which the Node driver
 * (bench/train-bench.ts) calls one measurement at a time, so the driver decides the order (A B A B)
 * and prints progress. The trainer runs in the app's own worker, created and called exactly as the
 * app does (module Worker, comlink, onEpoch through Comlink.proxy).
 */
import * as Comlink from "comlink";
import type { BackendInfo, BackendName, EpochReport, TrainConfig } from "../../src/shared/train";
import type { TrainWorkerApi } from "../../workers/train.worker";
import type { DenseMethod } from "../../workers/dense-op";
import type { BaselineWorkerApi, MatmulForm } from "./baseline.worker";
import type { DenseMethodWorkerApi } from "./dense-method.worker";
import type { FitTiming } from "./fit-baseline";
import type { KernelProfile, ProfileWorkerApi } from "./profile.worker";
import { throughputConfig, type ThroughputCase } from "./cases";

/** When each epoch's report reached the page (page clock), and how well the model ended up doing. */
export interface TrainerTiming {
  epochEnds: number[];
  finalValAccuracy: number;
}

export interface SessionInfo {
  trainer: BackendInfo;
  baseline: BackendInfo;
}

export interface ParallelTiming {
  workers: number;
  trials: number;
  ms: number;
}

interface Handle<T> {
  worker: Worker;
  api: Comlink.Remote<T>;
}

function trainWorker(): Handle<TrainWorkerApi> {
  const worker = new Worker(new URL("../../workers/train.worker.ts", import.meta.url), { type: "module" });
  return { worker, api: Comlink.wrap<TrainWorkerApi>(worker) };
}

function baselineWorker(): Handle<BaselineWorkerApi> {
  const worker = new Worker(new URL("./baseline.worker.ts", import.meta.url), { type: "module" });
  return { worker, api: Comlink.wrap<BaselineWorkerApi>(worker) };
}

let session: {
  backend: BackendName;
  trainer: Handle<TrainWorkerApi>;
  baseline: Handle<BaselineWorkerApi>;
} | null = null;
/**
 * Trainer workers for the parallel trials: "app" the app's own worker, as the app runs it; "ops" the
 * same trainer with host kernels turned off (tfjs ops only), for `--host-kernels`.
 */
export type PoolVariant = "app" | "ops";
let pools: Partial<Record<PoolVariant, Handle<TrainWorkerApi | DenseMethodWorkerApi>[]>> = {};
/** The backend the pools train on (openPool's choice). */
let poolBackend: BackendName = "wasm";
/** One trainer worker per dense method, for `--dense-methods`. */
let denseWorkers: { backend: BackendName; byMethod: Map<DenseMethod, Handle<DenseMethodWorkerApi>> } | null =
  null;
/** Plain-JavaScript workers beside the pool, for the machine's own two-core speed-up. */
let controls: Handle<BaselineWorkerApi>[] = [];

function requireSession(): NonNullable<typeof session> {
  if (!session) throw new Error("No benchmark session is open: call trainBench.open(backend) first");
  return session;
}

async function trainOnce(
  api: Comlink.Remote<TrainWorkerApi | DenseMethodWorkerApi>,
  config: TrainConfig,
): Promise<TrainerTiming> {
  const epochEnds: number[] = [];
  // The report's own epochMs would leave out the hop to the page; the arrival time includes it.
  const result = await api.train(
    config,
    Comlink.proxy((_report: EpochReport) => void epochEnds.push(performance.now())),
  );
  if (result.status !== "completed") {
    throw new Error(`The trainer did not complete its benchmark run: ${result.status} (${result.message})`);
  }
  return { epochEnds, finalValAccuracy: result.finalValMetric };
}

const trainBench = {
  /** Starts a trainer worker and a baseline worker on `backend`; both must really run on it. */
  async open(backend: BackendName): Promise<SessionInfo> {
    await trainBench.close();
    const trainer = trainWorker();
    const baseline = baselineWorker();
    try {
      const info = { trainer: await trainer.api.init(backend), baseline: await baseline.api.init(backend) };
      if (info.trainer.name !== backend || info.baseline.name !== backend) {
        throw new Error(`${backend} is not available here: ${info.trainer.reason}`);
      }
      session = { backend, trainer, baseline };
      return info;
    } catch (err) {
      trainer.worker.terminate();
      baseline.worker.terminate();
      throw err;
    }
  },

  /** One run of the app's trainer on the open session's backend. */
  async runTrainer(c: ThroughputCase): Promise<TrainerTiming> {
    const s = requireSession();
    return trainOnce(s.trainer.api, throughputConfig(c, s.backend));
  },

  /** One model.fit run of the same case. */
  async runFit(c: ThroughputCase): Promise<FitTiming> {
    return requireSession().baseline.api.fit(c);
  },

  async runMatmul(
    shapes: [number, number][],
    batch: number,
    steps: number,
    form: MatmulForm,
  ): Promise<number> {
    return requireSession().baseline.api.matmulLoop(shapes, batch, steps, form);
  },

  /** Live tensors in [trainer, baseline], to show neither side leaks across repetitions. */
  async tensorCounts(): Promise<[number, number]> {
    const s = requireSession();
    return [await s.trainer.api.numTensors(), await s.baseline.api.numTensors()];
  },

  async close(): Promise<void> {
    session?.trainer.worker.terminate();
    session?.baseline.worker.terminate();
    session = null;
  },

  /**
   * Starts `size` trainer workers of each variant on `backend` (WebAssembly unless told) and trains
   * a short warm-up run of each trial in each.
   */
  async openPool(
    size: number,
    trials: ThroughputCase[],
    variants: PoolVariant[] = ["app"],
    backend: BackendName = "wasm",
  ): Promise<BackendInfo[]> {
    await trainBench.closePool();
    poolBackend = backend;
    const infos: BackendInfo[] = [];
    for (const variant of variants) {
      const pool = Array.from({ length: size }, () => {
        if (variant === "app") return trainWorker();
        const worker = new Worker(new URL("./dense-method.worker.ts", import.meta.url), { type: "module" });
        return { worker, api: Comlink.wrap<DenseMethodWorkerApi>(worker) };
      });
      pools[variant] = pool;
      infos.push(...(await Promise.all(pool.map((h) => h.api.init(backend)))));
      const bad = infos.find((i) => i.name !== backend);
      if (bad) throw new Error(`${backend} is not available here: ${bad.reason}`);
      if (variant === "ops") {
        await Promise.all(
          pool.map((h) => (h.api as Comlink.Remote<DenseMethodWorkerApi>).forceHostKernels(false)),
        );
      }
      for (const trial of trials) {
        const warmUp = { ...trial, epochs: 2 };
        await Promise.all(pool.map((h, i) => trainOnce(h.api, throughputConfig(warmUp, backend, 1000 + i))));
      }
    }
    return infos;
  },

  /** The first `workers` workers of a pool each train `trialsPerWorker` trials one after another. */
  async runParallel(
    workers: number,
    trialsPerWorker: number,
    trial: ThroughputCase,
    variant: PoolVariant = "app",
  ): Promise<ParallelTiming> {
    const pool = pools[variant] ?? [];
    if (workers < 1 || workers > pool.length) {
      throw new Error(`Cannot run on ${workers} workers: the ${variant} pool has ${pool.length}`);
    }
    const started = performance.now();
    await Promise.all(
      pool.slice(0, workers).map(async (h, w) => {
        for (let t = 0; t < trialsPerWorker; t++) {
          await trainOnce(h.api, throughputConfig(trial, poolBackend, 1 + w * trialsPerWorker + t));
        }
      }),
    );
    return { workers, trials: workers * trialsPerWorker, ms: performance.now() - started };
  },

  /** The first `workers` control workers each run the same plain-JavaScript loop at once. */
  async runControl(workers: number, iterations: number): Promise<ParallelTiming> {
    if (controls.length < workers)
      controls.push(...Array.from({ length: workers - controls.length }, baselineWorker));
    const started = performance.now();
    await Promise.all(controls.slice(0, workers).map((h) => h.api.busyLoop(iterations)));
    return { workers, trials: workers, ms: performance.now() - started };
  },

  async closePool(): Promise<void> {
    [...Object.values(pools).flat(), ...controls].forEach((h) => h.worker.terminate());
    pools = {};
    controls = [];
  },

  /**
   * Starts one trainer worker per dense method on `backend`, each forced to its method (and host
   * kernels on or off when `hostKernels` is not null), and trains a short warm-up run of every case in each.
   */
  async openDenseMethods(
    backend: BackendName,
    methods: DenseMethod[],
    cases: ThroughputCase[],
    hostKernels: boolean | null = null,
  ): Promise<BackendInfo> {
    await trainBench.closeDenseMethods();
    const byMethod = new Map<DenseMethod, Handle<DenseMethodWorkerApi>>();
    for (const method of methods) {
      const worker = new Worker(new URL("./dense-method.worker.ts", import.meta.url), { type: "module" });
      byMethod.set(method, { worker, api: Comlink.wrap<DenseMethodWorkerApi>(worker) });
    }
    denseWorkers = { backend, byMethod };
    let info: BackendInfo | null = null;
    for (const [method, h] of byMethod) {
      info = await h.api.init(backend);
      if (info.name !== backend) throw new Error(`${backend} is not available here: ${info.reason}`);
      await h.api.forceDenseMethod(method);
      await h.api.forceHostKernels(hostKernels);
      for (const c of cases) await trainOnce(h.api, throughputConfig({ ...c, epochs: 2 }, backend));
    }
    return info!;
  },

  /** One run of the trainer forced to `method` (see openDenseMethods). */
  async runDenseMethod(method: DenseMethod, c: ThroughputCase): Promise<TrainerTiming> {
    const h = denseWorkers?.byMethod.get(method);
    if (!denseWorkers || !h)
      throw new Error(`No trainer worker for dense method "${method}": call openDenseMethods first`);
    return trainOnce(h.api, throughputConfig(c, denseWorkers.backend));
  },

  /** Live tensors in the trainer worker of `method`, to show it does not leak across repetitions. */
  async denseMethodTensors(method: DenseMethod): Promise<number> {
    const h = denseWorkers?.byMethod.get(method);
    if (!h) throw new Error(`No trainer worker for dense method "${method}"`);
    return h.api.numTensors();
  },

  async closeDenseMethods(): Promise<void> {
    denseWorkers?.byMethod.forEach((h) => h.worker.terminate());
    denseWorkers = null;
  },

  /** Kernel profiles of one trainer run and one model.fit run of the case, in a fresh worker. */
  async profile(
    backend: BackendName,
    c: ThroughputCase,
  ): Promise<{ trainer: KernelProfile; fit: KernelProfile }> {
    const worker = new Worker(new URL("./profile.worker.ts", import.meta.url), { type: "module" });
    const api = Comlink.wrap<ProfileWorkerApi>(worker);
    try {
      const info = await api.init(backend);
      if (info.name !== backend) throw new Error(`${backend} is not available here: ${info.reason}`);
      // A first pass of each side (its profile dropped) compiles and allocates, so the kept one shows steady work.
      await api.profile({ ...c, epochs: 1 }, "trainer");
      await api.profile({ ...c, epochs: 1 }, "fit");
      return { trainer: await api.profile(c, "trainer"), fit: await api.profile(c, "fit") };
    } finally {
      worker.terminate();
    }
  },
};

export type TrainBench = typeof trainBench;

declare global {
  interface Window {
    trainBench: TrainBench;
  }
}

window.trainBench = trainBench;
