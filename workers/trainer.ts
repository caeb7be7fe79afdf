/**
 * The training loop. It runs wherever tfjs runs (the worker wires it to comlink; tests run it in
 * Node on the CPU backend). A custom loop rather than model.fit, so that the learning rate is set
 * from the same schedule function the preview chart draws at every step, and so that the values
 * crossing from the device to JavaScript are read once per epoch, in a single download.
 */
import * as tfDefault from "@tensorflow/tfjs";
import type * as tfjs from "@tensorflow/tfjs";
import { Rng } from "../src/core/rng";
import { learningRateAt } from "../src/core/schedules";
import type { DatasetArrays, EpochReport, TrainConfig, TrainResult, TrainStatus } from "../src/shared/train";
import type { ConvMethod } from "./conv";
import {
  createDataTensors,
  createGridTensor,
  preparedData,
  type DataCache,
  type DataTensors,
} from "./data-tensors";
import { setEvaluation } from "./dense-step";
import { evaluationChunkRows } from "./evaluate";
import { boundaryValues, metricFromSum } from "./losses";
import type { Tf } from "./model";
import { Network } from "./network";
import { preparedArrays, type PreparedData, type PreparedMeta } from "./prepared-data";
import { finalResult } from "./run-result";
import { trainEpoch, type StepContext } from "./train-step";
import {
  fineTuneSetup,
  pretrainInto,
  subsetTensors,
  transferPlan,
  type PretrainInput,
  type PretrainOutcome,
} from "./transfer";
import { validateTrainConfig } from "./validate-config";
import { validateAgainstData } from "./validate-data";
import { validateTransferAgainstData } from "./validate-transfer";

/** How long the loop may run without giving the event loop a turn (so a stop request gets through). */
const YIELD_EVERY_MS = 25;

/** The message of a diverged run; the UI and tests rely on its exact wording. */
export function divergedMessage(epoch: number): string {
  return `diverged at epoch ${epoch} — learning rate too high?`;
}

/** Independent random streams of a run, all derived from its seed (the data has its own, see prepare2D). */
function trainingStreams(seed: number): {
  init: Rng;
  dropout: Rng;
  shuffle: Rng;
  augment: Rng;
  pretrain: { init: Rng; dropout: Rng; shuffle: Rng; augment: Rng };
} {
  const root = new Rng(seed);
  root.fork(); // The first fork is the one prepare2D's split seed comes from; skip it.
  // New streams go last, so adding one leaves the earlier ones (and old runs' results) unchanged.
  const [init, dropout, shuffle, augment, pretrain] = [1, 2, 3, 4, 5].map(() => root.fork());
  return {
    init,
    dropout,
    shuffle,
    augment,
    pretrain: {
      init: pretrain.fork(),
      dropout: pretrain.fork(),
      shuffle: pretrain.fork(),
      augment: pretrain.fork(),
    },
  };
}

/** Where a run finds array datasets and keeps their tensors. */
export interface TrainOptions {
  /** The arrays handed to this worker, by dataset id (array datasets only). */
  datasets?: (id: string) => DatasetArrays | undefined;
  /** Keeps array datasets' tensors between runs; without one, a run uploads and disposes its own. */
  cache?: DataCache;
  /** How convolutions are computed; by default what the backend can train (tests compare both). */
  convMethod?: ConvMethod;
}

/** The message when a run names an array dataset the page has not handed over. */
export function missingDataMessage(id: string): string {
  return `Dataset "${id}" has not been handed to this worker`;
}

/** A zero-delay yield through a MessageChannel (setTimeout would be clamped to 4 ms when nested). */
function createYielder(): { yield: () => Promise<void>; close: () => void } {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return {
    yield: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(null);
      }),
    close: () => {
      channel.port1.close();
      channel.port2.close();
    },
  };
}

interface Best {
  epoch: number;
  valLoss: number;
  valMetric: number;
}

/**
 * Trains the model `config` describes; awaits `onEpoch` after every epoch and checks `shouldStop`
 * after every batch. Resolves with the outcome; rejects with a clear message on bad input.
 * Every tensor it creates is disposed before it returns, whatever the outcome.
 */
export async function trainModel(
  config: TrainConfig,
  onEpoch: (report: EpochReport) => void | Promise<void>,
  shouldStop: () => boolean,
  tf: Tf = tfDefault,
  options: TrainOptions = {},
): Promise<TrainResult> {
  validateTrainConfig(config);
  const started = performance.now();
  const spec = config.data;
  let arrays: DatasetArrays | null = null;
  if (spec.kind !== "2d") {
    arrays = options.datasets?.(spec.id) ?? null;
    if (!arrays) throw new Error(missingDataMessage(spec.id));
    validateAgainstData(config, arrays);
    validateTransferAgainstData(config.transfer, arrays);
  }
  // 2D data and uncached arrays are prepared here (`fresh`) and their tensors made below, in the try.
  let data: PreparedMeta;
  let fresh: PreparedData | null = null;
  let cachedTensors: DataTensors | null = null;
  if (spec.kind === "2d") {
    if (options.cache)
      ({ data, tensors: cachedTensors } = options.cache.get2d(tf, spec, config.seed, config.fold));
    else data = fresh = preparedData(spec, config.seed, config.fold);
  } else if (options.cache)
    ({ data, tensors: cachedTensors } = options.cache.get(tf, arrays!, spec, config.seed, config.fold));
  else data = fresh = preparedArrays(arrays!, spec, config.seed, config.fold);
  // Transfer: the run keeps only the target classes' rows; pretraining uses the source classes'.
  const transfer = config.transfer;
  const plan = transfer ? transferPlan(data, transfer) : null;
  if (plan) data = plan.data;
  const { task } = data;
  const nTrain = data.trainY.length;
  const nVal = data.valY.length;
  const valChunk = evaluationChunkRows(data.exampleShape, nVal);
  // With standardised targets the RMSE is reported in the target's own units.
  const metricScale = data.targetScale?.std ?? 1;
  const metricOf = (sum: number, n: number): number => metricFromSum(task, sum, n) * metricScale;
  const testChunk = evaluationChunkRows(data.exampleShape, data.testY?.length ?? 0);
  const batchSize = Math.min(config.batchSize, nTrain);
  const stepsPerEpoch = Math.ceil(nTrain / batchSize);
  const streams = trainingStreams(config.seed);
  const es = config.earlyStopping;
  const restoreBest = es.enabled && es.restoreBest;
  const minDelta = es.enabled ? es.minDelta : 0;

  const disposables: { dispose(): void }[] = [];
  const yielder = createYielder();
  let lastYield = performance.now();
  const pace = async (): Promise<void> => {
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await yielder.yield();
      lastYield = performance.now();
    }
  };
  try {
    const wholeTensors: DataTensors = cachedTensors ?? createDataTensors(tf, fresh!);
    if (wholeTensors !== cachedTensors) disposables.push(wholeTensors);
    const tensors = plan ? subsetTensors(tf, wholeTensors, plan.target, data) : wholeTensors;
    if (tensors !== wholeTensors) disposables.push(tensors);
    const grid = spec.kind === "2d" ? createGridTensor(tf, spec.features, config.boundaryResolution) : null;
    if (grid) disposables.push(grid);
    const nOutputs = task === "multiclass" ? data.classes : 1;
    const model = new Network(
      tf,
      config.model,
      data.exampleShape,
      nOutputs,
      streams.init,
      options.convMethod,
    );
    disposables.push(model);
    let pretrained: PretrainOutcome | null = null;
    if (plan?.source) {
      const input: PretrainInput = {
        tf,
        config: config as PretrainInput["config"],
        source: plan.source,
        wholeTensors,
        streams: streams.pretrain,
        convMethod: options.convMethod,
        pace,
        shouldStop,
      };
      pretrained = await pretrainInto(input, model);
    }
    const { variables, optimizer, updateMovingStats } = fineTuneSetup(tf, config, model);
    disposables.push(optimizer);
    // [sum of batch loss × batch size, sum of the metric] over the epoch, kept on the device.
    const epochSums = tf.tidy(() => tf.variable(tf.zeros([2]), false));
    disposables.push(epochSums);
    const snapshot: tfjs.Variable[] = [];
    disposables.push({ dispose: () => snapshot.forEach((v) => v.dispose()) });
    const context: StepContext = {
      tf,
      task,
      model,
      variables,
      optimizer,
      exampleShape: data.exampleShape,
      augment: config.augment,
      dropoutRng: streams.dropout,
      augmentRng: streams.augment,
      epochSums,
      updateMovingStats,
    };

    /** Epoch sums, validation loss and metric, and the boundary values, as one flat tensor (one download). */
    const evaluation = (): tfjs.Tensor1D => {
      const validation = setEvaluation(tf, model, task, tensors.valX, tensors.valY, valChunk);
      try {
        return tf.tidy(() => {
          const parts: tfjs.Tensor1D[] = [epochSums as tfjs.Tensor1D, validation];
          if (grid) parts.push(boundaryValues(tf, task, model.forward(grid, null)));
          return tf.concat(parts);
        });
      } finally {
        validation.dispose();
      }
    };

    const epochPlan = {
      trainX: tensors.trainX,
      trainY: tensors.trainY,
      batchSize,
      order: Array.from({ length: nTrain }, (_, i) => i),
      shuffleRng: streams.shuffle,
      rateAt: (s: number) =>
        learningRateAt(s, config.learningRate, config.schedule, stepsPerEpoch, config.epochs),
      pace,
      shouldStop,
    };
    let step = 0;
    let completed = 0;
    let best: Best | null = null;
    let status: TrainStatus = pretrained?.stopped ? "stopped" : "completed";
    let message = "";
    let sinceImprovement = 0;

    for (let epoch = 1; epoch <= config.epochs && status === "completed"; epoch++) {
      const epochStart = performance.now();
      tf.tidy(() => epochSums.assign(tf.zeros([2])));
      const { stepLrs, stopped } = await trainEpoch(context, epochPlan, step);
      step += stepLrs.length;
      if (stopped) {
        status = "stopped";
        break;
      }

      const summaryTensor = evaluation();
      const summary = await summaryTensor.data<"float32">();
      summaryTensor.dispose();
      const trainLoss = summary[0] / nTrain;
      const valLoss = summary[2];
      completed = epoch;
      if (!Number.isFinite(trainLoss) || !Number.isFinite(valLoss)) {
        status = "diverged";
        message = divergedMessage(epoch);
        break;
      }
      const valMetric = metricOf(summary[3], nVal);
      const epochMs = performance.now() - epochStart;
      if (!best || valLoss < best.valLoss - minDelta) {
        best = { epoch, valLoss, valMetric };
        sinceImprovement = 0;
        if (restoreBest) takeSnapshot(tf, model.all, snapshot);
      } else {
        sinceImprovement++;
      }
      const report: EpochReport = {
        epoch,
        trainLoss,
        valLoss,
        trainMetric: metricOf(summary[1], nTrain),
        valMetric,
        lr: stepLrs[stepLrs.length - 1],
        stepLrs,
        step,
        epochMs,
        samplesPerSec: nTrain / (epochMs / 1000),
      };
      if (grid) report.boundary = summary.slice(4);
      await onEpoch(report);
      lastYield = performance.now();
      if (es.enabled && sinceImprovement >= es.patience) {
        status = "early-stopped";
        message =
          `early-stopped at epoch ${epoch}: validation loss did not improve by more than ${es.minDelta} ` +
          `for ${es.patience} epoch${es.patience === 1 ? "" : "s"} (best epoch ${best.epoch})`;
      } else if (shouldStop()) {
        status = "stopped";
      }
    }

    const restored = restoreBest && best !== null && snapshot.length > 0 && best.epoch !== completed;
    if (restored) model.all.forEach((v, i) => v.assign(snapshot[i]));
    const bestEpoch = restoreBest && best ? best.epoch : completed;
    if (status === "completed") message = `completed ${completed} epoch${completed === 1 ? "" : "s"}`;
    if (status === "stopped") message = `stopped after ${completed} epoch${completed === 1 ? "" : "s"}`;
    if (pretrained?.stopped) {
      message = `stopped while pretraining, after ${pretrained.epochs} of ${transfer!.pretrain!.epochs} epochs`;
    }
    if (restored && status !== "diverged") message += `; restored the weights of epoch ${best!.epoch}`;

    return await finalResult({
      tf,
      model,
      data,
      tensors,
      transfer,
      metricOf,
      chunks: { val: valChunk, test: testChunk },
      end: { status, message, epochs: completed, bestEpoch, best, pretrained, started },
    });
  } finally {
    yielder.close();
    for (const d of disposables.reverse()) d.dispose();
  }
}

/** Copies the current values of `variables` into `snapshot` (variables share data until reassigned, so no copy kernel runs). */
function takeSnapshot(tf: Tf, variables: tfjs.Variable[], snapshot: tfjs.Variable[]): void {
  if (snapshot.length === 0) {
    for (const v of variables) snapshot.push(tf.variable(v, false));
  } else {
    variables.forEach((v, i) => snapshot[i].assign(v));
  }
}
