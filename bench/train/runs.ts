/**
 * The measurements, driven from Node through the page's `window.trainBench`: one call per run, so
 * the order (trainer, model.fit, matMul loops, then again) is decided here and progress is printed
 * as it goes. A backend that fails or hangs is reported as such, and the others still run.
 */
import type { Page } from "playwright-core";
import type { BackendName } from "../../src/shared/train";
import type { MatmulForm } from "./baseline.worker";
import { rendererCpuSeconds, rendererCpuSecondsByThread, rendererThreadCpuSeconds } from "./cpu-usage";
import { denseShapes, parallelTrialCases, throughputCases, type ThroughputCase } from "./cases";
import type { FitTiming } from "./fit-baseline";
import {
  matmulFlopsPerSec,
  matmulSteps,
  median,
  samplesPerSec,
  trainCount,
  trainingFlopsPerSec,
} from "./measure";
import type { ParallelTiming, PoolVariant, SessionInfo, TrainerTiming } from "./page";
import { kernelTable, type BackendOutcome, type CaseResult, type ParallelOutcome } from "./report";

export interface RunOptions {
  quick: boolean;
  reps: number;
  /** Also time the parallel trials with host kernels off (tfjs ops only), alternating, in the same run. */
  hostKernels?: boolean;
}

/** Iterations of the plain-JavaScript control loop: about a second on this machine. */
const CONTROL_ITERATIONS = 40_000_000;

/** A hung backend must not hang the bench: each page call gets a deadline. */
const CALL_TIMEOUT_MS = 240_000;

export const log = (msg: string): void =>
  console.log(`[${(performance.now() / 1000).toFixed(0).padStart(4)} s] ${msg}`);

export function message(err: unknown): string {
  return String(err instanceof Error ? err.message : err).replace(/\s+/g, " ");
}

export async function call<T>(
  page: Page,
  what: string,
  fn: (arg: unknown) => Promise<T>,
  arg?: unknown,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took longer than ${CALL_TIMEOUT_MS / 1000} s`)),
      CALL_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([page.evaluate(fn, arg), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function runTrainer(page: Page, c: ThroughputCase): Promise<TrainerTiming> {
  return call(page, "trainer run", (x) => window.trainBench.runTrainer(x as ThroughputCase), c);
}

function runFit(page: Page, c: ThroughputCase): Promise<FitTiming> {
  return call(page, "model.fit run", (x) => window.trainBench.runFit(x as ThroughputCase), c);
}

function runMatmul(page: Page, c: ThroughputCase, steps: number, form: MatmulForm): Promise<number> {
  const args = { shapes: denseShapes(c), batch: c.batchSize, steps, form };
  return call(
    page,
    "matMul loop",
    (x) => {
      const a = x as typeof args;
      return window.trainBench.runMatmul(a.shapes, a.batch, a.steps, a.form);
    },
    args,
  );
}

const gflops = (x: number | undefined): string => ((x ?? NaN) / 1e9).toFixed(2);

async function measureCase(page: Page, c: ThroughputCase, reps: number): Promise<CaseResult> {
  // Untimed warm-up of each side: JIT tiers, shader compilation, buffer pools.
  const warmUp = { ...c, epochs: 2 };
  await runTrainer(page, warmUp);
  await runFit(page, warmUp);
  const steps = matmulSteps(c);
  if (c.matmulCeiling) {
    await runMatmul(page, c, 2, "autodiff");
    await runMatmul(page, c, 2, "explicit");
  }

  const result: CaseResult = {
    case: c,
    trainerSamplesPerSec: [],
    fitSamplesPerSec: [],
    trainerFlopsPerSec: [],
    matmulFlopsPerSec: { autodiff: [], explicit: [] },
    trainerValAccuracy: NaN,
    fitValAccuracy: NaN,
  };
  for (let rep = 1; rep <= reps; rep++) {
    const trainer = await runTrainer(page, c);
    const fit = await runFit(page, c);
    result.trainerSamplesPerSec.push(samplesPerSec(c, trainer.epochEnds));
    result.trainerFlopsPerSec.push(trainingFlopsPerSec(c, trainer.epochEnds));
    result.fitSamplesPerSec.push(samplesPerSec(c, fit.epochEnds));
    result.trainerValAccuracy = trainer.finalValAccuracy;
    result.fitValAccuracy = fit.finalValAccuracy;
    let line =
      `  ${c.id} rep ${rep}: trainer ${Math.round(result.trainerSamplesPerSec.at(-1)!)} samples/s, ` +
      `fit ${Math.round(result.fitSamplesPerSec.at(-1)!)} samples/s`;
    if (c.matmulCeiling) {
      for (const form of ["autodiff", "explicit"] as const) {
        const ms = await runMatmul(page, c, steps, form);
        result.matmulFlopsPerSec[form].push(matmulFlopsPerSec(c, steps, ms));
      }
      line +=
        `; GFLOP/s: trainer ${gflops(result.trainerFlopsPerSec.at(-1))}, matMul loop ` +
        `${gflops(result.matmulFlopsPerSec.autodiff.at(-1))} (autodiff's calls) / ` +
        `${gflops(result.matmulFlopsPerSec.explicit.at(-1))} (explicit transposes)`;
    }
    log(line);
  }
  const [trainerTensors, baselineTensors] = await call(page, "tensor count", () =>
    window.trainBench.tensorCounts(),
  );
  log(
    `  ${c.id}: ${trainCount(c)} training samples, median ratio ` +
      `${(median(result.trainerSamplesPerSec) / median(result.fitSamplesPerSec)).toFixed(2)}; ` +
      `final val accuracy trainer ${result.trainerValAccuracy.toFixed(3)}, fit ${result.fitValAccuracy.toFixed(3)}; ` +
      `live tensors after the runs: trainer ${trainerTensors}, baseline ${baselineTensors}`,
  );
  return result;
}

/** Every throughput case on one backend, or why the backend could not be measured. */
export async function measureBackend(
  page: Page,
  backend: BackendName,
  options: RunOptions,
): Promise<BackendOutcome> {
  let info: SessionInfo;
  try {
    info = await call(page, `starting ${backend}`, (b) => window.trainBench.open(b as BackendName), backend);
  } catch (err) {
    log(`${backend}: not available (${message(err)})`);
    return { backend, available: false, note: message(err), cases: [] };
  }
  log(`${backend}: ${info.trainer.reason}${info.trainer.adapter ? ` — ${info.trainer.adapter}` : ""}`);
  const outcome: BackendOutcome = { backend, available: true, note: info.trainer.adapter ?? "", cases: [] };
  try {
    for (const c of throughputCases(backend)) {
      outcome.cases.push(await measureCase(page, c, options.reps));
    }
  } catch (err) {
    const note = `failed while measuring: ${message(err)}`;
    log(`${backend}: ${note}`);
    return { backend, available: false, note, cases: [] };
  } finally {
    await call(page, "closing the session", () => window.trainBench.close()).catch(() => undefined);
  }
  return outcome;
}

/** "name ms, name ms…": CPU milliseconds per trial of each renderer thread name between two readings. */
function threadBreakdown(
  before: Map<string, number> | null,
  after: Map<string, number> | null,
  trials: number,
): string {
  if (!before || !after) return "n/a";
  return [...after.entries()]
    .map(([name, s]) => [name, ((s - (before.get(name) ?? 0)) * 1000) / trials] as const)
    .filter(([, ms]) => ms >= 0.5)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
    .join(", ");
}

/**
 * Trials per minute with one and with two trainer workers on `backend` (WebAssembly, with the
 * parallel trial cases, unless told), alternating with the control loop.
 */
export async function measureParallel(
  page: Page,
  options: RunOptions,
  backend: BackendName = "wasm",
  cases: ThroughputCase[] = parallelTrialCases(options.quick),
): Promise<ParallelOutcome> {
  const trialsPerWorkerOf = (trial: ThroughputCase): number =>
    trial.trialsPerWorker ?? (options.quick ? 2 : 4);
  const variants: PoolVariant[] = options.hostKernels && backend === "wasm" ? ["app", "ops"] : ["app"];
  // One row per trial case and variant, in that order.
  const rows = cases.flatMap((trial) => variants.map((variant) => ({ trial, variant })));
  const outcome: ParallelOutcome = {
    backend,
    trials: rows.map(({ trial, variant }) => ({
      label: variant === "app" ? trial.label : `${trial.label}, host kernels off (tfjs ops only)`,
      trialsPerWorker: trialsPerWorkerOf(trial),
      oneWorker: [],
      twoWorkers: [],
      coresBusy: { one: [], two: [] },
      cpuPerTrial: { worker: [], other: [] },
    })),
    controlOne: [],
    controlTwo: [],
  };
  try {
    await call(
      page,
      `starting 2 ${backend} workers per variant (${variants.join(", ")})`,
      (x) => {
        const a = x as { trials: ThroughputCase[]; variants: PoolVariant[]; backend: BackendName };
        return window.trainBench.openPool(2, a.trials, a.variants, a.backend);
      },
      { trials: cases, variants, backend },
    );
    const perMinute = (t: ParallelTiming) => t.trials / (t.ms / 60_000);
    const trainTrials = (workers: number, trial: ThroughputCase, variant: PoolVariant) =>
      call(
        page,
        `${workers}-worker trials (${variant})`,
        (x) => {
          const a = x as {
            workers: number;
            trialsPerWorker: number;
            trial: ThroughputCase;
            variant: PoolVariant;
          };
          return window.trainBench.runParallel(a.workers, a.trialsPerWorker, a.trial, a.variant);
        },
        { workers, trialsPerWorker: trialsPerWorkerOf(trial), trial, variant },
      );
    // Trials per minute, the renderer's busy cores meanwhile (workers plus V8's shared threads), and
    // CPU milliseconds per trial on the worker threads and on all other threads.
    const run = async (workers: number, trial: ThroughputCase, variant: PoolVariant) => {
      const cpuBefore = rendererCpuSeconds();
      const threadsBefore = rendererThreadCpuSeconds();
      const byThreadBefore = rendererCpuSecondsByThread();
      const started = performance.now();
      const timing = await trainTrials(workers, trial, variant);
      const cpuAfter = rendererCpuSeconds();
      const threadsAfter = rendererThreadCpuSeconds();
      const byThreadAfter = rendererCpuSecondsByThread();
      const wallSec = (performance.now() - started) / 1000;
      const cores = cpuBefore === null || cpuAfter === null ? NaN : (cpuAfter - cpuBefore) / wallSec;
      const perTrialMs = (key: "workers" | "other") =>
        threadsBefore === null || threadsAfter === null
          ? NaN
          : ((threadsAfter[key] - threadsBefore[key]) * 1000) / timing.trials;
      return {
        rate: perMinute(timing),
        cores,
        worker: perTrialMs("workers"),
        other: perTrialMs("other"),
        byThread: threadBreakdown(byThreadBefore, byThreadAfter, timing.trials),
      };
    };
    const control = (workers: number) =>
      call(
        page,
        `${workers}-worker control loop`,
        (x) => {
          const a = x as { workers: number; iterations: number };
          return window.trainBench.runControl(a.workers, a.iterations);
        },
        { workers, iterations: CONTROL_ITERATIONS },
      );
    await control(2); // warm-up: JIT and worker start-up
    for (let rep = 1; rep <= options.reps; rep++) {
      outcome.controlOne.push(perMinute(await control(1)));
      outcome.controlTwo.push(perMinute(await control(2)));
      const parts = [`plain loop ${(outcome.controlTwo.at(-1)! / outcome.controlOne.at(-1)!).toFixed(2)}×`];
      for (const [i, { trial, variant }] of rows.entries()) {
        const scaling = outcome.trials[i];
        const one = await run(1, trial, variant);
        const two = await run(2, trial, variant);
        scaling.oneWorker.push(one.rate);
        scaling.twoWorkers.push(two.rate);
        scaling.coresBusy.one.push(one.cores);
        scaling.coresBusy.two.push(two.cores);
        scaling.cpuPerTrial!.worker.push(one.worker);
        scaling.cpuPerTrial!.other.push(one.other);
        parts.push(
          `${trial.id}${variant === "app" ? "" : ` (${variant})`} ${one.rate.toFixed(1)} → ${two.rate.toFixed(1)} ` +
            `trials/min (cores busy ${one.cores.toFixed(2)} → ${two.cores.toFixed(2)}; 1 worker: ` +
            `${one.worker.toFixed(0)} ms CPU per trial on the worker, ${one.other.toFixed(0)} ms elsewhere; ` +
            `ms CPU per trial by thread, 1 worker: ${one.byThread}; 2 workers: ${two.byThread})`,
        );
      }
      log(`  parallel rep ${rep} (${backend}): ${parts.join("; ")}`);
    }
  } catch (err) {
    outcome.error = message(err);
    log(`parallel trials on ${backend}: ${outcome.error}`);
  } finally {
    await call(page, "closing the pool", () => window.trainBench.closePool()).catch(() => undefined);
  }
  return outcome;
}

/** Prints, per backend and case, the kernels the trainer and model.fit dispatch per training step. */
export async function printProfiles(page: Page, backends: BackendName[]): Promise<void> {
  for (const backend of backends) {
    for (const full of throughputCases(backend)) {
      // tf.profile keeps a record per kernel and takes their max with a spread: 30 steps per epoch
      // and 2 epochs keep that list far below the call-stack limit.
      const stepsPerEpoch = 30;
      const c = {
        ...full,
        epochs: 2,
        samples: Math.min(full.samples, Math.round((stepsPerEpoch * full.batchSize) / full.trainRatio)),
      };
      const title = `${backend}, ${c.label}, ${trainCount(c)} training samples, ${c.epochs} epochs`;
      try {
        const p = await call(
          page,
          `profiling ${backend}`,
          (x) => {
            const a = x as { backend: BackendName; c: ThroughputCase };
            return window.trainBench.profile(a.backend, a.c);
          },
          { backend, c },
        );
        const steps = Math.ceil(trainCount(c) / c.batchSize) * c.epochs;
        console.log(`\n### ${title}\n\n${kernelTable(p.trainer, p.fit, steps)}`);
        if (!p.trainer.timed || !p.fit.timed) console.log("\n(this backend could not time every kernel)");
      } catch (err) {
        console.log(`\n### ${title}: ${message(err)}`);
      }
    }
  }
}
