/**
 * What one training step of a small trial costs in JavaScript, in Node (no browser needed): kernels
 * dispatched and tensors made per step, and the CPU time of a trial split into the main thread's
 * and everything else's (V8's background threads: garbage collection, concurrent compilation).
 * The second part is what keeps a second core busy and so limits how well two workers scale.
 *
 *   npx tsx bench/train/step-cost.ts [--backend wasm|cpu] [--trials N] [--case small-trial|medium-trial]
 *       [--host-kernels off] [--dense-step host|ops|tape]
 * The CPU times are measured on four paths in alternation: the whole step as one host kernel
 * (workers/dense-step.ts), tfjs ops with the backward pass written out (workers/dense-ops-step.ts),
 * host kernels under tfjs's gradient tape (workers/host-kernels.ts), and tfjs ops only. The
 * profile is of the path the flags choose: by default what the backend runs; --dense-step forces
 * one of the dense step's paths; --host-kernels off takes the tfjs-ops path (as on WebGL and
 * WebGPU) and times only that.
 */
import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import type { BackendName } from "../../src/shared/train";
import { forceDenseStep, type DenseStepPath } from "../../workers/dense-step";
import { forceHostKernels } from "../../workers/host-kernels";
import { trainModel } from "../../workers/trainer";
import { parallelTrialCases, throughputConfig } from "./cases";

const TICKS_PER_SEC = 100;

/** CPU seconds of this process's main thread (its tid is the pid) from /proc. */
function mainThreadCpu(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC;
}

function processCpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  const backend = arg("--backend", "wasm") as BackendName;
  const trials = Number(arg("--trials", "20"));
  const caseId = arg("--case", "small-trial");
  const forced = arg("--host-kernels", "on") === "off";
  const denseStep = arg("--dense-step", "auto");
  forceHostKernels(forced ? false : null);
  forceDenseStep(denseStep === "auto" ? null : (denseStep as DenseStepPath));
  await tf.setBackend(backend);
  await tf.ready();
  const c = parallelTrialCases(false).find((t) => t.id === caseId);
  if (!c) throw new Error(`Unknown case "${caseId}"`);
  const steps = Math.ceil((c.samples * c.trainRatio) / c.batchSize) * c.epochs;
  const run = (seed: number) =>
    trainModel(
      throughputConfig(c, backend, seed),
      () => {},
      () => false,
      tf,
    );
  for (let i = 0; i < 3; i++) await run(100 + i); // warm-up: compilation, allocation

  // Kernels and tensors of one trial (tensor ids are consecutive, so their difference counts the tensors made).
  const before = tf.memory().numTensors;
  const nextId = (): number => tf.tidy(() => tf.scalar(0).id);
  const firstId = nextId();
  const info = await tf.profile(async () => {
    await run(1);
  });
  const made = nextId() - firstId - 1;
  const byName = new Map<string, number>();
  for (const k of info.kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + 1);
  const top = [...byName.entries()].sort((a, b) => b[1] - a[1]);
  console.log(`${c.label} on ${backend}: ${steps} steps per trial`);
  console.log(
    `kernels per trial ${info.kernels.length} (${(info.kernels.length / steps).toFixed(1)} per step), ` +
      `tensors made ${made} (${(made / steps).toFixed(1)} per step), leaked ${tf.memory().numTensors - before}`,
  );
  console.log(top.map(([n, k]) => `${n} ${(k / steps).toFixed(1)}`).join(", "));

  // CPU time per trial, main thread and the rest, on each path in alternation (unless host kernels
  // are forced off), so that all see the same machine load.
  const paths: { label: string; host: boolean; dense: DenseStepPath }[] = [
    { label: "dense step, host kernel", host: true, dense: "host" },
    { label: "dense step, ops        ", host: true, dense: "ops" },
    { label: "host kernels, tape     ", host: true, dense: "tape" },
    { label: "tfjs ops, tape         ", host: false, dense: "tape" },
  ];
  const modes = forced ? paths.slice(3) : paths;
  const totals = new Map(modes.map((m) => [m.label, { wall: 0, main: 0, all: 0 }]));
  for (let i = 0; i < trials; i++) {
    for (const mode of modes) {
      forceHostKernels(mode.host);
      forceDenseStep(mode.dense);
      const [main0, all0, t0] = [mainThreadCpu(), processCpu(), performance.now()];
      await run(1 + i);
      const t = totals.get(mode.label)!;
      t.wall += performance.now() - t0;
      t.main += (mainThreadCpu() - main0) * 1000;
      t.all += (processCpu() - all0) * 1000;
    }
  }
  forceHostKernels(null);
  forceDenseStep(null);
  for (const [label, t] of totals) {
    const other = t.all - t.main;
    console.log(
      `${label} per trial: wall ${(t.wall / trials).toFixed(1)} ms, main thread ` +
        `${(t.main / trials).toFixed(1)} ms CPU, other threads ${(other / trials).toFixed(1)} ms CPU; ` +
        `cores busy ${(t.all / t.wall).toFixed(2)}, other/main ${(other / t.main).toFixed(2)}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
