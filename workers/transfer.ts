/**
 * Transfer learning inside one training call: the run's split is cut down to some classes (the
 * target task, relabelled 0..k−1, with few training examples per class), and optionally a network
 * is first pretrained on other classes (the source task); its layers below the output are copied
 * into the run's network, which gets a new output layer and is fine-tuned with those lower layers
 * frozen or at a smaller rate. Everything here works on the split the run already has (cached on
 * the device or not), by gathering rows, so the source and target tasks never share an example.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { learningRateAt } from "../src/core/schedules";
import type { Rng } from "../src/core/rng";
import type { OptimizerConfig, TrainConfig, TransferConfig } from "../src/shared/train";
import type { ConvMethod } from "./conv";
import type { DataTensors } from "./data-tensors";
import { evaluationChunkRows, evaluationTensor } from "./evaluate";
import { metricFromSum, targetTensor } from "./losses";
import type { Tf } from "./model";
import { Network } from "./network";
import { createOptimizer, type OptimizedParam, type Optimizer } from "./optimizers";
import type { PreparedMeta } from "./prepared-data";
import { trainEpoch, type StepContext } from "./train-step";

/** Positions, within the split's training, validation and test parts, of the rows a task keeps. */
export interface ClassRows {
  train: number[];
  val: number[];
  test: number[];
}

type Labels = Pick<PreparedMeta, "trainY" | "valY" | "testY">;

/**
 * The rows of `classes` in each part of the split, in split order; at most `examplesPerClass`
 * training rows per class (0: all). Throws naming the class when one has no training example, and
 * when the classes have no validation example.
 */
export function classRows(
  labels: Labels,
  classes: number[],
  examplesPerClass: number,
  role: string,
): ClassRows {
  const wanted = new Set(classes);
  const pick = (y: Float32Array | null, limit: number): number[] => {
    const rows: number[] = [];
    const taken = new Map<number, number>();
    y?.forEach((label, i) => {
      if (!wanted.has(label)) return;
      const count = taken.get(label) ?? 0;
      if (limit > 0 && count >= limit) return;
      taken.set(label, count + 1);
      rows.push(i);
    });
    return rows;
  };
  const rows = {
    train: pick(labels.trainY, examplesPerClass),
    val: pick(labels.valY, 0),
    test: pick(labels.testY, 0),
  };
  const missing = classes.find((c) => !rows.train.some((i) => labels.trainY[i] === c));
  if (missing !== undefined) {
    throw new Error(`Transfer ${role} class ${missing} has no training examples in this split`);
  }
  if (rows.val.length === 0) {
    throw new Error(
      `Transfer ${role} classes [${classes.join(", ")}] have no validation examples in this split`,
    );
  }
  return rows;
}

/** What a transfer run trains on: its target task's data and rows, and its source task's when it pretrains. */
export interface TransferPlan {
  data: PreparedMeta;
  target: ClassRows;
  source: { rows: ClassRows; data: PreparedMeta } | null;
}

/** Cuts the run's whole split into the target task (and the source task when it pretrains). */
export function transferPlan(whole: PreparedMeta, transfer: TransferConfig): TransferPlan {
  let source: TransferPlan["source"] = null;
  if (transfer.pretrain) {
    const rows = classRows(whole, transfer.pretrain.classes, 0, "source");
    source = { rows, data: subsetMeta(whole, rows, transfer.pretrain.classes) };
  }
  const target = classRows(whole, transfer.classes, transfer.examplesPerClass, "target");
  return { data: subsetMeta(whole, target, transfer.classes), target, source };
}

/** The metadata of a class subset: labels relabelled to positions in `classes`, validation rows named by dataset row. */
export function subsetMeta(meta: PreparedMeta, rows: ClassRows, classes: number[]): PreparedMeta {
  const index = new Map(classes.map((c, i) => [c, i]));
  const relabel = (y: Float32Array, positions: number[]) =>
    Float32Array.from(positions, (p) => index.get(y[p])!);
  const valY = relabel(meta.valY, rows.val);
  const hasTest = meta.testY !== null && rows.test.length > 0;
  return {
    task: "multiclass",
    classes: classes.length,
    exampleShape: meta.exampleShape.slice(),
    nFeatures: meta.nFeatures,
    trainY: relabel(meta.trainY, rows.train),
    valY,
    testY: hasTest ? relabel(meta.testY!, rows.test) : null,
    valRows: meta.valRows ? rows.val.map((p) => meta.valRows![p]) : null,
    targetScale: null,
    valActual: valY,
  };
}

/** The subset's tensors, gathered from the whole split's (which stay the caller's). */
export function subsetTensors(tf: Tf, whole: DataTensors, rows: ClassRows, meta: PreparedMeta): DataTensors {
  const made: tfjs.Tensor[] = [];
  const track = <T extends tfjs.Tensor>(t: T): T => {
    made.push(t);
    return t;
  };
  const gather = (x: tfjs.Tensor2D, positions: number[]) =>
    track(tf.tidy(() => tf.gather(x, tf.tensor1d(positions, "int32"))));
  const targets = (y: Float32Array) => track(targetTensor(tf, "multiclass", y, meta.classes));
  try {
    const hasTest = meta.testY !== null && whole.testX !== null;
    return {
      trainX: gather(whole.trainX, rows.train),
      trainY: targets(meta.trainY),
      valX: gather(whole.valX, rows.val),
      valY: targets(meta.valY),
      testX: hasTest ? gather(whole.testX!, rows.test) : null,
      testY: hasTest ? targets(meta.testY!) : null,
      count: made.length,
      dispose: () => made.forEach((t) => t.dispose()),
    };
  } catch (err) {
    made.forEach((t) => t.dispose());
    throw err;
  }
}

/**
 * One optimizer over groups of parameters, each at its own fraction of the step's rate (like
 * PyTorch's parameter groups); gradients arrive in the groups' order. Groups with factor 0 must be
 * left out by the caller (a frozen variable gets no gradient at all).
 */
export function groupedOptimizer(
  tf: Tf,
  config: OptimizerConfig,
  groups: { params: OptimizedParam[]; factor: number }[],
): Optimizer {
  const parts: { optimizer: Optimizer; factor: number; size: number }[] = [];
  try {
    for (const g of groups.filter((g) => g.params.length > 0)) {
      parts.push({
        optimizer: createOptimizer(tf, config, g.params),
        factor: g.factor,
        size: g.params.length,
      });
    }
  } catch (err) {
    parts.forEach((p) => p.optimizer.dispose());
    throw err;
  }
  return {
    step: (grads, lr) => {
      let offset = 0;
      for (const p of parts) {
        p.optimizer.step(grads.slice(offset, offset + p.size), lr * p.factor);
        offset += p.size;
      }
    },
    dispose: () => parts.forEach((p) => p.optimizer.dispose()),
  };
}

/**
 * What a run trains: every variable with one optimizer, or after pretraining, the lower layers at
 * `lowerRateFactor` of the rate (none when 0: frozen) and the new output layer at the full rate;
 * and whether batch-norm statistics move.
 */
export function fineTuneSetup(
  tf: Tf,
  config: TrainConfig,
  model: Network,
): { variables: tfjs.Variable[]; optimizer: Optimizer; updateMovingStats: boolean } {
  const param = (variable: tfjs.Variable): OptimizedParam => ({
    variable,
    decay: model.kernels.includes(variable),
  });
  const pretrain = config.transfer?.pretrain;
  if (!pretrain) {
    const optimizer = createOptimizer(tf, config.optimizer, model.trainable.map(param));
    return { variables: model.trainable, optimizer, updateMovingStats: true };
  }
  const factor = pretrain.lowerRateFactor;
  const lower = factor > 0 ? model.trainable.filter((v) => model.lower.includes(v)) : [];
  const head = model.trainable.filter((v) => !model.lower.includes(v));
  const optimizer = groupedOptimizer(tf, config.optimizer, [
    { params: lower.map(param), factor },
    { params: head.map(param), factor: 1 },
  ]);
  // Frozen layers keep their batch-norm statistics too and normalise with them (Keras's frozen batch norm).
  return { variables: [...lower, ...head], optimizer, updateMovingStats: factor > 0 };
}

/** What pretraining needs besides the config. */
export interface PretrainInput {
  tf: Tf;
  config: TrainConfig & { transfer: TransferConfig & { pretrain: NonNullable<TransferConfig["pretrain"]> } };
  /** The source task (relabelled) and the whole split's tensors its rows are gathered from. */
  source: NonNullable<TransferPlan["source"]>;
  wholeTensors: DataTensors;
  /** Streams of the pretraining run, independent of the fine-tuning run's. */
  streams: { init: Rng; dropout: Rng; shuffle: Rng; augment: Rng };
  convMethod?: ConvMethod;
  pace: () => Promise<void>;
  shouldStop: () => boolean;
}

export interface PretrainOutcome {
  epochs: number;
  valLoss: number;
  valMetric: number;
  stopped: boolean;
  ms: number;
}

/**
 * Pretrains a network of the run's shape on the source classes and copies its lower layers into
 * `target` (whose output layer stays as initialised). Every tensor it makes is disposed before it
 * returns.
 */
export async function pretrainInto(input: PretrainInput, target: Network): Promise<PretrainOutcome> {
  const { tf, config, streams } = input;
  const { data, rows } = input.source;
  const started = performance.now();
  const epochs = config.transfer.pretrain.epochs;
  const batchSize = config.transfer.pretrain.batchSize ?? config.batchSize;
  const nTrain = data.trainY.length;
  const stepsPerEpoch = Math.ceil(nTrain / Math.min(batchSize, nTrain));
  const disposables: { dispose(): void }[] = [];
  try {
    const tensors = subsetTensors(tf, input.wholeTensors, rows, data);
    disposables.push(tensors);
    const model = new Network(
      tf,
      config.model,
      data.exampleShape,
      data.classes,
      streams.init,
      input.convMethod,
    );
    disposables.push(model);
    const params = model.trainable.map((variable) => ({ variable, decay: model.kernels.includes(variable) }));
    const optimizer = createOptimizer(tf, config.optimizer, params);
    disposables.push(optimizer);
    const epochSums = tf.tidy(() => tf.variable(tf.zeros([2]), false));
    disposables.push(epochSums);
    const context: StepContext = {
      tf,
      task: "multiclass",
      model,
      variables: model.trainable,
      optimizer,
      exampleShape: data.exampleShape,
      augment: config.augment,
      dropoutRng: streams.dropout,
      augmentRng: streams.augment,
      epochSums,
      updateMovingStats: true,
    };
    const plan = {
      trainX: tensors.trainX,
      trainY: tensors.trainY,
      batchSize,
      order: Array.from({ length: nTrain }, (_, i) => i),
      shuffleRng: streams.shuffle,
      rateAt: (step: number) =>
        learningRateAt(step, config.learningRate, config.schedule, stepsPerEpoch, epochs),
      pace: input.pace,
      shouldStop: input.shouldStop,
    };
    let completed = 0;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const { stopped } = await trainEpoch(context, plan, (epoch - 1) * stepsPerEpoch);
      if (stopped)
        return {
          epochs: completed,
          valLoss: NaN,
          valMetric: NaN,
          stopped: true,
          ms: performance.now() - started,
        };
      completed = epoch;
    }
    const nVal = data.valY.length;
    const chunk = evaluationChunkRows(data.exampleShape, nVal);
    const evaluation = evaluationTensor(tf, model, "multiclass", tensors.valX, tensors.valY, false, chunk);
    const [valLoss, metricSum] = await evaluation.data<"float32">();
    evaluation.dispose();
    // Same architecture, so the lower variables pair up one to one.
    model.lower.forEach((v, i) => target.lower[i].assign(v));
    return {
      epochs: completed,
      valLoss,
      valMetric: metricFromSum("multiclass", metricSum, nVal),
      stopped: false,
      ms: performance.now() - started,
    };
  } finally {
    for (const d of disposables.reverse()) d.dispose();
  }
}
