/**
 * Which playground settings a study may tune, with the bounds any range must respect (taken from
 * the playground's own table, so the two cannot disagree) and the range a person would start from.
 * Hidden layers are tuned through `layers` (the count) and either `units` (shared by every layer)
 * or `units_1`..`units_6` (one per layer, each existing only when `layers` reaches it).
 */
import { CONV_LIMITS } from "../playground-dataset";
import {
  propertyOf,
  type ChoiceProperty,
  type ConfigKey,
  type LayersProperty,
  type NumberProperty,
  type PlaygroundConfig,
} from "../playground-config";
import type { ConvBlock, TrainConfig } from "../../shared/train";
import type { StudyDataKind } from "./study-dataset";
import type {
  CategoricalParam,
  FloatParam,
  IntParam,
  ParamSpec,
  ParamValue,
  SearchSpace,
} from "../search/types";

const LAYERS = propertyOf("hiddenLayers") as LayersProperty;

/** Most hidden layers a network may have (so `units_1`..`units_<MAX_LAYERS>` exist). */
export const MAX_LAYERS = LAYERS.maxLayers;
export const MIN_UNITS = LAYERS.minUnits;
export const MAX_UNITS = LAYERS.maxUnits;
/** Units of a layer added by a tuned `layers` when no units parameter and no base layer says otherwise. */
export const DEFAULT_UNITS = 8;

interface TunableBase {
  /** The parameter's name in the search space (a PlaygroundConfig key for settings tuned directly). */
  key: string;
  label: string;
  /** When and why to tune it, for a tooltip. */
  hint: string;
  /** The kinds of data it makes sense for (absent: every kind). */
  dataKinds?: readonly StudyDataKind[];
}

export interface NumericTunable extends TunableBase {
  kind: "float" | "int";
  /** Bounds every range (and every listed value) must stay within. */
  min: number;
  max: number;
  /** The range a person would start from. */
  default: FloatParam | IntParam;
}

export interface ChoiceTunable extends TunableBase {
  kind: "categorical";
  /** Every value the setting can take. */
  choices: readonly ParamValue[];
  /** The choices a person would start from. */
  default: CategoricalParam;
}

export type Tunable = NumericTunable | ChoiceTunable;

function numeric(
  key: ConfigKey,
  range: Omit<FloatParam, "type"> | Omit<IntParam, "type">,
  hint: string,
): NumericTunable {
  const prop = propertyOf(key) as NumberProperty;
  const kind = prop.integer ? "int" : "float";
  return {
    key,
    label: prop.label,
    kind,
    min: prop.min,
    max: prop.max,
    default: { type: kind, ...range },
    hint,
  };
}

function choice(key: ConfigKey, start: readonly ParamValue[], hint: string): ChoiceTunable {
  const prop = propertyOf(key);
  const choices: ParamValue[] =
    prop.kind === "boolean" ? [false, true] : (prop as ChoiceProperty).choices.map((c) => c.value);
  return {
    key,
    label: prop.label,
    kind: "categorical",
    choices,
    default: { type: "categorical", choices: [...start] },
    hint,
  };
}

function unitsOfLayer(k: number): NumericTunable {
  return {
    key: `units_${k}`,
    label: `Units of layer ${k}`,
    kind: "int",
    min: MIN_UNITS,
    max: MAX_UNITS,
    default: { type: "int", low: 4, high: 64, log: true },
    hint: `Width of hidden layer ${k}; exists only in trials with at least ${k} layer${k === 1 ? "" : "s"}.`,
  };
}

/** Every tunable setting, in the order a person meets them. */
export const TUNABLE: readonly Tunable[] = [
  numeric(
    "learningRate",
    { low: 1e-4, high: 1e-1, log: true },
    "The first thing to tune; search it on a log scale.",
  ),
  numeric(
    "batchSize",
    { low: 16, high: 256, log: true },
    "Small batches are noisier; large ones need a higher learning rate.",
  ),
  numeric(
    "epochs",
    { low: 20, high: 300, log: true },
    "Longer training; usually better fixed and left to early stopping or a pruner.",
  ),
  numeric("dropout", { low: 0, high: 0.5 }, "Against overfitting on noisy data."),
  numeric(
    "l1",
    { low: 1e-6, high: 1e-2, log: true },
    "Sparse weights; a log range, as useful values span decades.",
  ),
  numeric("l2", { low: 1e-6, high: 1e-2, log: true }, "Small weights and smooth boundaries; a log range."),
  choice(
    "optimizer",
    ["sgd", "momentum", "adam", "rmsprop"],
    "Which update rule; tune the learning rate with it.",
  ),
  choice("activation", ["relu", "tanh", "elu", "gelu"], "The non-linearity of the hidden layers."),
  choice(
    "init",
    ["glorot", "he", "lecun"],
    "How the first weights are drawn; matters most for deep networks.",
  ),
  choice("batchNorm", [false, true], "Normalising each layer often allows higher learning rates."),
  choice(
    "schedule",
    ["constant", "step", "cosine", "onecycle"],
    "How the learning rate changes during training.",
  ),
  numeric("warmupEpochs", { low: 0, high: 5 }, "A short warmup steadies the first epochs at high rates."),
  numeric("momentum", { low: 0.8, high: 0.99 }, "For the momentum optimizers and RMSprop."),
  numeric("weightDecay", { low: 1e-5, high: 1e-1, log: true }, "AdamW's decoupled decay; a log range."),
  {
    key: "layers",
    label: "Hidden layers",
    kind: "int",
    min: 0,
    max: MAX_LAYERS,
    default: { type: "int", low: 1, high: 3 },
    hint: "Depth of the network; pair it with units or units_1, units_2, ...",
  },
  {
    key: "units",
    label: "Units per layer",
    kind: "int",
    min: MIN_UNITS,
    max: MAX_UNITS,
    default: { type: "int", low: 4, high: 64, log: true },
    hint: "One width shared by every hidden layer.",
  },
  ...Array.from({ length: MAX_LAYERS }, (_, i) => unitsOfLayer(i + 1)),
  {
    key: "convFilters",
    label: "Conv filters",
    kind: "int",
    min: CONV_LIMITS.minFilters,
    max: CONV_LIMITS.maxFilters,
    default: { type: "int", low: 4, high: 32, log: true },
    hint: "Filters of the first conv block; later blocks keep the base's proportions (e.g. double).",
    dataKinds: ["image"],
  },
  {
    key: "convKernel",
    label: "Conv kernel",
    kind: "categorical",
    choices: [1, 3, 5, 7],
    default: { type: "categorical", choices: [3, 5] },
    hint: "Side of every conv block's square kernel: larger sees wider patterns, costs more.",
    dataKinds: ["image"],
  },
  {
    ...numeric(
      "augShift",
      { low: 0, high: 2 },
      "Random shifts of training images; 1 to 2 pixels suit 8×8 digits.",
    ),
    dataKinds: ["image"],
  },
  {
    ...choice(
      "augFlip",
      [false, true],
      "Mirrored training images; only where that keeps the label (clothes, not digits).",
    ),
    dataKinds: ["image"],
  },
  {
    ...numeric("augNoise", { low: 0, high: 0.1 }, "Gaussian noise on training pixels; 0.02 to 0.1 is usual."),
    dataKinds: ["image"],
  },
];

/** Tunables applied to the worker's TrainConfig (conv blocks, augmentation), not to a playground setting. */
const TRAIN_LEVEL_KEYS: readonly string[] = ["convFilters", "convKernel"];

/** Whether a tunable is meaningful for a kind of data. */
export function tunableFitsData(tunable: Tunable, kind: StudyDataKind): boolean {
  return tunable.dataKinds === undefined || tunable.dataKinds.includes(kind);
}

/**
 * Applies the conv parameters to a trial's TrainConfig: `convFilters` sets the first block's
 * filters and scales the others by the same factor (so 8,16 with 4 becomes 4,8), `convKernel`
 * sets every block's kernel. (Augmentation settings are playground settings, applied before.)
 */
export function applyTrainLevelParams(config: TrainConfig, params: Record<string, ParamValue>): TrainConfig {
  const out: TrainConfig = { ...config, model: { ...config.model } };
  const blocks = config.model.conv ?? [];
  if (typeof params.convFilters === "number" || typeof params.convKernel === "number") {
    if (blocks.length === 0) {
      throw new Error("Conv filters and kernel can only be tuned when the base network has conv blocks");
    }
    const first = blocks[0].filters;
    out.model.conv = blocks.map((b): ConvBlock => {
      const filters =
        typeof params.convFilters === "number"
          ? Math.round((b.filters * params.convFilters) / first)
          : b.filters;
      return {
        ...b,
        filters: Math.min(CONV_LIMITS.maxFilters, Math.max(CONV_LIMITS.minFilters, filters)),
        kernel: typeof params.convKernel === "number" ? params.convKernel : b.kernel,
      };
    });
  }
  return out;
}

const BY_KEY = new Map<string, Tunable>(TUNABLE.map((t) => [t.key, t]));

/** The tunable with this parameter name, or undefined. */
export function tunableOf(key: string): Tunable | undefined {
  return BY_KEY.get(key);
}

/** The layer number k of a `units_k` parameter name, or null for any other name. */
export function layerOfUnits(key: string): number | null {
  const match = /^units_([1-9]\d*)$/.exec(key);
  if (!match) return null;
  const k = Number(match[1]);
  return k <= MAX_LAYERS ? k : null;
}

/** Whether a tunable sets a PlaygroundConfig field of the same name (all but the layer parameters). */
export function setsConfigField(key: string): key is ConfigKey {
  return (
    key !== "layers" &&
    key !== "units" &&
    layerOfUnits(key) === null &&
    !TRAIN_LEVEL_KEYS.includes(key) &&
    BY_KEY.has(key)
  );
}

function clamp(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, x));
}

/** Rounds to 2 significant digits, so a range around 0.03 reads 0.003..0.3 rather than 0.0030000000000000005. */
function twoDigits(x: number): number {
  return Number(x.toPrecision(2));
}

/**
 * The spec a person starts from when adding parameter `key` to `space` for a study over `base`:
 * the learning rate spans a decade either side of the current one, and `units_k` is made
 * conditional on `layers` when the layer count is tuned too.
 */
export function defaultParamSpec(key: string, base: PlaygroundConfig, space: SearchSpace): ParamSpec {
  const tunable = tunableOf(key);
  if (!tunable)
    throw new Error(`"${key}" is not a tunable setting (known: ${TUNABLE.map((t) => t.key).join(", ")})`);
  const spec = JSON.parse(JSON.stringify(tunable.default)) as ParamSpec;
  if (key === "learningRate" && spec.type === "float") {
    const t = tunable as NumericTunable;
    const lr = clamp(base.learningRate, t.min, t.max);
    spec.low = twoDigits(clamp(lr / 10, t.min, t.max));
    spec.high = twoDigits(clamp(lr * 10, t.min, t.max));
    if (spec.low >= spec.high) spec.low = t.min;
  }
  const k = layerOfUnits(key);
  if (k !== null && Object.hasOwn(space, "layers")) spec.condition = { param: "layers", min: k };
  return spec;
}
