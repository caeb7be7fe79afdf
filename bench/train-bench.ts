/**
 * Training throughput benchmark, in headless Chromium on every tfjs backend that starts there:
 *  1. the app's trainer worker against a bare tfjs model.fit of the same network (samples/s);
 *  2. the trainer's FLOP/s on a wide MLP against a bare matMul loop of the same products;
 *  3. trials per minute on one and on two WebAssembly workers.
 * Prints a markdown section and writes it into BENCHMARKS.md under "## Training throughput".
 *
 *   npx tsx bench/train-bench.ts [--quick] [--reps N] [--backends webgpu,webgl,wasm,cpu]
 *       [--no-parallel] [--write | --no-write] [--profile]
 * --profile prints, per backend and case, the kernels each side dispatches per training step
 * (and their times where the backend can time them) instead of measuring throughput.
 * A full run writes BENCHMARKS.md unless --no-write; a --quick run only if --write is given.
 */
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import type { BackendName } from "../src/shared/train";
import { chromiumArgs, chromiumPath } from "../e2e/chromium";
import {
  BACKENDS,
  denseShapes,
  parallelTrialCase,
  throughputCases,
  type ThroughputCase,
} from "./train/cases";
import {
  matmulFlopsPerSec,
  matmulSteps,
  median,
  samplesPerSec,
  trainCount,
  trainingFlopsPerSec,
} from "./train/measure";
import type { FitTiming } from "./train/fit-baseline";
import type { SessionInfo, TrainerTiming, ParallelTiming } from "./train/page";
import {
  describeMachine,
  kernelTable,
  trainingSection,
  updateBenchmarksFile,
  type BackendOutcome,
  type CaseResult,
  type ParallelOutcome,
} from "./train/report";
import { REPO_ROOT, serveBenchPage } from "./train/serve";

interface Options {
  quick: boolean;
  reps: number;
  backends: BackendName[];
  parallel: boolean;
  write: boolean;
  /** Print kernel profiles of the trainer and model.fit instead of measuring throughput. */
  profile: boolean;
}

function parseArgs(argv: string[]): Options {
  const quick = argv.includes("--quick");
  const options: Options = {
    quick,
    reps: quick ? 2 : 3,
    backends: BACKENDS,
    parallel: true,
    write: !quick,
    profile: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") continue;
    else if (arg === "--no-parallel") options.parallel = false;
    else if (arg === "--profile") options.profile = true;
    else if (arg === "--write") options.write = true;
    else if (arg === "--no-write") options.write = false;
    else if (arg === "--reps") {
      const reps = Number(argv[++i]);
      if (!Number.isInteger(reps) || reps < 1)
        throw new Error(`--reps needs a positive integer, got "${argv[i]}"`);
      options.reps = reps;
    } else if (arg === "--backends") {
      const names = (argv[++i] ?? "").split(",").filter(Boolean);
      const bad = names.find((n) => !BACKENDS.includes(n as BackendName));
      if (bad || names.length === 0) {
        throw new Error(`--backends takes a list of ${BACKENDS.join(", ")}; got "${argv[i] ?? ""}"`);
      }
      options.backends = names as BackendName[];
    } else {
      throw new Error(`Unknown argument "${arg}" (see the comment at the top of bench/train-bench.ts)`);
    }
  }
  return options;
}

/** A hung backend must not hang the bench: each page call gets a deadline. */
const CALL_TIMEOUT_MS = 240_000;

async function call<T>(
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

const log = (msg: string) => console.log(`[${(performance.now() / 1000).toFixed(0).padStart(4)} s] ${msg}`);

async function runTrainer(page: Page, c: ThroughputCase): Promise<TrainerTiming> {
  return call(page, "trainer run", (x) => window.trainBench.runTrainer(x as ThroughputCase), c);
}

async function runFit(page: Page, c: ThroughputCase): Promise<FitTiming> {
  return call(page, "model.fit run", (x) => window.trainBench.runFit(x as ThroughputCase), c);
}

async function runMatmul(page: Page, c: ThroughputCase, steps: number): Promise<number> {
  const args = { shapes: denseShapes(c), batch: c.batchSize, steps };
  return call(
    page,
    "matMul loop",
    (x) => {
      const a = x as typeof args;
      return window.trainBench.runMatmul(a.shapes, a.batch, a.steps);
    },
    args,
  );
}

async function measureCase(page: Page, c: ThroughputCase, reps: number): Promise<CaseResult> {
  // Untimed warm-up of each side: JIT tiers, shader compilation, buffer pools.
  const warmUp = { ...c, epochs: 2 };
  await runTrainer(page, warmUp);
  await runFit(page, warmUp);
  const steps = matmulSteps(c);
  if (c.matmulCeiling) await runMatmul(page, c, Math.max(1, Math.ceil(steps / 4)));

  const result: CaseResult = {
    case: c,
    trainerSamplesPerSec: [],
    fitSamplesPerSec: [],
    trainerFlopsPerSec: [],
    matmulFlopsPerSec: [],
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
      const ms = await runMatmul(page, c, steps);
      result.matmulFlopsPerSec.push(matmulFlopsPerSec(c, steps, ms));
      line +=
        `, trainer ${(result.trainerFlopsPerSec.at(-1)! / 1e9).toFixed(2)} GFLOP/s, ` +
        `matMul ${(result.matmulFlopsPerSec.at(-1)! / 1e9).toFixed(2)} GFLOP/s`;
    }
    log(line);
  }
  const [trainerTensors, baselineTensors] = await call(page, "tensor count", () =>
    window.trainBench.tensorCounts(),
  );
  log(
    `  ${c.id}: ${trainCount(c)} training samples, median ratio ` +
      `${(median(result.trainerSamplesPerSec) / median(result.fitSamplesPerSec)).toFixed(2)}; final val accuracy ` +
      `trainer ${result.trainerValAccuracy.toFixed(3)}, fit ${result.fitValAccuracy.toFixed(3)}; ` +
      `live tensors after the runs: trainer ${trainerTensors}, baseline ${baselineTensors}`,
  );
  return result;
}

async function measureBackend(page: Page, backend: BackendName, options: Options): Promise<BackendOutcome> {
  let info: SessionInfo;
  try {
    info = await call(page, `starting ${backend}`, (b) => window.trainBench.open(b as BackendName), backend);
  } catch (err) {
    const note = String(err instanceof Error ? err.message : err).replace(/\s+/g, " ");
    log(`${backend}: not available (${note})`);
    return { backend, available: false, note, cases: [] };
  }
  log(`${backend}: ${info.trainer.reason}${info.trainer.adapter ? ` — ${info.trainer.adapter}` : ""}`);
  const outcome: BackendOutcome = { backend, available: true, note: info.trainer.adapter ?? "", cases: [] };
  try {
    for (const c of throughputCases(backend, options.quick)) {
      outcome.cases.push(await measureCase(page, c, options.reps));
    }
  } catch (err) {
    // A backend that starts but then fails (or hangs) is reported as such; the others still run.
    const note = `failed while measuring: ${String(err instanceof Error ? err.message : err).replace(/\s+/g, " ")}`;
    log(`${backend}: ${note}`);
    return { backend, available: false, note, cases: [] };
  } finally {
    await call(page, "closing the session", () => window.trainBench.close()).catch(() => undefined);
  }
  return outcome;
}

async function measureParallel(page: Page, options: Options): Promise<ParallelOutcome> {
  const trial = parallelTrialCase(options.quick);
  const trialsPerWorker = options.quick ? 2 : 4;
  const outcome: ParallelOutcome = {
    trialLabel: trial.label,
    trialsPerWorker,
    oneWorker: [],
    twoWorkers: [],
  };
  try {
    await call(
      page,
      "starting 2 WebAssembly workers",
      (q) => window.trainBench.openPool(2, q as boolean),
      options.quick,
    );
    const run = (workers: number) =>
      call(
        page,
        `${workers}-worker trials`,
        (x) => {
          const a = x as { workers: number; trialsPerWorker: number; quick: boolean };
          return window.trainBench.runParallel(a.workers, a.trialsPerWorker, a.quick);
        },
        { workers, trialsPerWorker, quick: options.quick },
      );
    const perMinute = (t: ParallelTiming) => t.trials / (t.ms / 60_000);
    for (let rep = 1; rep <= options.reps; rep++) {
      outcome.oneWorker.push(perMinute(await run(1)));
      outcome.twoWorkers.push(perMinute(await run(2)));
      log(
        `  parallel rep ${rep}: 1 worker ${outcome.oneWorker.at(-1)!.toFixed(1)} trials/min, ` +
          `2 workers ${outcome.twoWorkers.at(-1)!.toFixed(1)} trials/min`,
      );
    }
  } catch (err) {
    outcome.error = String(err instanceof Error ? err.message : err).replace(/\s+/g, " ");
    log(`parallel trials: ${outcome.error}`);
  } finally {
    await call(page, "closing the pool", () => window.trainBench.closePool()).catch(() => undefined);
  }
  return outcome;
}

async function printProfiles(page: Page, options: Options): Promise<void> {
  for (const backend of options.backends) {
    for (const c of throughputCases(backend, options.quick)) {
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
        console.log(`\n### ${backend}, ${c.label}, ${trainCount(c)} training samples, ${c.epochs} epochs\n`);
        console.log(kernelTable(p.trainer, p.fit, steps));
        if (!p.trainer.timed || !p.fit.timed) console.log("\n(this backend could not time every kernel)");
      } catch (err) {
        console.log(`\n### ${backend}, ${c.label}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  log("building and serving the benchmark page…");
  const server = await serveBenchPage();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const page = await browser.newPage();
    page.on("pageerror", (err) => log(`page error: ${err.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") log(`page console: ${m.text().slice(0, 300)}`);
    });
    await page.goto(server.pageUrl);
    await page.waitForFunction(() => "trainBench" in window);
    const machine = describeMachine(browser.version());
    if (options.profile) {
      await printProfiles(page, options);
      return;
    }

    const outcomes: BackendOutcome[] = [];
    for (const backend of options.backends) outcomes.push(await measureBackend(page, backend, options));
    let parallel: ParallelOutcome | null = null;
    if (options.parallel) {
      log("parallel trials on WebAssembly…");
      parallel = await measureParallel(page, options);
    }

    const minutes = (performance.now() - started) / 60_000;
    const section = trainingSection(machine, outcomes, parallel, {
      reps: options.reps,
      quick: options.quick,
      minutes,
    });
    console.log("\n" + section);
    if (options.write) {
      const file = join(REPO_ROOT, "BENCHMARKS.md");
      updateBenchmarksFile(file, section);
      log(`wrote the "Training throughput" section of ${file}`);
    } else {
      log("BENCHMARKS.md left unchanged (pass --write to update it)");
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
