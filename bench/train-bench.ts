/**
 * Training throughput benchmark, in headless Chromium on every tfjs backend that starts there:
 *  1. the app's trainer worker against a bare tfjs model.fit of the same network (samples/s);
 *  2. the trainer's FLOP/s on a wide MLP against a bare matMul loop of the same products;
 *  3. trials per minute on one and on two WebAssembly workers, and on one and two WebGPU and WebGL
 *     workers (what the suggested number of workers on a GPU backend rests on).
 * Prints a markdown section and writes it into BENCHMARKS.md under "## Training throughput".
 *
 *   npx tsx bench/train-bench.ts [--quick] [--reps N] [--backends webgpu,webgl,wasm,cpu]
 *       [--no-parallel | --parallel-only] [--write | --no-write] [--profile] [--dense-methods]
 *       [--host-kernels]
 * A full run writes BENCHMARKS.md unless --no-write; a --quick run (or one limited to some
 * backends or without the parallel part) only with --write. --profile prints, per backend and
 * case, the kernels each side dispatches per training step and their times, instead of measuring.
 * --dense-methods times, instead, the trainer with tfjs's fused dense product against the
 * transposed-gradient one (workers/dense-op.ts) on each backend, alternating, and only prints.
 * --host-kernels also times the parallel trials with host kernels off (workers/host-kernels.ts:
 * tfjs ops only), alternating with the app's own workers in the same run (written only with --write).
 */
import { loadavg } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { BackendName } from "../src/shared/train";
import { chromiumArgs, chromiumPath } from "../e2e/chromium";
import { BACKENDS, gpuWorkerCases } from "./train/cases";
import {
  describeMachine,
  machineLine,
  trainingSection,
  updateBenchmarksFile,
  type BackendOutcome,
  type ParallelOutcome,
} from "./train/report";
import { denseMethodTable, measureDenseMethods } from "./train/dense-methods";
import { log, measureBackend, measureParallel, printProfiles } from "./train/runs";
import { REPO_ROOT, serveBenchPage } from "./train/serve";

interface Options {
  quick: boolean;
  reps: number;
  backends: BackendName[];
  parallel: boolean;
  /** Measure only the parallel trials (no backend throughput). */
  parallelOnly: boolean;
  /** undefined: write only after a complete, full run. */
  write: boolean | undefined;
  profile: boolean;
  denseMethods: boolean;
  hostKernels: boolean;
}

function parseArgs(argv: string[]): Options {
  const quick = argv.includes("--quick");
  const options: Options = {
    quick,
    reps: quick ? 2 : 5,
    backends: BACKENDS,
    parallel: true,
    parallelOnly: false,
    write: undefined,
    profile: false,
    denseMethods: false,
    hostKernels: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") continue;
    else if (arg === "--no-parallel") options.parallel = false;
    else if (arg === "--parallel-only") options.parallelOnly = true;
    else if (arg === "--write") options.write = true;
    else if (arg === "--no-write") options.write = false;
    else if (arg === "--profile") options.profile = true;
    else if (arg === "--dense-methods") options.denseMethods = true;
    else if (arg === "--host-kernels") options.hostKernels = true;
    else if (arg === "--reps") {
      const reps = Number(argv[++i]);
      if (!Number.isInteger(reps) || reps < 1) {
        throw new Error(`--reps needs a positive integer, got "${argv[i] ?? ""}"`);
      }
      options.reps = reps;
    } else if (arg === "--backends") {
      const names = (argv[++i] ?? "").split(",").filter(Boolean);
      const bad = names.find((n) => !BACKENDS.includes(n as BackendName));
      if (bad !== undefined || names.length === 0) {
        throw new Error(
          `--backends takes a comma-separated list of ${BACKENDS.join(", ")}; got "${argv[i] ?? ""}"`,
        );
      }
      options.backends = names as BackendName[];
    } else {
      throw new Error(
        `Unknown argument "${arg}" (the options are listed at the top of bench/train-bench.ts)`,
      );
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const complete =
    !options.quick &&
    options.parallel &&
    !options.parallelOnly &&
    !options.hostKernels &&
    options.backends.length === BACKENDS.length;
  const write = options.write ?? complete;
  const started = performance.now();
  const loadAtStart = loadavg()[0];
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
    if (options.profile) {
      await printProfiles(page, options.backends);
      return;
    }
    if (options.denseMethods) {
      const measured = [];
      for (const backend of options.backends) {
        const results = await measureDenseMethods(page, backend, options);
        if (results) measured.push({ backend, results });
      }
      const machine = { ...describeMachine(browser.version(), loadAtStart), loadAtEnd: loadavg()[0] };
      console.log(`\n${machineLine(machine)}. ${options.reps} repetitions.\n`);
      console.log(denseMethodTable(measured));
      return;
    }
    const machine = describeMachine(browser.version(), loadAtStart);

    const outcomes: BackendOutcome[] = [];
    if (!options.parallelOnly) {
      for (const backend of options.backends) outcomes.push(await measureBackend(page, backend, options));
    }
    let parallel = null;
    const gpuWorkers: ParallelOutcome[] = [];
    if (options.parallel) {
      log("parallel trials on WebAssembly…");
      parallel = await measureParallel(page, options);
      for (const backend of ["webgpu", "webgl"] as const) {
        if (!options.backends.includes(backend)) continue;
        log(`one and two workers on ${backend}…`);
        gpuWorkers.push(
          await measureParallel(page, options, backend, gpuWorkerCases(backend, options.quick)),
        );
      }
    }

    machine.loadAtEnd = loadavg()[0];
    const minutes = (performance.now() - started) / 60_000;
    const section = trainingSection(machine, outcomes, parallel, { ...options, minutes }, gpuWorkers);
    console.log("\n" + section);
    if (write) {
      const file = join(REPO_ROOT, "BENCHMARKS.md");
      updateBenchmarksFile(file, section);
      log(`wrote the "Training throughput" section of ${file}`);
    } else {
      log("BENCHMARKS.md left unchanged (a partial or --quick run writes it only with --write)");
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
