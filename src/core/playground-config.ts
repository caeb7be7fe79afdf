/**
 * The playground configuration: defaults, validation, URL parsing and URL writing, all driven by
 * the one table of properties in ./playground-properties. A link holds every setting, so opening
 * it reproduces the run.
 */
import type { DatasetSpec, Feature2D, TrainConfig } from "../shared/train";
import {
  datasetGroupOrDefault,
  formatConvBlocks,
  is2DGenerator,
  isUploadId,
  parseConvBlocks,
} from "./playground-dataset";
import {
  PROPERTIES,
  type ConfigKey,
  type DatasetProperty,
  type LayersProperty,
  type PlaygroundConfig,
  type Property,
} from "./playground-properties";

export * from "./playground-properties";
export * from "./playground-dataset";

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; message: string };

const BY_KEY = new Map<ConfigKey, Property>(PROPERTIES.map((p) => [p.key, p]));
const BY_URL_KEY = new Map<string, Property>(PROPERTIES.map((p) => [p.urlKey, p]));

/** The property of a config key; throws for a key the table does not know. */
export function propertyOf(key: ConfigKey): Property {
  const prop = BY_KEY.get(key);
  if (!prop) throw new Error(`Unknown playground setting "${String(key)}"`);
  return prop;
}

/** Whether a setting matters for this configuration (irrelevant ones are hidden, but kept and written). */
export function isRelevant(prop: Property, config: PlaygroundConfig): boolean {
  return prop.relevant ? prop.relevant(config) : true;
}

/** A fresh configuration holding every default of the table. */
export function defaultConfig(): PlaygroundConfig {
  const config: Record<string, unknown> = {};
  for (const p of PROPERTIES) config[p.key] = Array.isArray(p.default) ? [...p.default] : p.default;
  return config as unknown as PlaygroundConfig;
}

/** A number written in plain decimals (0.00001, not 1e-5), for messages a person reads. */
export function plainNumber(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });
}

/** The text of a value as it appears in the URL and in the page's controls. */
export function formatValue(prop: Property, value: unknown): string {
  switch (prop.kind) {
    case "number":
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    case "choice":
    case "dataset":
      return String(value);
    case "conv":
      return formatConvBlocks(value as PlaygroundConfig["conv"]);
    case "features":
    case "layers":
      return (value as (string | number)[]).join(",");
  }
}

const NUMBER_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** Checks a number typed by a person or read from a URL against a range. */
export function checkNumber(
  label: string,
  raw: string,
  min: number,
  max: number,
  integer: boolean,
): ValidationResult<number> {
  const text = raw.trim();
  const value = NUMBER_PATTERN.test(text) ? Number(text) : NaN;
  const ok = Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (ok) return { ok: true, value };
  const kind = integer ? "a whole number" : "a number";
  return {
    ok: false,
    message: `${label} must be ${kind} between ${plainNumber(min)} and ${plainNumber(max)}, got '${raw}'`,
  };
}

function listOf(raw: string): string[] {
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function checkLayers(prop: LayersProperty, raw: string): ValidationResult<number[]> {
  const parts = listOf(raw);
  const units = parts.map((p) => checkNumber(prop.label, p, prop.minUnits, prop.maxUnits, true));
  if (parts.length <= prop.maxLayers && units.every((u) => u.ok)) {
    return { ok: true, value: units.map((u) => (u as { value: number }).value) };
  }
  return {
    ok: false,
    message:
      `${prop.label} must be up to ${prop.maxLayers} comma-separated unit counts, each a whole number ` +
      `between ${prop.minUnits} and ${prop.maxUnits}, got '${raw}'`,
  };
}

function checkDataset(prop: DatasetProperty, raw: string): ValidationResult<string> {
  const id = raw.trim();
  if (prop.choices.some((c) => c.value === id) || isUploadId(id)) return { ok: true, value: id };
  const names = prop.choices.map((c) => c.value).join(", ");
  return {
    ok: false,
    message: `${prop.label} must be one of ${names} or an uploaded dataset's id (upload-…), got '${raw}'`,
  };
}

function checkProperty(prop: Property, raw: string): ValidationResult<unknown> {
  switch (prop.kind) {
    case "number":
      return checkNumber(prop.label, raw, prop.min, prop.max, prop.integer);
    case "boolean": {
      const text = raw.trim().toLowerCase();
      if (text === "true" || text === "false") return { ok: true, value: text === "true" };
      return { ok: false, message: `${prop.label} must be true or false, got '${raw}'` };
    }
    case "choice": {
      const choice = prop.choices.find((c) => c.value === raw.trim());
      if (choice) return { ok: true, value: choice.value };
      const names = prop.choices.map((c) => c.value).join(", ");
      return { ok: false, message: `${prop.label} must be one of ${names}, got '${raw}'` };
    }
    case "features": {
      const names = prop.choices.map((c) => c.value);
      const parts = listOf(raw);
      if (parts.length > 0 && parts.every((p) => names.includes(p))) {
        // Canonical order, no duplicates, so equal sets give equal URLs.
        return { ok: true, value: names.filter((n) => parts.includes(n)) as Feature2D[] };
      }
      return {
        ok: false,
        message: `${prop.label} must be a comma-separated list of at least one of ${names.join(", ")}, got '${raw}'`,
      };
    }
    case "layers":
      return checkLayers(prop, raw);
    case "dataset":
      return checkDataset(prop, raw);
    case "conv":
      try {
        return { ok: true, value: parseConvBlocks(raw) };
      } catch (e) {
        return { ok: false, message: (e as Error).message };
      }
  }
}

/** Validates the text of one setting; the message names the setting, its range or choices, and the text. */
export function validateValue<K extends ConfigKey>(
  key: K,
  raw: string,
): ValidationResult<PlaygroundConfig[K]> {
  return checkProperty(propertyOf(key), raw) as ValidationResult<PlaygroundConfig[K]>;
}

/** Validates the number of hidden layers typed in the layer-count control. */
export function validateLayerCount(raw: string): ValidationResult<number> {
  const prop = propertyOf("hiddenLayers") as LayersProperty;
  return checkNumber(prop.label, raw, 0, prop.maxLayers, true);
}

/** Validates the units of one hidden layer (`index` is 0-based). */
export function validateUnits(raw: string, index: number): ValidationResult<number> {
  const prop = propertyOf("hiddenLayers") as LayersProperty;
  return checkNumber(`Layer ${index + 1} units`, raw, prop.minUnits, prop.maxUnits, true);
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/**
 * Reads a configuration from a query string ("?lr=0.1&epochs=50" or without "?"). Missing settings
 * take their defaults; a bad or unknown one is ignored and reported in `errors`.
 */
export function parseConfig(search: string): { config: PlaygroundConfig; errors: string[] } {
  const config = defaultConfig() as unknown as Record<string, unknown>;
  const errors: string[] = [];
  const query = search.startsWith("?") ? search.slice(1) : search;
  for (const pair of query.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    const raw = decode(eq < 0 ? "" : pair.slice(eq + 1));
    if (name === null || raw === null) {
      errors.push(`Could not read "${pair}" from the link (bad % escape); ignored`);
      continue;
    }
    const prop = BY_URL_KEY.get(name);
    if (!prop) {
      errors.push(`Unknown setting "${name}" in the link; ignored`);
      continue;
    }
    const result = checkProperty(prop, raw);
    if (result.ok) {
      config[prop.key] = result.value;
    } else {
      const fallback = formatValue(prop, prop.default);
      errors.push(
        `${result.message} (from "${name}" in the link); using the default ${fallback || "(none)"}`,
      );
    }
  }
  return { config: config as unknown as PlaygroundConfig, errors };
}

function encode(text: string): string {
  // Commas are legal in a query and keep lists readable.
  return encodeURIComponent(text).replace(/%2C/g, ",");
}

/** Writes every setting into a query string (without "?"), in table order. */
export function serializeConfig(config: PlaygroundConfig): string {
  return PROPERTIES.map((p) => `${p.urlKey}=${encode(formatValue(p, config[p.key]))}`).join("&");
}

/** The worker's dataset spec of a configuration: generated 2D points, or a built-in or uploaded array dataset. */
export function datasetSpecOf(c: PlaygroundConfig): DatasetSpec {
  if (is2DGenerator(c.dataset)) {
    return {
      kind: "2d",
      generator: c.dataset,
      samples: c.samples,
      noise: c.noise,
      classes: c.classes,
      trainRatio: c.trainRatio,
      features: [...c.features],
    };
  }
  return {
    kind: isUploadId(c.dataset) ? "upload" : "builtin",
    id: c.dataset,
    valRatio: c.valRatio,
    testRatio: c.testRatio,
  };
}

/**
 * The worker's TrainConfig for a playground configuration. Conv blocks and augmentation go with
 * image data only (the worker refuses convolutions on anything else).
 */
export function toTrainConfig(c: PlaygroundConfig): TrainConfig {
  const images = datasetGroupOrDefault(c.dataset) === "image";
  const config: TrainConfig = {
    data: datasetSpecOf(c),
    model: {
      ...(images ? { conv: c.conv.map((b) => ({ ...b })) } : {}),
      hiddenLayers: [...c.hiddenLayers],
      activation: c.activation,
      dropout: c.dropout,
      batchNorm: c.batchNorm,
      l1: c.l1,
      l2: c.l2,
      init: c.init,
    },
    optimizer: {
      name: c.optimizer,
      momentum: c.momentum,
      beta1: c.beta1,
      beta2: c.beta2,
      epsilon: c.epsilon,
      rho: c.rho,
      weightDecay: c.weightDecay,
    },
    learningRate: c.learningRate,
    schedule: {
      kind: c.schedule,
      warmupEpochs: c.warmupEpochs,
      gamma: c.gamma,
      stepEpochs: c.stepEpochs,
      minFactor: c.minFactor,
      cycleEpochs: c.cycleEpochs,
    },
    batchSize: c.batchSize,
    epochs: c.epochs,
    seed: c.seed,
    earlyStopping: {
      enabled: c.earlyStopping,
      patience: c.patience,
      minDelta: c.minDelta,
      restoreBest: c.restoreBest,
    },
    backend: c.backend,
    boundaryResolution: is2DGenerator(c.dataset) ? c.boundaryResolution : 0,
  };
  if (images) config.augment = { shift: c.augShift, flip: c.augFlip, noise: c.augNoise };
  return config;
}

/**
 * The playground configuration of a TrainConfig. Settings the TrainConfig does not carry (view
 * switches, the 2D settings of an array dataset and the other way round, conv blocks and
 * augmentation of non-image data, the boundary grid of non-2D data) come from `rest`, over the defaults.
 */
export function fromTrainConfig(t: TrainConfig, rest: Partial<PlaygroundConfig> = {}): PlaygroundConfig {
  const base: PlaygroundConfig = { ...defaultConfig(), ...rest };
  const data =
    t.data.kind === "2d"
      ? {
          dataset: t.data.generator as string,
          noise: t.data.noise,
          samples: t.data.samples,
          trainRatio: t.data.trainRatio,
          classes: t.data.classes,
          features: [...t.data.features],
          valRatio: base.valRatio,
          testRatio: base.testRatio,
        }
      : {
          dataset: t.data.id,
          noise: base.noise,
          samples: base.samples,
          trainRatio: base.trainRatio,
          classes: base.classes,
          features: [...base.features],
          valRatio: t.data.valRatio,
          testRatio: t.data.testRatio,
        };
  return {
    ...data,
    conv: (t.model.conv ?? base.conv).map((b) => ({ ...b })),
    hiddenLayers: [...t.model.hiddenLayers],
    activation: t.model.activation,
    init: t.model.init,
    batchNorm: t.model.batchNorm,
    optimizer: t.optimizer.name,
    learningRate: t.learningRate,
    momentum: t.optimizer.momentum,
    beta1: t.optimizer.beta1,
    beta2: t.optimizer.beta2,
    epsilon: t.optimizer.epsilon,
    rho: t.optimizer.rho,
    weightDecay: t.optimizer.weightDecay,
    batchSize: t.batchSize,
    epochs: t.epochs,
    schedule: t.schedule.kind,
    warmupEpochs: t.schedule.warmupEpochs,
    gamma: t.schedule.gamma,
    stepEpochs: t.schedule.stepEpochs,
    minFactor: t.schedule.minFactor,
    cycleEpochs: t.schedule.cycleEpochs,
    dropout: t.model.dropout,
    l1: t.model.l1,
    l2: t.model.l2,
    augShift: t.augment?.shift ?? base.augShift,
    augFlip: t.augment?.flip ?? base.augFlip,
    augNoise: t.augment?.noise ?? base.augNoise,
    earlyStopping: t.earlyStopping.enabled,
    patience: t.earlyStopping.patience,
    minDelta: t.earlyStopping.minDelta,
    restoreBest: t.earlyStopping.restoreBest,
    seed: t.seed,
    backend: t.backend,
    boundaryResolution: t.data.kind === "2d" ? t.boundaryResolution : base.boundaryResolution,
    logLoss: base.logLoss,
    showValidation: base.showValidation,
    discretize: base.discretize,
  };
}
