/**
 * The types of the playground's table of properties: the configuration it describes, the groups
 * of controls, and one interface per kind of setting.
 */
import type {
  Activation,
  BackendChoice,
  ConvBlock,
  Feature2D,
  Initializer,
  OptimizerName,
  ScheduleKind,
} from "../shared/train";
import type { DatasetGroup } from "./playground-dataset";

/** Everything the single-run playground needs: the run's settings (flattened) and view switches. */
export interface PlaygroundConfig {
  /** A 2D generator, a built-in table or image set of the catalog, or an upload ("upload-…"). */
  dataset: string;
  noise: number;
  samples: number;
  trainRatio: number;
  classes: number;
  features: Feature2D[];
  /** Array datasets: validation share of the non-test examples. */
  valRatio: number;
  /** Array datasets: test share (ignored when the source has its own test set). */
  testRatio: number;
  /** Image datasets: convolutional blocks before the dense layers. */
  conv: ConvBlock[];
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
  augShift: number;
  augFlip: boolean;
  augNoise: number;
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
  | "data"
  | "network"
  | "training"
  | "schedule"
  | "regularisation"
  | "augmentation"
  | "earlyStopping"
  | "run"
  | "view";

export const GROUP_LABELS: Record<PropertyGroup, string> = {
  data: "Data",
  network: "Network",
  training: "Training",
  schedule: "Schedule",
  regularisation: "Regularisation",
  augmentation: "Augmentation",
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

/** The dataset: a choice among the built-in ids, or the id of an upload stored in this browser. */
export interface DatasetProperty extends PropertyBase {
  kind: "dataset";
  /** Built-in datasets (2D generators, then the catalog's tables and images). */
  choices: readonly (Choice & { group: DatasetGroup })[];
  default: string;
}

export interface ConvProperty extends PropertyBase {
  kind: "conv";
  maxBlocks: number;
  minFilters: number;
  maxFilters: number;
  minKernel: number;
  maxKernel: number;
  default: ConvBlock[];
}

export type Property =
  | NumberProperty
  | ChoiceProperty
  | BooleanProperty
  | FeaturesProperty
  | LayersProperty
  | DatasetProperty
  | ConvProperty;
