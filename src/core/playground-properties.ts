/**
 * The playground's one table of properties: every setting of a single run (everything a
 * TrainConfig holds, plus a few view switches), each with its URL key, type, default, range or
 * choices, label and tooltip. Defaults, validation, URL parsing and URL writing, and the page's
 * controls are all driven from this table (the idea of TensorFlow Playground's URL state). The
 * data, network and augmentation settings are in ./playground-properties-data, the optimizer and
 * schedule in ./playground-properties-training; the rest are here.
 */
import { AUGMENTATION_PROPERTIES, DATA_AND_NETWORK_PROPERTIES, only2D } from "./playground-properties-data";
import { TRAINING_PROPERTIES } from "./playground-properties-training";
import type { Property } from "./playground-property-types";

export * from "./playground-property-types";

export const PROPERTIES: readonly Property[] = [
  ...DATA_AND_NETWORK_PROPERTIES,
  ...TRAINING_PROPERTIES,
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
  ...AUGMENTATION_PROPERTIES,
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
    relevant: only2D,
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
