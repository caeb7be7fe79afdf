/**
 * The data, network and augmentation part of the playground's table of properties: what is
 * learned, and by which network (see ./playground-properties for the whole table).
 */
import { FEATURES_2D } from "./datasets/features";
import { GENERATORS_2D } from "./datasets/generators2d";
import { DATASET_CARDS } from "./datasets/catalog";
import {
  CONV_LIMITS,
  datasetGroupOrDefault,
  is2DGenerator,
  suggestedSettings,
  type DatasetGroup,
} from "./playground-dataset";
import type { Choice, PlaygroundConfig, Property } from "./playground-property-types";

export const forGroup =
  (...groups: DatasetGroup[]) =>
  (config: PlaygroundConfig): boolean =>
    groups.includes(datasetGroupOrDefault(config.dataset));
export const only2D = forGroup("2d");

const DATASET_CHOICES: (Choice & { group: DatasetGroup })[] = [
  ...GENERATORS_2D.map((g) => ({ value: g.id as string, label: g.label, group: "2d" as const })),
  ...DATASET_CARDS.filter((c) => c.group !== "2d" && !is2DGenerator(c.id)).map((c) => ({
    value: c.id,
    label: c.name,
    group: c.group,
  })),
];

/** Dataset, data and network settings, in the order of the controls. */
export const DATA_AND_NETWORK_PROPERTIES: readonly Property[] = [
  // Data
  {
    key: "dataset",
    urlKey: "dataset",
    kind: "dataset",
    label: "Dataset",
    group: "data",
    choices: DATASET_CHOICES,
    default: "circle",
    tooltip:
      "What to learn: 2D shapes drawn on the plane, small real tables (Iris, Wine …), images (digits, MNIST, Fashion-MNIST) or a CSV of your own.",
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
    relevant: only2D,
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
    relevant: only2D,
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
    relevant: only2D,
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
    relevant: (c) => c.dataset === "multiclass",
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
    relevant: only2D,
    tooltip:
      "What the network sees of each point. x1 and x2 alone need hidden layers for curved shapes; x1², x2² make the circle easy.",
  },
  {
    key: "valRatio",
    urlKey: "val",
    kind: "number",
    integer: false,
    min: 0.05,
    max: 0.5,
    step: 0.05,
    default: 0.2,
    label: "Validation fraction",
    group: "data",
    relevant: forGroup("table", "image"),
    tooltip:
      "Share of the examples outside the test set held out to validate each epoch. Usually 0.1 to 0.3.",
  },
  {
    key: "testRatio",
    urlKey: "test",
    kind: "number",
    integer: false,
    min: 0,
    max: 0.4,
    step: 0.05,
    default: 0.2,
    label: "Test fraction",
    group: "data",
    relevant: forGroup("table", "image"),
    tooltip:
      "Share of the examples kept aside and scored once, after training, for an unbiased estimate. Usually 0.1 to 0.3; 0 for no test set.",
  },
  // Network
  {
    key: "conv",
    urlKey: "conv",
    kind: "conv",
    ...CONV_LIMITS,
    default: suggestedSettings("image").conv ?? [],
    label: "Conv blocks",
    group: "network",
    relevant: forGroup("image"),
    tooltip:
      "Convolution blocks before the dense layers, 0 to 4: each a same-padded convolution with its activation and an optional 2×2 pooling. 1 to 3 blocks of 8 to 64 filters with 3×3 kernels suit small images.",
  },
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
];

/** Image augmentation settings (image data only). */
export const AUGMENTATION_PROPERTIES: readonly Property[] = [
  // Augmentation
  {
    key: "augShift",
    urlKey: "augShift",
    kind: "number",
    integer: true,
    min: 0,
    max: 8,
    step: 1,
    default: 0,
    label: "Random shift",
    group: "augmentation",
    relevant: forGroup("image"),
    tooltip:
      "Largest random shift of each training image, in pixels along each axis (empty border filled with 0). Usually 1 to 2 for 8×8 digits, 2 to 4 for 28×28 images; 0 for none.",
  },
  {
    key: "augFlip",
    urlKey: "augFlip",
    kind: "boolean",
    default: false,
    label: "Random flips",
    group: "augmentation",
    relevant: forGroup("image"),
    tooltip:
      "Mirror each training image left to right with probability 1/2. Good for clothes (Fashion-MNIST), wrong for digits, whose mirror image is not the same digit.",
  },
  {
    key: "augNoise",
    urlKey: "augNoise",
    kind: "number",
    integer: false,
    min: 0,
    max: 0.5,
    step: 0.01,
    default: 0,
    label: "Pixel noise",
    group: "augmentation",
    relevant: forGroup("image"),
    tooltip:
      "Standard deviation of Gaussian noise added to the training pixels (values 0 to 1). Usually 0.02 to 0.1; 0 for none.",
  },
];
