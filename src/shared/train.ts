/**
 * Types that cross the worker boundary. Everything here is structured-clone safe
 * (plain objects, arrays and typed arrays), so it can go through comlink unchanged
 * and be stored in IndexedDB or put in an export file.
 */

export type Activation = "relu" | "tanh" | "sigmoid" | "elu" | "selu" | "swish" | "gelu" | "linear";
export type Initializer = "glorot" | "he" | "lecun";
export type OptimizerName = "sgd" | "momentum" | "nesterov" | "rmsprop" | "adam" | "adamw" | "adagrad";
export type ScheduleKind = "constant" | "step" | "exponential" | "cosine" | "cyclic" | "onecycle";
export type BackendName = "webgpu" | "webgl" | "wasm" | "cpu";
export type BackendChoice = "auto" | BackendName;
export type Task = "binary" | "multiclass" | "regression";

/** The 2D generators of TensorFlow Playground plus a few-class set. */
export type Generator2D =
  "circle" | "xor" | "gaussian" | "spiral" | "multiclass" | "reg-plane" | "reg-gaussian";
/** Input features computed from a 2D point (x1, x2). */
export type Feature2D = "x1" | "x2" | "x1sq" | "x2sq" | "x1x2" | "sinx1" | "sinx2";

export interface Dataset2DSpec {
  kind: "2d";
  generator: Generator2D;
  /** Number of points generated in total (train + validation). */
  samples: number;
  /** Noise level, 0 to 50 (percent, as in TensorFlow Playground). */
  noise: number;
  /** Number of classes for the "multiclass" generator (3 to 5); ignored otherwise. */
  classes: number;
  /** Fraction of the points used for training, e.g. 0.7; the rest is validation. */
  trainRatio: number;
  features: Feature2D[];
}

export type DatasetSpec = Dataset2DSpec;

export interface ModelConfig {
  /** Units of each hidden dense layer, input side first. Empty: a linear model. */
  hiddenLayers: number[];
  activation: Activation;
  /** Dropout rate after each hidden layer, 0 to 0.9. */
  dropout: number;
  batchNorm: boolean;
  l1: number;
  l2: number;
  init: Initializer;
}

export interface OptimizerConfig {
  name: OptimizerName;
  /** Momentum for "momentum"/"nesterov" and RMSprop's momentum. */
  momentum: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** RMSprop decay. */
  rho: number;
  /** Decoupled weight decay for AdamW. */
  weightDecay: number;
}

export interface ScheduleConfig {
  kind: ScheduleKind;
  /** Linear warmup from 0 to the base rate over this many epochs (may be fractional); 0 for none. */
  warmupEpochs: number;
  /** Step decay: multiply by `gamma` every `stepEpochs` epochs. Exponential: rate × gamma^epoch. */
  gamma: number;
  stepEpochs: number;
  /** Lowest rate reached by cosine, cyclic and one-cycle, as a fraction of the base rate. */
  minFactor: number;
  /** Cyclic: length of a half cycle in epochs. */
  cycleEpochs: number;
}

export interface EarlyStoppingConfig {
  enabled: boolean;
  patience: number;
  minDelta: number;
  restoreBest: boolean;
}

export interface TrainConfig {
  data: DatasetSpec;
  model: ModelConfig;
  optimizer: OptimizerConfig;
  learningRate: number;
  schedule: ScheduleConfig;
  batchSize: number;
  epochs: number;
  seed: number;
  earlyStopping: EarlyStoppingConfig;
  backend: BackendChoice;
  /** Side of the square grid on which the decision boundary is evaluated for 2D data; 0 for none. */
  boundaryResolution: number;
}

export interface EpochReport {
  /** 1-based epoch number. */
  epoch: number;
  trainLoss: number;
  valLoss: number;
  /** Accuracy for classification, RMSE for regression. */
  trainMetric: number;
  valMetric: number;
  /** Learning rate at the last step of the epoch. */
  lr: number;
  /** Learning rate of every step of this epoch (for the actual-rate chart). */
  stepLrs: number[];
  /** Global step count at the end of the epoch. */
  step: number;
  epochMs: number;
  samplesPerSec: number;
  /**
   * Model output on a boundaryResolution² grid over the data's extent, row-major from the
   * top-left: for binary, P(class 1); for multi-class, the argmax class; for regression, the value.
   */
  boundary?: Float32Array;
}

export type TrainStatus = "completed" | "stopped" | "early-stopped" | "diverged";

export interface TrainResult {
  status: TrainStatus;
  /** Human-readable reason, e.g. "diverged at epoch 7 — learning rate too high?". */
  message: string;
  epochs: number;
  /** The epoch whose weights the model ends with (best one when restoreBest is on). */
  bestEpoch: number;
  finalValLoss: number;
  finalValMetric: number;
  bestValLoss: number;
  bestValMetric: number;
  backend: BackendName;
  /** Classification: confusion[actual][predicted] counts on the validation set. */
  confusion?: number[][];
  /** Regression: validation [actual, predicted] pairs. */
  predictions?: { actual: Float32Array; predicted: Float32Array };
  totalMs: number;
}

/** Facts about the backend a worker ended up on, shown to the person. */
export interface BackendInfo {
  name: BackendName;
  /** Why this one: forced, or the auto choice with its reason (e.g. "WebGPU adapter is software (SwiftShader)"). */
  reason: string;
  adapter?: string;
  isFallbackAdapter?: boolean;
}
