/**
 * Search benchmark: every sampler on the objectives of /work/shared/bench/FUNCTIONS.md, N seeds
 * of T trials, median simple regret after 25, 50 and 100 trials beside Optuna's reference
 * numbers, then the time of one `ask` at several history sizes. Prints markdown for BENCHMARKS.md.
 *
 *   npx tsx bench/search-bench.ts [--samplers random,qmc,tpe,tpe-univariate,gp] [--objectives branin,...]
 *       [--held-out] [--seeds 30 | --seeds 0..9] [--trials 100] [--threads 2] [--no-timing] [--timing-only]
 *       [--variant label='{"name":"tpe","nEiCandidates":48}']
 *
 * --held-out runs the objectives of bench/search/held-out.ts instead (no Optuna reference there).
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { SamplerChoice } from "../src/core/search/index";
import { HELD_OUT_OBJECTIVES } from "./search/held-out";
import { OBJECTIVES } from "./search/objectives";
import { median, objectiveByName, type RunJob, type RunResult, runJob, timeAsk } from "./search/runner";

/** The samplers compared: "tpe" is the default (multivariate) TPE, "tpe-univariate" Optuna's default algorithm. */
const VARIANTS: Record<string, SamplerChoice> = {
  random: "random",
  qmc: "qmc",
  tpe: { name: "tpe" },
  "tpe-univariate": { name: "tpe", multivariate: false },
  gp: { name: "gp" },
};
const CHECKPOINTS = [25, 50, 100];
const REFERENCE_LABELS = ["optuna_random", "optuna_tpe", "optuna_tpe_mv"];
const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const REFERENCE_PATH = fileURLToPath(new URL("../../shared/bench/optuna-reference.json", import.meta.url));

interface Config {
  samplers: [string, SamplerChoice][];
  objectives: string[];
  seeds: number[];
  trials: number;
  threads: number;
  regret: boolean;
  timing: boolean;
}

function parseArgs(argv: string[]): Config {
  const config: Config = {
    samplers: Object.entries(VARIANTS),
    objectives: OBJECTIVES.map((o) => o.name),
    seeds: range(0, 29),
    trials: 100,
    threads: Math.min(2, availableParallelism()),
    regret: true,
    timing: true,
  };
  const extra: [string, SamplerChoice][] = [];
  let samplersGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`Option ${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case "--samplers":
        samplersGiven = true;
        config.samplers = value()
          .split(",")
          .map((name) => {
            if (!Object.hasOwn(VARIANTS, name)) {
              throw new Error(`Unknown sampler "${name}" (known: ${Object.keys(VARIANTS).join(", ")})`);
            }
            return [name, VARIANTS[name]];
          });
        break;
      case "--variant": {
        const v = value();
        const eq = v.indexOf("=");
        if (eq <= 0) throw new Error(`--variant expects label=<sampler JSON>, got ${v}`);
        extra.push([v.slice(0, eq), JSON.parse(v.slice(eq + 1)) as SamplerChoice]);
        break;
      }
      case "--objectives":
        config.objectives = value().split(",");
        config.objectives.forEach(objectiveByName);
        break;
      case "--held-out":
        config.objectives = HELD_OUT_OBJECTIVES.map((o) => o.name);
        break;
      case "--seeds": {
        const v = value();
        const m = /^(\d+)\.\.(\d+)$/.exec(v);
        if (m !== null) config.seeds = range(Number(m[1]), Number(m[2]));
        else if (/^\d+$/.test(v) && Number(v) > 0) config.seeds = range(0, Number(v) - 1);
        else throw new Error(`--seeds expects a count (30) or a range (0..29), got ${v}`);
        break;
      }
      case "--trials":
        config.trials = positiveInt(value(), arg);
        break;
      case "--threads":
        config.threads = positiveInt(value(), arg);
        break;
      case "--no-timing":
        config.timing = false;
        break;
      case "--timing-only":
        config.regret = false;
        break;
      case "--help":
        console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("*/")[0]);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown argument ${arg} (try --help)`);
    }
  }
  config.samplers = samplersGiven || extra.length === 0 ? [...config.samplers, ...extra] : extra;
  return config;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

function positiveInt(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} expects a positive integer, got ${v}`);
  return n;
}

/** Runs the jobs on `threads` worker threads (or in this thread when 1), largest jobs first. */
async function runAll(jobs: RunJob[], threads: number, onDone: (n: number) => void): Promise<RunResult[]> {
  if (threads <= 1) {
    return jobs.map((job, i) => {
      const r = runJob(job);
      onDone(i + 1);
      return r;
    });
  }
  const queue = jobs.slice();
  const results: RunResult[] = [];
  const entry = new URL("./search/worker.ts", import.meta.url).href;
  await Promise.all(
    Array.from({ length: Math.min(threads, jobs.length) }, () => {
      const worker = new Worker(new URL("./search/worker-boot.mjs", import.meta.url), {
        workerData: { entry },
      });
      return new Promise<void>((resolve, reject) => {
        const next = (): void => {
          const job = queue.shift();
          if (job === undefined) {
            void worker.terminate().then(() => resolve());
            return;
          }
          worker.postMessage(job);
        };
        worker.on("message", (result: RunResult) => {
          results.push(result);
          onDone(results.length);
          next();
        });
        worker.on("error", reject);
        next();
      });
    }),
  );
  return results;
}

type Reference = Record<string, Record<string, Record<string, number>>>;

function loadReference(): Reference | null {
  try {
    const json = JSON.parse(readFileSync(REFERENCE_PATH, "utf8")) as { median_regret: Reference };
    return json.median_regret;
  } catch {
    return null;
  }
}

const fmt = (v: number | undefined): string => {
  if (v === undefined || Number.isNaN(v)) return "–";
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(1) : a >= 0.001 ? v.toPrecision(3) : v.toExponential(2);
};

function regretTable(config: Config, results: RunResult[], reference: Reference | null): string {
  const checkpoints = CHECKPOINTS.filter((c) => c <= config.trials);
  const lines: string[] = [];
  lines.push(
    `### Median simple regret over ${config.seeds.length} seeds (${config.trials} trials each; lower is better)`,
    "",
    `| objective | sampler | ${checkpoints.map((c) => `@${c}`).join(" | ")} | vs optuna_tpe @${checkpoints.at(-1)} |`,
    `| --- | --- | ${checkpoints.map(() => "---:").join(" | ")} | --- |`,
  );
  for (const objective of config.objectives) {
    const ref = reference?.[objective];
    const tpeRef = ref?.optuna_tpe?.[String(checkpoints.at(-1))];
    for (const label of REFERENCE_LABELS) {
      if (ref?.[label] === undefined) continue;
      lines.push(
        `| ${objective} | *${label}* | ${checkpoints.map((c) => fmt(ref[label][String(c)])).join(" | ")} | |`,
      );
    }
    for (const [label] of config.samplers) {
      const runs = results.filter((r) => r.label === label && r.objective === objective);
      if (runs.length === 0) continue;
      const medians = checkpoints.map((c) => median(runs.map((r) => r.regret[c - 1])));
      const last = medians.at(-1) as number;
      const verdict =
        tpeRef === undefined
          ? ""
          : last <= tpeRef
            ? `better (${fmt(tpeRef / Math.max(last, 1e-300))}x)`
            : "worse";
      lines.push(`| ${objective} | **${label}** | ${medians.map(fmt).join(" | ")} | ${verdict} |`);
    }
  }
  return lines.join("\n");
}

function timingTable(config: Config): string {
  const lines: string[] = [
    "### Time of one ask (median ms; fresh history of random complete trials)",
    "",
    "| sampler | space | finished trials | ms per ask |",
    "| --- | --- | ---: | ---: |",
  ];
  const spaces = ["hartmann6", "nn_surface"].map(objectiveByName);
  for (const [label, choice] of config.samplers) {
    const isGp = typeof choice === "object" && choice.name === "gp";
    const sizes = isGp ? [50, 100, 200] : [100, 500, 1000];
    for (const objective of spaces) {
      for (const n of sizes) {
        const ms = timeAsk(choice, objective, n, isGp ? 5 : 15);
        lines.push(`| ${label} | ${objective.name} | ${n} | ${ms.toFixed(ms < 1 ? 3 : 1)} |`);
      }
    }
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const config = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const out: string[] = [
    `## Search benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${config.threads} thread(s))`,
    "",
  ];
  if (config.regret) {
    const jobs: RunJob[] = [];
    for (const [label, choice] of config.samplers) {
      for (const objective of config.objectives) {
        for (const seed of config.seeds) jobs.push({ label, choice, objective, seed, trials: config.trials });
      }
    }
    const results = await runAll(jobs, config.threads, (n) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${n}/${jobs.length} runs`);
    });
    if (process.stderr.isTTY) process.stderr.write("\n");
    const reference = loadReference();
    if (reference === null) {
      out.push(
        `> Optuna reference numbers not found at ${REFERENCE_PATH} (expected ../shared/bench/optuna-reference.json from ${REPO_ROOT}); showing ours only.`,
        "",
      );
    }
    out.push(regretTable(config, results, reference), "");
    const askLines = config.samplers.map(([label]) => {
      const runs = results.filter((r) => r.label === label);
      const asks = runs.length * config.trials;
      return `| ${label} | ${(runs.reduce((s, r) => s + r.askMs, 0) / asks).toFixed(2)} |`;
    });
    out.push("| sampler | mean ms per ask during these runs |", "| --- | ---: |", ...askLines, "");
  }
  if (config.timing) out.push(timingTable(config), "");
  out.push(`_Total ${((performance.now() - started) / 1000).toFixed(0)} s._`);
  console.log(out.join("\n"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
