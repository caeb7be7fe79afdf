/**
 * The playground's one table of properties: every setting of a single run (everything a
 * TrainConfig holds, plus a few view switches), each with its URL key, type, default, range or
 * choices, label and tooltip. Defaults, validation, URL parsing and URL writing, and the page's
 * controls are all driven from this table (the idea of TensorFlow Playground's URL state).
 */
import type {
  Activation,
  BackendChoice,
  Feature2D,
  Generator2D,
  Initializer,
  OptimizerName,
  ScheduleKind,
} from "../shared/train";
import { FEATURES_2D } from "./datasets/features";
import { GENERATORS_2D } from "./datasets/generators2d";
import { SCHEDULE_KINDS, defaultSchedule } from "./schedules";

/** Everything the single-run playground needs: the run's settings (flattened) and view switches. */
export interface PlaygroundConfig {
  dataset: Generator2D;
  noise: number;
  samples: number;
  trainRatio: number;
  classes: number;
  features: Feature2D[];
  hiddenLayers: number[];
  activation: Activation;
  init: Initializer;
  batchNorm: boolean;
  optimizer: OptimizerName;
  learningRate: number;
  momentum: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  rho: number;
  weightDecay: number;
  batchSize: number;
  epochs: number;
  schedule: ScheduleKind;
  warmupEpochs: number;
  gamma: number;
  stepEpochs: number;
  minFactor: number;
  cycleEpochs: number;
  dropout: number;
  l1: number;
  l2: number;
  earlyStopping: boolean;
  patience: number;
  minDelta: number;
  restoreBest: boolean;
  seed: number;
  backend: BackendChoice;
  boundaryResolution: number;
  logLoss: boolean;
  showValidation: boolean;
  discretize: boolean;
}

export type ConfigKey = keyof PlaygroundConfig;

/** The fieldset a control belongs to; "view" switches sit beside the charts. */
export type PropertyGroup =
  "data" | "network" | "training" | "schedule" | "regularisation" | "earlyStopping" | "run" | "view";

export const GROUP_LABELS: Record<PropertyGroup, string> = {
  data: "Data",
  network: "Network",
  training: "Training",
  schedule: "Schedule",
  regularisation: "Regularisation",
  earlyStopping: "Early stopping",
  run: "Run",
  view: "View",
};

interface PropertyBase {
  key: ConfigKey;
  /** Name of the parameter in the page URL. */
  urlKey: string;
  /** Visible label, also the control's accessible name. */
  label: string;
  /** What the setting does and its usual range, in a sentence or two. */
  tooltip: string;
  group: PropertyGroup;
  /** Whether the setting matters for this configuration (e.g. momentum only for momentum optimizers). */
  relevant?: (config: PlaygroundConfig) => boolean;
}

export interface NumberProperty extends PropertyBase {
  kind: "number";
  integer: boolean;
  min: number;
  max: number;
  /** Step of the arrow keys in the control. */
  step: number;
  default: number;
}

export interface Choice {
  value: string;
  label: string;
}

export interface ChoiceProperty extends PropertyBase {
  kind: "choice";
  choices: readonly Choice[];
  default: string;
}

export interface BooleanProperty extends PropertyBase {
  kind: "boolean";
  default: boolean;
}

export interface FeaturesProperty extends PropertyBase {
  kind: "features";
  choices: readonly Choice[];
  default: Feature2D[];
}

export interface LayersProperty extends PropertyBase {
  kind: "layers";
  maxLayers: number;
  minUnits: number;
  maxUnits: number;
  default: number[];
}

export type Property = NumberProperty | ChoiceProperty | BooleanProperty | FeaturesProperty | LayersProperty;

const uses =
  (key: ConfigKey, values: readonly string[]) =>
  (config: PlaygroundConfig): boolean =>
    values.includes(config[key] as string);

const scheduleUses = (field: "gamma" | "stepEpochs" | "minFactor" | "cycleEpochs") =>
  uses(
    "schedule",
    SCHEDULE_KINDS.filter((k) => k.uses.includes(field)).map((k) => k.id),
  );

const schedule = defaultSchedule();

export const PROPERTIES: readonly Property[] = [
  // Data
  {
    key: "dataset",
    urlKey: "dataset",
    kind: "choice",
    label: "Dataset",
    group: "data",
    choices: GENERATORS_2D.map((g) => ({ value: g.id, label: g.label })),
    default: "circle",
    tooltip: "The 2D problem to learn: four binary shapes, a few-class set and two regression surfaces.",
  },
  {
    key: "noise",
    urlKey: "noise",
    kind: "number",
    integer: true,
    min: 0,
    max: 50,
    step: 5,
    default: 0,
    label: "Noise",
    group: "data",
    tooltip: "How much the points are scattered, in percent. 0 is clean; 20 to 30 makes overfitting visible.",
  },
  {
    key: "samples",
    urlKey: "samples",
    kind: "number",
    integer: true,
    min: 20,
    max: 5000,
    step: 50,
    default: 500,
    label: "Samples",
    group: "data",
    tooltip: "Points generated in all, training and validation together. Usually 200 to 1000.",
  },
  {
    key: "trainRatio",
    urlKey: "split",
    kind: "number",
    integer: false,
    min: 0.1,
    max: 0.9,
    step: 0.05,
    default: 0.7,
    label: "Training fraction",
    group: "data",
    tooltip: "Fraction of the points used for training; the rest is validation. Usually 0.6 to 0.8.",
  },
  {
    key: "classes",
    urlKey: "classes",
    kind: "number",
    integer: true,
    min: 3,
    max: 5,
    step: 1,
    default: 3,
    label: "Classes",
    group: "data",
    relevant: uses("dataset", ["multiclass"]),
    tooltip: "Number of classes of the multi-class set, 3 to 5.",
  },
  {
    key: "features",
    urlKey: "features",
    kind: "features",
    choices: FEATURES_2D.map((f) => ({ value: f.id, label: f.label })),
    default: ["x1", "x2"],
    label: "Input features",
    group: "data",
    tooltip:
      "What the network sees of each point. x1 and x2 alone need hidden layers for curved shapes; x1², x2² make the circle easy.",
  },
  // Network
  {
    key: "hiddenLayers",
    urlKey: "layers",
    kind: "layers",
    maxLayers: 6,
    minUnits: 1,
    maxUnits: 256,
    default: [4, 2],
    label: "Hidden layers",
    group: "network",
    tooltip:
      "Number of hidden dense layers, 0 to 6 (0 is a linear model), and the units of each. 1 to 3 layers of 4 to 16 units suit these sets.",
  },
  {
    key: "activation",
    urlKey: "activation",
    kind: "choice",
    choices: [
      { value: "relu", label: "ReLU" },
      { value: "tanh", label: "Tanh" },
      { value: "sigmoid", label: "Sigmoid" },
      { value: "elu", label: "ELU" },
      { value: "selu", label: "SELU" },
      { value: "swish", label: "Swish" },
      { value: "gelu", label: "GELU" },
      { value: "linear", label: "Linear" },
    ],
    default: "tanh",
    label: "Activation",
    group: "network",
    tooltip:
      "Non-linearity after each hidden layer. ReLU is the usual default; tanh gives smooth boundaries here.",
  },
  {
    key: "init",
    urlKey: "init",
    kind: "choice",
    choices: [
      { value: "glorot", label: "Glorot" },
      { value: "he", label: "He" },
      { value: "lecun", label: "LeCun" },
    ],
    default: "glorot",
    label: "Initializer",
    group: "network",
    tooltip:
      "How the starting weights are drawn. Glorot (also called Xavier) suits tanh and sigmoid, He suits ReLU, LeCun suits SELU.",
  },
  {
    key: "batchNorm",
    urlKey: "batchNorm",
    kind: "boolean",
    default: false,
    label: "Batch normalisation",
    group: "network",
    tooltip:
      "Normalise each hidden layer's outputs over the batch. Helps deep networks train with higher rates.",
  },
  // Training
  {
    key: "optimizer",
    urlKey: "optimizer",
    kind: "choice",
    choices: [
      { value: "sgd", label: "SGD" },
      { value: "momentum", label: "SGD with momentum" },
      { value: "nesterov", label: "Nesterov momentum" },
      { value: "rmsprop", label: "RMSprop" },
      { value: "adam", label: "Adam" },
      { value: "adamw", label: "AdamW" },
      { value: "adagrad", label: "Adagrad" },
    ],
    default: "adam",
    label: "Optimizer",
    group: "training",
    tooltip: "The update rule. Adam is a robust default; plain SGD needs a larger learning rate.",
  },
  {
    key: "learningRate",
    urlKey: "lr",
    kind: "number",
    integer: false,
    min: 0.00001,
    max: 10,
    step: 0.001,
    default: 0.03,
    label: "Learning rate",
    group: "training",
    tooltip:
      "Size of each update. Usually 1e-4 to 1e-1 for Adam, 0.01 to 1 for SGD; too high and the loss diverges.",
  },
  {
    key: "momentum",
    urlKey: "momentum",
    kind: "number",
    integer: false,
    min: 0,
    max: 0.999,
    step: 0.01,
    default: 0.9,
    label: "Momentum",
    group: "training",
    relevant: uses("optimizer", ["momentum", "nesterov", "rmsprop"]),
    tooltip:
      "Fraction of the previous update carried into the next one. Usually 0.8 to 0.99 (0 for RMSprop without momentum).",
  },
  {
    key: "beta1",
    urlKey: "beta1",
    kind: "number",
    integer: false,
    min: 0,
    max: 0.9999,
    step: 0.01,
    default: 0.9,
    label: "Beta 1",
    group: "training",
    relevant: uses("optimizer", ["adam", "adamw"]),
    tooltip: "Decay of Adam's running mean of gradients. Usually 0.9.",
  },
  {
    key: "beta2",
    urlKey: "beta2",
    kind: "number",
    integer: false,
    min: 0,
    max: 0.99999,
    step: 0.001,
    default: 0.999,
    label: "Beta 2",
    group: "training",
    relevant: uses("optimizer", ["adam", "adamw"]),
    tooltip: "Decay of Adam's running mean of squared gradients. Usually 0.99 to 0.999.",
  },
  {
    key: "epsilon",
    urlKey: "epsilon",
    kind: "number",
    integer: false,
    min: 1e-10,
    max: 0.1,
    step: 1e-7,
    default: 1e-7,
    label: "Epsilon",
    group: "training",
    relevant: uses("optimizer", ["adam", "adamw", "rmsprop", "adagrad"]),
    tooltip: "Small constant that keeps the adaptive step finite. Usually 1e-8 to 1e-7.",
  },
  {
    key: "rho",
    urlKey: "rho",
    kind: "number",
    integer: false,
    min: 0,
    max: 0.9999,
    step: 0.01,
    default: 0.9,
    label: "Rho",
    group: "training",
    relevant: uses("optimizer", ["rmsprop"]),
    tooltip: "Decay of RMSprop's running mean of squared gradients. Usually 0.9.",
  },
  {
    key: "weightDecay",
    urlKey: "weightDecay",
    kind: "number",
    integer: false,
    min: 0,
    max: 1,
    step: 0.001,
    default: 0.01,
    label: "Weight decay",
    group: "training",
    relevant: uses("optimizer", ["adamw"]),
    tooltip: "AdamW's decoupled shrinking of the weights at each step. Usually 1e-4 to 1e-1.",
  },
  {
    key: "batchSize",
    urlKey: "batch",
    kind: "number",
    integer: true,
    min: 1,
    max: 4096,
    step: 8,
    default: 32,
    label: "Batch size",
    group: "training",
    tooltip: "Examples per update. Usually 32 to 256; small batches are noisier and slower per epoch.",
  },
  {
    key: "epochs",
    urlKey: "epochs",
    kind: "number",
    integer: true,
    min: 1,
    max: 5000,
    step: 10,
    default: 100,
    label: "Epochs",
    group: "training",
    tooltip: "Passes over the training set. 50 to 300 suit these small sets.",
  },
  // Schedule
  {
    key: "schedule",
    urlKey: "schedule",
    kind: "choice",
    choices: SCHEDULE_KINDS.map((k) => ({ value: k.id, label: k.label })),
    default: schedule.kind,
    label: "Schedule",
    group: "schedule",
    tooltip:
      "How the learning rate changes during training. Cosine and one-cycle often end at a lower loss than a constant rate.",
  },
  {
    key: "warmupEpochs",
    urlKey: "warmup",
    kind: "number",
    integer: false,
    min: 0,
    max: 1000,
    step: 1,
    default: schedule.warmupEpochs,
    label: "Warmup",
    group: "schedule",
    tooltip:
      "Epochs over which the rate climbs linearly to its base value at the start; 0 for none. Usually 0 to 5.",
  },
  {
    key: "gamma",
    urlKey: "gamma",
    kind: "number",
    integer: false,
    min: 0.01,
    max: 1,
    step: 0.05,
    default: schedule.gamma,
    label: "Decay factor",
    group: "schedule",
    relevant: scheduleUses("gamma"),
    tooltip:
      "Step decay multiplies the rate by this every interval (usually 0.1 to 0.5); exponential multiplies by it every epoch (usually 0.9 to 0.99).",
  },
  {
    key: "stepEpochs",
    urlKey: "stepEvery",
    kind: "number",
    integer: false,
    min: 0.1,
    max: 5000,
    step: 1,
    default: schedule.stepEpochs,
    label: "Decay interval",
    group: "schedule",
    relevant: scheduleUses("stepEpochs"),
    tooltip: "Step decay: number of epochs between two decays. Usually a third to a tenth of the run.",
  },
  {
    key: "minFactor",
    urlKey: "minFactor",
    kind: "number",
    integer: false,
    min: 0,
    max: 1,
    step: 0.01,
    default: schedule.minFactor,
    label: "Lowest rate factor",
    group: "schedule",
    relevant: scheduleUses("minFactor"),
    tooltip: "Lowest rate reached, as a fraction of the base rate. Usually 0 to 0.1.",
  },
  {
    key: "cycleEpochs",
    urlKey: "cycle",
    kind: "number",
    integer: false,
    min: 0.1,
    max: 5000,
    step: 1,
    default: schedule.cycleEpochs,
    label: "Half cycle",
    group: "schedule",
    relevant: scheduleUses("cycleEpochs"),
    tooltip:
      "Cyclic: epochs to go from the base rate down to the lowest rate (and as many back up). Usually 2 to 10.",
  },
  // Regularisation
  {
    key: "dropout",
    urlKey: "dropout",
    kind: "number",
    integer: false,
    min: 0,
    max: 0.9,
    step: 0.05,
    default: 0,
    label: "Dropout",
    group: "regularisation",
    tooltip:
      "Fraction of hidden units zeroed at random in each training step, against overfitting. Usually 0.2 to 0.5; 0 for none.",
  },
  {
    key: "l1",
    urlKey: "l1",
    kind: "number",
    integer: false,
    min: 0,
    max: 1,
    step: 0.0001,
    default: 0,
    label: "L1 penalty",
    group: "regularisation",
    tooltip:
      "Penalty on the absolute weights; pushes unneeded weights to exactly zero. Usually 1e-5 to 1e-3; 0 for none.",
  },
  {
    key: "l2",
    urlKey: "l2",
    kind: "number",
    integer: false,
    min: 0,
    max: 1,
    step: 0.0001,
    default: 0,
    label: "L2 penalty",
    group: "regularisation",
    tooltip:
      "Penalty on the squared weights; keeps them small and the boundary smooth. Usually 1e-5 to 1e-2; 0 for none.",
  },
  // Early stopping
  {
    key: "earlyStopping",
    urlKey: "earlyStop",
    kind: "boolean",
    default: false,
    label: "Use early stopping",
    group: "earlyStopping",
    tooltip: "End training when the validation loss has stopped improving.",
  },
  {
    key: "patience",
    urlKey: "patience",
    kind: "number",
    integer: true,
    min: 1,
    max: 1000,
    step: 1,
    default: 10,
    label: "Patience",
    group: "earlyStopping",
    relevant: (c) => c.earlyStopping,
    tooltip: "Epochs without improvement before stopping. Usually 5 to 20.",
  },
  {
    key: "minDelta",
    urlKey: "minDelta",
    kind: "number",
    integer: false,
    min: 0,
    max: 10,
    step: 0.0001,
    default: 0.0001,
    label: "Min improvement",
    group: "earlyStopping",
    relevant: (c) => c.earlyStopping,
    tooltip: "A validation loss must drop by more than this to count as an improvement. Usually 0 to 0.001.",
  },
  {
    key: "restoreBest",
    urlKey: "restoreBest",
    kind: "boolean",
    default: true,
    label: "Restore best weights",
    group: "earlyStopping",
    relevant: (c) => c.earlyStopping,
    tooltip: "End with the weights of the epoch that had the lowest validation loss.",
  },
  // Run
  {
    key: "seed",
    urlKey: "seed",
    kind: "number",
    integer: true,
    min: 0,
    max: 2147483647,
    step: 1,
    default: 1,
    label: "Seed",
    group: "run",
    tooltip: "Seeds the data, the split and the initial weights: the same seed gives the same run.",
  },
  {
    key: "backend",
    urlKey: "backend",
    kind: "choice",
    choices: [
      { value: "auto", label: "Auto" },
      { value: "webgpu", label: "WebGPU" },
      { value: "webgl", label: "WebGL" },
      { value: "wasm", label: "WebAssembly" },
      { value: "cpu", label: "CPU (plain JavaScript)" },
    ],
    default: "auto",
    label: "Backend",
    group: "run",
    tooltip:
      "Where TensorFlow.js computes. Auto picks the fastest that works here; small networks are often fastest on WebAssembly.",
  },
  {
    key: "boundaryResolution",
    urlKey: "resolution",
    kind: "number",
    integer: true,
    min: 0,
    max: 100,
    step: 10,
    default: 40,
    label: "Boundary grid",
    group: "run",
    tooltip:
      "Side of the grid on which the decision boundary is drawn after each epoch; 0 for none. 30 to 60 is smooth enough.",
  },
  // View
  {
    key: "logLoss",
    urlKey: "logLoss",
    kind: "boolean",
    default: false,
    label: "Log scale",
    group: "view",
    tooltip: "Draw the loss on a logarithmic axis, which shows late progress better.",
  },
  {
    key: "showValidation",
    urlKey: "showVal",
    kind: "boolean",
    default: true,
    label: "Show validation points",
    group: "view",
    tooltip: "Draw the validation points (white outline) over the boundary as well as the training points.",
  },
  {
    key: "discretize",
    urlKey: "discretize",
    kind: "boolean",
    default: false,
    label: "Discretize output",
    group: "view",
    tooltip: "Colour the boundary by predicted class only, instead of by confidence.",
  },
];
