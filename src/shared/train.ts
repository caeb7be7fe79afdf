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
  | "circle"
  | "xor"
  | "gaussian"
  | "spiral"
  | "moons"
  | "checkerboard"
  | "multiclass"
  | "reg-plane"
  | "reg-gaussian"
  | "reg-sine";
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
  /**
   * Points of a separate held-out test set, drawn from the same generator with a seed of their
   * own (not counted in `samples`); absent or 0: no test set.
   */
  testSamples?: number;
}

/**
 * A dataset given as whole arrays: built in (shipped in public/datasets, or generated such as
 * Friedman #1) or a CSV the person uploaded (kept in IndexedDB). The page hands its arrays
 * (DatasetArrays) to each worker once; a TrainConfig refers to them by `id`.
 */
export interface ArrayDatasetSpec {
  kind: "builtin" | "upload";
  /** Catalog id of a built-in dataset ("iris", "digits", "mnist", "friedman1" ...) or an upload's id ("upload-<uuid>"). */
  id: string;
  /** Fraction of the examples held out for validation (of those not in the test set), e.g. 0.2. */
  valRatio: number;
  /** Fraction held out as the test set, e.g. 0.2; ignored when the dataset has its source's own test set. */
  testRatio: number;
}

export type DatasetSpec = Dataset2DSpec | ArrayDatasetSpec;

/**
 * A whole dataset as the page hands it to a worker (its buffers transferred, once per worker).
 * Tables arrive already numeric (categorical columns one-hot encoded), not standardised: the
 * worker standardises with statistics of the training part only.
 */
export interface DatasetArrays {
  id: string;
  task: Task;
  /** Number of classes; 1 for regression. */
  classes: number;
  /** Class names (classification), in class-index order. */
  classNames: string[];
  /** Column names of a table, in order; for images, e.g. ["pixel"]. */
  featureNames: string[];
  /** Shape of one example: [nFeatures] for a table, [height, width, channels] for images. */
  exampleShape: number[];
  /** n × product(exampleShape) values, row-major. Uint8 for images (scaled by xScale), Float32 for tables. */
  x: Float32Array | Uint8Array;
  /** The value of x is x[i] × xScale (1/255 for 8-bit images, 1 otherwise). */
  xScale: number;
  /** n targets: class index for classification, the value for regression. */
  y: Float32Array;
  /** Standardise each feature with training statistics (tables: true; images: false). */
  standardize: boolean;
  /** When the source has its own test set, its examples are the last `sourceTestCount` rows. 0 otherwise. */
  sourceTestCount: number;
}

/** One convolutional block for image data: convolution (same padding), activation, optional pooling. */
export interface ConvBlock {
  filters: number;
  /** Square kernel side, e.g. 3. */
  kernel: number;
  /** 2×2 pooling after the convolution, or none. */
  pool: "max" | "avg" | "none";
}

/** Random changes applied to each training image every epoch (never to validation or test images). */
export interface AugmentConfig {
  /** Largest shift in pixels along each axis (0 for none). */
  shift: number;
  /** Mirror left-right with probability 1/2 (for data where that keeps the label, e.g. clothes, not digits). */
  flip: boolean;
  /** Standard deviation of Gaussian noise added to pixel values in [0, 1] (0 for none). */
  noise: number;
}

export interface ModelConfig {
  /** Convolutional blocks before the dense layers (image data only), then a flatten. Absent or empty: none. */
  conv?: ConvBlock[];
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
  /** Image augmentation (image data only); absent: none. */
  augment?: AugmentConfig;
  /**
   * k-fold cross-validation: train on every fold but `index` of the non-test examples and validate
   * on fold `index` (0-based, k from 3 to 10). Absent: the dataset's own train/validation split.
   */
  fold?: { k: number; index: number };
  /**
   * Transfer learning on a classification array dataset: train and validate on `classes` only
   * (relabelled 0..k−1 in the order given), with at most `examplesPerClass` training examples of
   * each, optionally after pretraining on other classes. Absent: the whole dataset.
   */
  transfer?: TransferConfig;
}

/**
 * Which classes a transfer run learns, with how few examples, and what it starts from. The run
 * reports its epochs on the target classes only; pretraining happens first, inside the same call.
 */
export interface TransferConfig {
  /** The target classes (dataset class indices, distinct, at least 2): what the run trains, validates and tests on. */
  classes: number[];
  /** Training examples kept of each target class (the first ones of the seeded split); 0 keeps all. */
  examplesPerClass: number;
  /**
   * Pretrain on other classes first, keep every layer below the output (convolutions and hidden
   * layers), put a new output layer on top and fine-tune. Absent: train from scratch.
   */
  pretrain?: {
    /** The source classes (distinct, at least 2, none of the target classes); all their training examples are used. */
    classes: number[];
    /** Epochs of pretraining (same optimizer, base rate and schedule shape as the run). */
    epochs: number;
    /** Batch size of pretraining; absent: the run's. (The source task usually has far more examples.) */
    batchSize?: number;
    /**
     * Learning-rate factor of the kept lower layers while fine-tuning: 0 freezes them (their
     * weights do not change), 1 trains them at the full rate, in between at a smaller rate.
     */
    lowerRateFactor: number;
  };
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
  /** Loss and metric on the held-out test set with the final weights (when the run has a test set). */
  testLoss?: number;
  testMetric?: number;
  /** Validation examples the final model gets wrong (classification, at most 64): row index in the dataset, actual and predicted class. */
  misclassified?: { index: number; actual: number; predicted: number }[];
  /**
   * Transfer runs with pretraining: the source task's validation loss and accuracy after the last
   * pretraining epoch. (With `transfer`, confusion is in the order of `transfer.classes`, while
   * misclassified names the dataset's own class indices.)
   */
  pretrain?: { epochs: number; valLoss: number; valMetric: number; ms: number };
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
