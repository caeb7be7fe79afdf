/**
 * Where one small trial's time goes outside its training steps, in Node (no browser needed): the
 * same phases trainModel (workers/trainer.ts) runs, called one by one and timed — data preparation,
 * upload, model and optimizer creation, the training epochs, the per-epoch evaluation and download,
 * the final evaluation and result — plus a whole trainModel run for comparison.
 *
 *   npx tsx bench/train/trial-phases.ts [--backend wasm|cpu] [--trials N] [--case small-trial|medium-trial]
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { Rng } from "../../src/core/rng";
import { learningRateAt } from "../../src/core/schedules";
import type { BackendName, TrainConfig } from "../../src/shared/train";
import { createDataTensors, preparedData } from "../../workers/data-tensors";
import { setEvaluation } from "../../workers/dense-step";
import { Network } from "../../workers/network";
import { finalResult } from "../../workers/run-result";
import { trainEpoch, type StepContext } from "../../workers/train-step";
import { trainModel } from "../../workers/trainer";
import { fineTuneSetup } from "../../workers/transfer";
import { parallelTrialCases, throughputConfig } from "./cases";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const PHASES = [
  "prepare data",
  "upload",
  "model + optimizer",
  "train epochs",
  "epoch evaluation + download",
  "final evaluation + result",
  "dispose",
] as const;
type Phase = (typeof PHASES)[number];

/** One trial, phase by phase, as trainModel runs it (2D data, no transfer, no grid). */
async function phasedTrial(config: TrainConfig, add: (phase: Phase, ms: number) => void): Promise<void> {
  let t = performance.now();
  const lap = (phase: Phase): void => {
    const now = performance.now();
    add(phase, now - t);
    t = now;
  };
  const spec = config.data;
  if (spec.kind !== "2d") throw new Error("2D cases only");
  const data = preparedData(spec, config.seed);
  lap("prepare data");
  const tensors = createDataTensors(tf, data);
  lap("upload");
  const root = new Rng(config.seed);
  root.fork();
  const [init, dropout, shuffle, augment] = [1, 2, 3, 4].map(() => root.fork());
  const model = new Network(tf, config.model, data.exampleShape, 1, init);
  const { variables, optimizer } = fineTuneSetup(tf, config, model);
  const epochSums = tf.tidy(() => tf.variable(tf.zeros([2]), false));
  lap("model + optimizer");
  const context: StepContext = {
    tf,
    task: data.task,
    model,
    variables,
    optimizer,
    exampleShape: data.exampleShape,
    augment: undefined,
    dropoutRng: dropout,
    augmentRng: augment,
    epochSums,
    updateMovingStats: true,
  };
  const nTrain = data.trainY.length;
  const stepsPerEpoch = Math.ceil(nTrain / config.batchSize);
  const plan = {
    trainX: tensors.trainX,
    trainY: tensors.trainY,
    batchSize: config.batchSize,
    order: Array.from({ length: nTrain }, (_, i) => i),
    shuffleRng: shuffle,
    rateAt: (s: number) =>
      learningRateAt(s, config.learningRate, config.schedule, stepsPerEpoch, config.epochs),
    pace: async () => {},
    shouldStop: () => false,
  };
  let step = 0;
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    tf.tidy(() => epochSums.assign(tf.zeros([2])));
    const { stepLrs } = await trainEpoch(context, plan, step);
    step += stepLrs.length;
    lap("train epochs");
    const validation = setEvaluation(tf, model, data.task, tensors.valX, tensors.valY, data.valY.length);
    const summaryTensor = tf.tidy(() => tf.concat([epochSums as tf.Tensor1D, validation]));
    validation.dispose();
    await summaryTensor.data();
    summaryTensor.dispose();
    lap("epoch evaluation + download");
  }
  await finalResult({
    tf,
    model,
    data,
    tensors,
    transfer: undefined,
    metricOf: (sum, n) => sum / n,
    chunks: { val: data.valY.length, test: 1 },
    end: {
      status: "completed",
      message: "",
      epochs: config.epochs,
      bestEpoch: config.epochs,
      best: null,
      pretrained: null,
      started: 0,
    },
  });
  lap("final evaluation + result");
  epochSums.dispose();
  optimizer.dispose();
  model.dispose();
  tensors.dispose();
  lap("dispose");
}

async function main(): Promise<void> {
  const backend = arg("--backend", "wasm") as BackendName;
  const trials = Number(arg("--trials", "40"));
  const caseId = arg("--case", "small-trial");
  await tf.setBackend(backend);
  await tf.ready();
  const c = parallelTrialCases(false).find((x) => x.id === caseId);
  if (!c) throw new Error(`Unknown case "${caseId}"`);
  const totals = new Map<Phase, number>(PHASES.map((p) => [p, 0]));
  const add = (p: Phase, ms: number) => totals.set(p, totals.get(p)! + ms);
  const noop = () => {};
  for (let i = 0; i < 3; i++) {
    await phasedTrial(throughputConfig(c, backend, 100 + i), noop);
    await trainModel(throughputConfig(c, backend, 100 + i), noop, () => false, tf);
  }
  const before = tf.memory().numTensors;
  let whole = 0;
  let phased = 0;
  for (let i = 0; i < trials; i++) {
    let t0 = performance.now();
    await phasedTrial(throughputConfig(c, backend, 1 + i), add);
    phased += performance.now() - t0;
    t0 = performance.now();
    await trainModel(throughputConfig(c, backend, 1 + i), noop, () => false, tf);
    whole += performance.now() - t0;
  }
  console.log(
    `${c.label} on ${backend}, ${trials} trials (leaked tensors: ${tf.memory().numTensors - before})`,
  );
  console.log(
    `trainModel ${(whole / trials).toFixed(1)} ms per trial; the phases below ${(phased / trials).toFixed(1)} ms`,
  );
  for (const p of PHASES) console.log(`  ${p.padEnd(30)} ${(totals.get(p)! / trials).toFixed(2)} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
