/**
 * The machine description and the markdown of the "## Training throughput" section of
 * BENCHMARKS.md, and the update of that one section (other sections of the file are kept as they are).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, totalmem } from "node:os";
import type { BackendName } from "../../src/shared/train";
import type { ThroughputCase } from "./cases";
import type { KernelProfile } from "./profile.worker";
import { median, trainCount } from "./measure";

export const SECTION_HEADING = "## Training throughput";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  chromium: string;
  node: string;
  date: string;
  /** 1-minute load average when the bench started: the machine is shared, so it matters. */
  loadAtStart: number;
}

/** Per-repetition rates of one case on one backend. */
export interface CaseResult {
  case: ThroughputCase;
  trainerSamplesPerSec: number[];
  fitSamplesPerSec: number[];
  trainerFlopsPerSec: number[];
  /** Empty when the case has no matMul ceiling measurement. */
  matmulFlopsPerSec: number[];
  trainerValAccuracy: number;
  fitValAccuracy: number;
}

export interface BackendOutcome {
  backend: BackendName;
  /** What ran (adapter or renderer), or why the backend could not be measured. */
  note: string;
  available: boolean;
  cases: CaseResult[];
}

export interface ParallelOutcome {
  trialLabel: string;
  trialsPerWorker: number;
  /** Trials per minute of each repetition, with one worker and with two. */
  oneWorker: number[];
  twoWorkers: number[];
  error?: string;
}

/** Facts about this machine and browser. */
export function describeMachine(chromiumVersion: string): Machine {
  let cpu = "unknown";
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    if (line) cpu = line.split(":")[1].trim();
  } catch {
    // Not Linux: the model stays "unknown".
  }
  return {
    cpu,
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    chromium: chromiumVersion,
    node: process.version,
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    loadAtStart: loadavg()[0],
  };
}

const LABELS: Record<BackendName, string> = { webgpu: "WebGPU", webgl: "WebGL", wasm: "WASM", cpu: "CPU" };

function fmtRate(x: number): string {
  return Math.round(x).toLocaleString("en-US");
}

function fmtRatio(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : "–";
}

function fmtGflops(x: number): string {
  return (x / 1e9).toFixed(2);
}

/** Pairwise ratios a[i]/b[i], for the per-repetition spread. */
function pairRatios(a: number[], b: number[]): number[] {
  return a.map((x, i) => x / b[i]);
}

/** The throughput table: trainer against model.fit, and against the bare matMul ceiling. */
export function throughputTable(outcomes: BackendOutcome[]): string {
  const rows = [
    "| backend | model | train set | trainer samples/s | model.fit samples/s | trainer ÷ fit | per repetition | trainer GFLOP/s | matMul loop GFLOP/s | trainer ÷ matMul |",
    "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
  ];
  for (const o of outcomes) {
    if (!o.available) {
      rows.push(`| ${LABELS[o.backend]} | not available: ${o.note} | | | | | | | | |`);
      continue;
    }
    for (const r of o.cases) {
      const trainer = median(r.trainerSamplesPerSec);
      const fit = median(r.fitSamplesPerSec);
      const perRep = pairRatios(r.trainerSamplesPerSec, r.fitSamplesPerSec).map(fmtRatio).join(" / ");
      const hasCeiling = r.matmulFlopsPerSec.length > 0;
      const trainerFlops = median(r.trainerFlopsPerSec);
      const ceiling = hasCeiling ? median(r.matmulFlopsPerSec) : NaN;
      rows.push(
        `| ${LABELS[o.backend]} | ${r.case.label} | ${fmtRate(trainCount(r.case))} | ${fmtRate(trainer)} | ` +
          `${fmtRate(fit)} | **${fmtRatio(trainer / fit)}** | ${perRep} | ${fmtGflops(trainerFlops)} | ` +
          `${hasCeiling ? fmtGflops(ceiling) : "–"} | ${hasCeiling ? `**${fmtRatio(trainerFlops / ceiling)}**` : "–"} |`,
      );
    }
  }
  return rows.join("\n");
}

/** The parallel-trials table: trials per minute on one and two WebAssembly workers. */
export function parallelTable(p: ParallelOutcome): string {
  if (p.error) return `Parallel trials could not be measured: ${p.error}`;
  const one = median(p.oneWorker);
  const two = median(p.twoWorkers);
  const perRep = pairRatios(p.twoWorkers, p.oneWorker).map(fmtRatio).join(" / ");
  return [
    "| WASM workers | trials per worker | trials/min | speed-up over 1 worker | per repetition |",
    "| ---: | ---: | ---: | ---: | --- |",
    `| 1 | ${p.trialsPerWorker} | ${one.toFixed(1)} | 1.00 | |`,
    `| 2 | ${p.trialsPerWorker} | ${two.toFixed(1)} | **${fmtRatio(two / one)}** | ${perRep} |`,
  ].join("\n");
}

export function machineLine(m: Machine): string {
  return (
    `${m.date} · ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · Chromium ${m.chromium} (headless) · ` +
    `Node ${m.node} · load average at start ${m.loadAtStart.toFixed(1)}`
  );
}

/** The whole section, heading included. */
export function trainingSection(
  m: Machine,
  outcomes: BackendOutcome[],
  parallel: ParallelOutcome | null,
  settings: { reps: number; quick: boolean; minutes: number },
): string {
  const parts = [
    SECTION_HEADING,
    "",
    "Produced by `npm run bench` (bench/train-bench.ts); every figure is a median over repetitions run " +
      "in alternation (trainer, model.fit, matMul loop, then again), each repetition's rate taken over " +
      "its steady-state epochs (epoch 1 is not counted; an untimed warm-up run precedes them).",
    "",
    `Machine: ${machineLine(m)}. ${settings.reps} repetitions${settings.quick ? " (--quick)" : ""}, ` +
      `${settings.minutes.toFixed(1)} min in all.`,
    "",
    "**Trainer against model.fit and against the machine.** The trainer is the app's worker " +
      "(workers/train.worker.ts through comlink, as the app calls it); model.fit trains tf.sequential " +
      "with the same dense layers (ReLU, sigmoid output), Adam, batch size, data, validation data and " +
      'epochs in a second worker on the same backend (`yieldEvery: "never"`, its fastest setting). Data: ' +
      "the binary spiral with all 7 features, 80 % for training. GFLOP/s count 6·weights per training " +
      "sample and 2·weights per validation sample; the matMul loop runs only the products of the same " +
      "training steps (X·W, Xᵀ·dY, dY·Wᵀ per layer) and is the ceiling the trainer can approach.",
    "",
    throughputTable(outcomes),
    "",
  ];
  if (parallel) {
    parts.push(
      `**Parallel trials on WebAssembly.** Each worker is the app's trainer worker training its own ` +
        `trials (${parallel.trialLabel}) one after another; all workers start together and the clock ` +
        "stops when the last one finishes. An untimed warm-up trial runs in each worker first.",
      "",
      parallelTable(parallel),
      "",
    );
  }
  return parts.join("\n");
}

/** Replaces (or appends) the training section of BENCHMARKS.md, leaving other sections untouched. */
export function updateBenchmarksFile(path: string, section: string): void {
  const existing = existsSync(path)
    ? readFileSync(path, "utf8")
    : "# Benchmarks\n\nLatest results of the scripts in `bench/`.\n";
  const lines = existing.split("\n");
  const start = lines.findIndex((l) => l.trim() === SECTION_HEADING);
  let next: string;
  if (start < 0) {
    next = existing.replace(/\n*$/, "\n\n") + section.trimEnd() + "\n";
  } else {
    let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
    if (end < 0) end = lines.length;
    const before = lines.slice(0, start).join("\n");
    const after = lines.slice(end).join("\n");
    next =
      (before ? before.replace(/\n*$/, "\n\n") : "") + section.trimEnd() + "\n" + (after ? "\n" + after : "");
  }
  writeFileSync(path, next.replace(/\n*$/, "\n"));
}

/** Kernels per training step of the trainer and of model.fit side by side, busiest first. */
export function kernelTable(trainer: KernelProfile, fit: KernelProfile, steps: number): string {
  const names = [...new Set([...trainer.kernels, ...fit.kernels].map((k) => k.name))];
  const find = (p: KernelProfile, name: string) =>
    p.kernels.find((k) => k.name === name) ?? { count: 0, ms: 0 };
  const rows = names
    .map((name) => ({ name, t: find(trainer, name), f: find(fit, name) }))
    .sort((a, b) => Math.max(b.t.ms, b.f.ms) - Math.max(a.t.ms, a.f.ms) || b.t.count - a.t.count);
  const total = (p: KernelProfile) =>
    p.kernels.reduce((s, k) => ({ count: s.count + k.count, ms: s.ms + k.ms }), { count: 0, ms: 0 });
  const line = (name: string, t: { count: number; ms: number }, f: { count: number; ms: number }) =>
    `| ${name} | ${(t.count / steps).toFixed(2)} | ${(f.count / steps).toFixed(2)} | ` +
    `${(t.ms / steps).toFixed(3)} | ${(f.ms / steps).toFixed(3)} |`;
  return [
    "| kernel | trainer calls/step | fit calls/step | trainer ms/step | fit ms/step |",
    "| --- | ---: | ---: | ---: | ---: |",
    line("**all kernels**", total(trainer), total(fit)),
    `| **wall time** | | | ${(trainer.wallMs / steps).toFixed(3)} | ${(fit.wallMs / steps).toFixed(3)} |`,
    ...rows.map((r) => line(r.name, r.t, r.f)),
  ].join("\n");
}
