/**
 * The machine description and the markdown of the "## Training throughput" section of
 * BENCHMARKS.md, and the update of that one section (other sections of the file are kept as they are).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";
import type { BackendName } from "../../src/shared/train";
import { GPU_WORKERS } from "../../src/app/bridge/capabilities";
import type { ThroughputCase } from "./cases";
import type { KernelProfile } from "./profile.worker";
import type { MatmulForm } from "./baseline.worker";
import { median, trainCount } from "./measure";
import { TRANSPOSED_GRADIENT_BACKENDS } from "../../workers/dense-op";

export const SECTION_HEADING = "## Training throughput";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  chromium: string;
  node: string;
  date: string;
  /** 1-minute load averages when the bench started and ended: the machine is shared, so they matter. */
  loadAtStart: number;
  loadAtEnd?: number;
}

/** Per-repetition rates of one case on one backend. */
export interface CaseResult {
  case: ThroughputCase;
  trainerSamplesPerSec: number[];
  fitSamplesPerSec: number[];
  trainerFlopsPerSec: number[];
  /** The bare matMul loop in both forms; empty when the case has no ceiling measurement. */
  matmulFlopsPerSec: Record<MatmulForm, number[]>;
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

export interface TrialScaling {
  label: string;
  trialsPerWorker: number;
  /** Trials per minute of each repetition, with one worker and with two. */
  oneWorker: number[];
  twoWorkers: number[];
  /** Cores the browser's renderer kept busy during each repetition (NaN where /proc is missing). */
  coresBusy: { one: number[]; two: number[] };
  /**
   * With one worker, CPU milliseconds per trial on the worker's thread and on the renderer's other
   * threads (V8's background threads, mostly), per repetition (NaN where /proc is missing).
   */
  cpuPerTrial?: { worker: number[]; other: number[] };
}

export interface ParallelOutcome {
  /** The backend the workers trained on. */
  backend: BackendName;
  trials: TrialScaling[];
  /** The same for a plain-JavaScript loop (runs per minute): what two cores give at the moment. */
  controlOne: number[];
  controlTwo: number[];
  error?: string;
}

/** Facts about this machine and browser. */
export function describeMachine(chromiumVersion: string, loadAtStart: number): Machine {
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
    loadAtStart,
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

/** The throughput table: trainer against model.fit, and against the bare matMul ceiling. */
export function throughputTable(outcomes: BackendOutcome[]): string {
  const rows = [
    "| backend | model | train set | trainer samples/s | model.fit samples/s | trainer ÷ fit | paired ratio, median (range) " +
      "| trainer GFLOP/s | matMul loop GFLOP/s, autodiff's calls | matMul loop GFLOP/s, explicit transposes | trainer ÷ best matMul loop |",
    "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
  ];
  for (const o of outcomes) {
    if (!o.available) {
      rows.push(`| ${LABELS[o.backend]} | not available: ${o.note} | | | | | | | | | |`);
      continue;
    }
    for (const r of o.cases) {
      const trainer = median(r.trainerSamplesPerSec);
      const fit = median(r.fitSamplesPerSec);
      const cells = [
        LABELS[o.backend],
        r.case.label,
        fmtRate(trainCount(r.case)),
        fmtRate(trainer),
        fmtRate(fit),
        `**${fmtRatio(trainer / fit)}**`,
        pairedRatios(r.trainerSamplesPerSec, r.fitSamplesPerSec),
        fmtGflops(median(r.trainerFlopsPerSec)),
      ];
      const { autodiff, explicit } = r.matmulFlopsPerSec;
      if (autodiff.length > 0 && explicit.length > 0) {
        const best = Math.max(median(autodiff), median(explicit));
        cells.push(
          fmtGflops(median(autodiff)),
          fmtGflops(median(explicit)),
          `**${fmtRatio(median(r.trainerFlopsPerSec) / best)}**`,
        );
      } else {
        cells.push("–", "–", "–");
      }
      rows.push(`| ${cells.join(" | ")} |`);
    }
  }
  return rows.join("\n");
}

/** "median (min–max)" of paired ratios a[i]/b[i]: robust to the machine's speed drifting between repetitions. */
function pairedRatios(a: number[], b: number[]): string {
  const ratios = a.map((x, i) => x / b[i]);
  return `${fmtRatio(median(ratios))} (${fmtRatio(Math.min(...ratios))}–${fmtRatio(Math.max(...ratios))})`;
}

/** The parallel-trials table: trials per minute on one and two workers, and the machine's own scaling. */
export function parallelTable(p: ParallelOutcome): string {
  if (p.error) return `Parallel trials on ${p.backend} could not be measured: ${p.error}`;
  const rows = [
    "| workload | 1 worker | 2 workers | speed-up (ratio of medians) | paired speed-up, median (range) | cores busy, 1 worker → 2 |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  const cores = (xs: number[]) => (xs.some(Number.isNaN) ? "–" : median(xs).toFixed(2));
  for (const t of p.trials) {
    const one = median(t.oneWorker);
    const two = median(t.twoWorkers);
    rows.push(
      `| ${t.label}, ${t.trialsPerWorker} per worker | ${one.toFixed(1)} trials/min | ${two.toFixed(1)} trials/min | ` +
        `**${fmtRatio(two / one)}** | ${pairedRatios(t.twoWorkers, t.oneWorker)} | ` +
        `${cores(t.coresBusy.one)} → ${cores(t.coresBusy.two)} |`,
    );
  }
  rows.push(
    `| control: plain JavaScript loop, one per worker | | | ${fmtRatio(median(p.controlTwo) / median(p.controlOne))} | ` +
      `${pairedRatios(p.controlTwo, p.controlOne)} | |`,
  );
  return rows.join("\n");
}

export function machineLine(m: Machine): string {
  return (
    `${m.date} · ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · Chromium ${m.chromium} (headless) · ` +
    `Node ${m.node} · 1-min load average ${m.loadAtStart.toFixed(1)} at start` +
    (m.loadAtEnd === undefined
      ? ""
      : `, ${m.loadAtEnd.toFixed(1)} at the end (the bench itself keeps ~1 core busy)`)
  );
}

/**
 * A note for every backend whose matMul loop runs much faster with explicit transposes: there
 * model.fit leaves speed on the table, because tfjs's matMul gradient uses transpose flags; the
 * trainer does too unless it uses the transposed-gradient dense product there (workers/dense-op.ts).
 */
function matmulFormNotes(outcomes: BackendOutcome[]): string[] {
  const notes: string[] = [];
  for (const o of outcomes) {
    for (const r of o.cases) {
      const { autodiff, explicit } = r.matmulFlopsPerSec;
      if (autodiff.length === 0 || explicit.length === 0) continue;
      const factor = median(explicit) / median(autodiff);
      if (factor < 1.5) continue;
      const why =
        o.backend === "wasm"
          ? " (the WebAssembly BatchMatMul hands only untransposed products to XNNPACK and runs the others in a plain loop)"
          : "";
      const who = TRANSPOSED_GRADIENT_BACKENDS.includes(o.backend)
        ? "The trainer's dense layers multiply in the untransposed form there (a custom gradient, " +
          "workers/dense-op.ts); model.fit, with tfjs's own gradient, stays far below this ceiling, " +
          "so the trainer ÷ fit ratio of this backend shows that difference, not only loop overhead."
        : "Both the trainer and model.fit use tfjs's own gradient there, so both stay far below this ceiling.";
      notes.push(
        `On ${LABELS[o.backend]}, the products of a training step run ${factor.toFixed(1)}× faster when the ` +
          `operand is transposed first than with the transpose flags tfjs's matMul gradient passes${why}. ${who}`,
        "",
      );
    }
  }
  return notes;
}

/**
 * When one worker alone keeps clearly more than a core busy, two workers on two cores cannot double
 * the rate: say so, with the bound the measurement implies.
 */
function parallelNotes(p: ParallelOutcome): string[] {
  if (p.error) return [];
  const notes: string[] = [];
  for (const t of p.trials) {
    const cpu = t.cpuPerTrial;
    if (cpu && cpu.worker.length > 0 && !cpu.worker.some(Number.isNaN)) {
      const [worker, other] = [median(cpu.worker), median(cpu.other)];
      notes.push(
        `${t.label.split(" (")[0]}${t.label.includes("host kernels off") ? ", host kernels off" : ""}, one worker: ` +
          `${worker.toFixed(0)} ms of CPU per trial on the worker's thread and ${other.toFixed(0)} ms on the ` +
          `renderer's other threads (${(other / worker).toFixed(2)} per worker millisecond): CPU time, which the ` +
          "machine's other load disturbs less than wall time.",
        "",
      );
    }
    if (t.coresBusy.one.some(Number.isNaN)) continue;
    const busy = median(t.coresBusy.one);
    if (busy < 1.15) continue;
    notes.push(
      `With ${t.label.split(" (")[0]}, one worker alone keeps ${busy.toFixed(2)} cores of the renderer busy: ` +
        "its own thread, plus V8's shared background threads: its optimising compilers (TurboFan, Maglev) " +
        "and garbage collection, which bench/train/thread-trace.ts traces function by function. With " +
        `${availableParallelism()} cores, two workers can then reach at most ` +
        `~${(availableParallelism() / busy).toFixed(2)}× the trials of one.`,
      "",
    );
  }
  return notes;
}

/** The whole section, heading included. */
export function trainingSection(
  m: Machine,
  outcomes: BackendOutcome[],
  parallel: ParallelOutcome | null,
  settings: { reps: number; quick: boolean; minutes: number },
  /** Trials per minute with one and two workers on the GPU backends (what GPU_WORKERS rests on). */
  gpuWorkers: ParallelOutcome[] = [],
): string {
  const parts = [
    SECTION_HEADING,
    "",
    "Produced by `npm run bench` (bench/train-bench.ts); every figure is a median over repetitions run " +
      "in alternation (trainer, model.fit, matMul loops, then again), each repetition's rate taken over " +
      "its steady-state epochs (epoch 1 is not counted, and an untimed warm-up run of each side comes first).",
    "",
    `Machine: ${machineLine(m)}. ${settings.reps} repetitions${settings.quick ? " (--quick)" : ""}, ` +
      `${settings.minutes.toFixed(1)} min in all.`,
    "",
    "**Trainer against model.fit and against the machine.** The trainer is the app's worker " +
      "(workers/train.worker.ts through comlink, as the app calls it); model.fit trains tf.sequential " +
      "with the same dense layers (ReLU, sigmoid output), Adam, batch size, data, validation data and " +
      'epochs in a second worker on the same backend (`yieldEvery: "never"`, its fastest setting). Data: ' +
      "the binary spiral with all 7 features, 80 % for training. GFLOP/s count 6·weights per training " +
      "sample and 2·weights per validation sample. The matMul loop runs only the products of the same " +
      "training steps (X·W, dY·Wᵀ, Xᵀ·dY per layer, on a fresh weight tensor each step as in training), " +
      "once with transpose flags as tfjs's matMul gradient issues them and once with the operand " +
      "transposed first; the faster form is the ceiling the trainer is compared with.",
  ];
  if (outcomes.length > 0) parts.push("", throughputTable(outcomes), "", ...matmulFormNotes(outcomes));
  else parts.push("", "(Backend throughput was not measured in this run.)", "");
  if (parallel) {
    parts.push(
      "**Parallel trials on WebAssembly.** Each worker is the app's trainer worker training its own " +
        "trials one after another; all workers start together and the clock " +
        "stops when the last one finishes. An untimed warm-up trial runs in each worker first. The " +
        "control row runs a plain JavaScript loop in one and in two workers, alternating with the " +
        "trials: on a shared machine it shows how much of the second core was there to be had.",
      "",
      parallelTable(parallel),
      "",
      ...parallelNotes(parallel),
    );
  }
  if (gpuWorkers.length > 0) {
    parts.push(
      "**Workers on a GPU backend.** The same measure on WebGPU and WebGL: every worker shares the one " +
        "GPU, so the question is whether a second worker adds trials per minute there. The app suggests " +
        `${GPU_WORKERS} worker${GPU_WORKERS === 1 ? "" : "s"} on a GPU backend (GPU_WORKERS in ` +
        "src/app/bridge/capabilities.ts) and one per core on WebAssembly and CPU; a person can change it. " +
        "This machine has no GPU: both run on SwiftShader, Chromium's software GPU, on the same two cores.",
      "",
      ...gpuWorkers.flatMap((g) => [
        `${g.backend === "webgpu" ? "WebGPU" : "WebGL"}:`,
        "",
        parallelTable(g),
        "",
      ]),
    );
  }
  return parts.join("\n");
}

/**
 * Replaces (or appends) the section under `heading` (the training section unless told) of
 * BENCHMARKS.md, leaving other sections untouched.
 */
export function updateBenchmarksFile(path: string, section: string, heading = SECTION_HEADING): void {
  const existing = existsSync(path)
    ? readFileSync(path, "utf8")
    : "# Benchmarks\n\nLatest results of the scripts in `bench/`.\n";
  const lines = existing.split("\n");
  const start = lines.findIndex((l) => l.trim() === heading);
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
