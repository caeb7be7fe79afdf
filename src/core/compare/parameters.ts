/**
 * The hyperparameters a comparison can vary: each with its URL id, label, kind (a number with a
 * range, or a choice), the axis it reads best on, and how a value is put into a playground
 * configuration. Ranges and choices come from the playground's own table of properties, so a
 * value the compare view accepts is one the playground accepts too.
 */
import {
  plainNumber,
  propertyOf,
  type ChoiceProperty,
  type ConfigKey,
  type NumberProperty,
  type PlaygroundConfig,
} from "../playground-config";

/** A value of a compared parameter: a number, or the id of a choice ("adam", "relu"). */
export type ParamValue = number | string;

interface ParameterBase {
  /** The id in the URL ("lr", "width"). */
  id: string;
  label: string;
  /** A short name for legends and notes ("Width" rather than "Width (units per hidden layer)"). */
  short: string;
  /** The value list shown when nothing else is given. */
  example: string;
  /** The base configuration's value of this parameter. */
  current: (config: PlaygroundConfig) => ParamValue;
  /** A copy of the configuration with this parameter set to `value`. */
  apply: (config: PlaygroundConfig, value: ParamValue) => PlaygroundConfig;
}

export interface NumberParameter extends ParameterBase {
  kind: "number";
  min: number;
  max: number;
  integer: boolean;
  /** Read on a log axis (when every value is positive): rates, batch sizes, widths, penalties. */
  log: boolean;
}

export interface ChoiceParameter extends ParameterBase {
  kind: "choice";
  choices: { value: string; label: string }[];
}

export type CompareParameter = NumberParameter | ChoiceParameter;

function numberParam(id: string, key: ConfigKey, log: boolean, example: string): NumberParameter {
  const prop = propertyOf(key) as NumberProperty;
  return {
    id,
    label: prop.label,
    short: prop.label,
    kind: "number",
    min: prop.min,
    max: prop.max,
    integer: prop.integer,
    log,
    example,
    current: (c) => c[key] as number,
    apply: (c, v) => ({ ...c, [key]: v }),
  };
}

function choiceParam(id: string, key: ConfigKey, example: string): ChoiceParameter {
  const prop = propertyOf(key) as ChoiceProperty;
  return {
    id,
    label: prop.label,
    short: prop.label,
    kind: "choice",
    choices: prop.choices.map((c) => ({ value: c.value, label: c.label })),
    example,
    current: (c) => c[key] as string,
    apply: (c, v) => ({ ...c, [key]: v }),
  };
}

/** Width used when the base network has no hidden layer and depth is varied. */
const DEFAULT_WIDTH = 8;

export const COMPARE_PARAMETERS: readonly CompareParameter[] = [
  numberParam("lr", "learningRate", true, "0.001, 0.03, 1"),
  numberParam("batch", "batchSize", true, "8, 32, 128"),
  numberParam("dropout", "dropout", false, "0, 0.2, 0.4"),
  numberParam("l2", "l2", true, "0.0001, 0.001, 0.01"),
  numberParam("l1", "l1", true, "0.00001, 0.0001, 0.001"),
  {
    id: "width",
    label: "Width (units per hidden layer)",
    short: "Width",
    kind: "number",
    min: 1,
    max: 256,
    integer: true,
    log: true,
    example: "2, 8, 32",
    current: (c) => c.hiddenLayers[0] ?? DEFAULT_WIDTH,
    // Every hidden layer gets the width; a linear model gets one hidden layer.
    apply: (c, v) => ({
      ...c,
      hiddenLayers: Array.from({ length: Math.max(1, c.hiddenLayers.length) }, () => v as number),
    }),
  },
  {
    id: "depth",
    label: "Depth (hidden layers)",
    short: "Depth",
    kind: "number",
    min: 0,
    max: 6,
    integer: true,
    log: false,
    example: "1, 2, 3",
    current: (c) => c.hiddenLayers.length,
    // Every layer as wide as the base network's first.
    apply: (c, v) => ({
      ...c,
      hiddenLayers: Array.from({ length: v as number }, () => c.hiddenLayers[0] ?? DEFAULT_WIDTH),
    }),
  },
  numberParam("warmup", "warmupEpochs", false, "0, 2, 5"),
  numberParam("momentum", "momentum", false, "0, 0.5, 0.9"),
  numberParam("weightDecay", "weightDecay", true, "0.001, 0.01, 0.1"),
  choiceParam("optimizer", "optimizer", "sgd, momentum, adam"),
  choiceParam("activation", "activation", "relu, tanh, sigmoid"),
  choiceParam("init", "init", "glorot, he, lecun"),
  choiceParam("schedule", "schedule", "constant, cosine"),
];

/** The parameter with URL id `id`, or undefined. */
export function compareParameter(id: string): CompareParameter | undefined {
  return COMPARE_PARAMETERS.find((p) => p.id === id);
}

/** The text of a value for a person: numbers in plain decimals, choices by their label. */
export function formatParamValue(param: CompareParameter, value: ParamValue): string {
  if (param.kind === "choice") return param.choices.find((c) => c.value === value)?.label ?? String(value);
  return plainNumber(value as number);
}

/** Whether the parameter's values read best on a log axis: a log parameter with every value positive. */
export function useLogAxis(param: CompareParameter, values: readonly ParamValue[]): boolean {
  return param.kind === "number" && param.log && values.every((v) => (v as number) > 0);
}
