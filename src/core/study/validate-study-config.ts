/**
 * Strict validation of an untrusted study configuration (from a link, IndexedDB or an imported
 * file): plain data only, every field present with the right type and range, unknown fields
 * refused, the search space checked by the engine and against the tunable settings, the sampler
 * and pruner options checked by their own constructors. Every message names the field and value.
 */
import {
  PROPERTIES,
  formatValue,
  isUploadId,
  validateValue,
  type PlaygroundConfig,
  type Property,
} from "../playground-config";
import type { Task } from "../../shared/train";
import { MAX_FOLDS, MIN_FOLDS } from "./cross-validation";
import { PRUNER_NAMES, createPruner } from "../search/pruners/index";
import { gridSize } from "../search/samplers/grid";
import { SAMPLER_NAMES, createSampler } from "../search/samplers/index";
import { SOBOL_MAX_DIMENSIONS } from "../search/samplers/sobol";
import type { ParamValue, SearchSpace } from "../search/types";
import {
  FieldErrors,
  checkNumber,
  checkObject,
  checkOneOf,
  checkString,
  childPath,
  describeValue,
  isPlainObject,
  shapeProblem,
  type ShapeLimits,
} from "./json-checks";
import { MAX_WORKERS, STUDY_CONFIG_VERSION, naturalDirection, type StudyConfig } from "./study-config";
import { baseDataSpec, dataKindOf, taskOfData, type StudyDataKind, type StudyUpload } from "./study-dataset";
import { checkSpace } from "./validate-study-space";

export type StudyConfigValidation = { ok: true; config: StudyConfig } | { ok: false; errors: string[] };

export const MAX_STUDY_NAME_LENGTH = 200;
export const MAX_TRIALS = 100_000;
/** A week: longer limits are surely a typing mistake. */
export const MAX_TIME_LIMIT_SEC = 7 * 24 * 3600;
/** A shorter limit would end a study before its first epoch. */
export const MIN_TIME_LIMIT_SEC = 1;
export const MAX_SEED = 2_147_483_647;

/** Generous for any real configuration, small enough that a hostile one costs nothing to refuse. */
export const STUDY_CONFIG_LIMITS: ShapeLimits = { maxDepth: 10, maxNodes: 20_000, maxStringLength: 1_000 };

const FIELDS = ["version", "name", "base", "space", "sampler", "pruner", "objective", "budget", "seed"];
const OPTIONAL_FIELDS = ["folds", "upload"];
const TASKS: readonly Task[] = ["binary", "multiclass", "regression"];

/** Checks one playground setting of the base against its property. */
function checkSetting(prop: Property, value: unknown, path: string, errors: FieldErrors): void {
  switch (prop.kind) {
    case "number":
      checkNumber(value, path, { min: prop.min, max: prop.max, integer: prop.integer }, errors);
      return;
    case "boolean":
      if (typeof value !== "boolean") errors.add(path, `must be true or false, got ${describeValue(value)}`);
      return;
    case "choice":
      checkOneOf(
        value,
        path,
        prop.choices.map((c) => c.value),
        errors,
      );
      return;
    case "features": {
      const names = prop.choices.map((c) => c.value);
      const ok =
        Array.isArray(value) &&
        value.length > 0 &&
        value.every((f) => names.includes(f as string)) &&
        new Set(value).size === value.length;
      if (!ok) {
        errors.add(
          path,
          `must be a list of distinct features from ${names.join(", ")}, got ${describeValue(value)}`,
        );
      }
      return;
    }
    case "layers": {
      const ok =
        Array.isArray(value) &&
        value.length <= prop.maxLayers &&
        value.every(
          (u) => Number.isInteger(u) && (u as number) >= prop.minUnits && (u as number) <= prop.maxUnits,
        );
      if (!ok) {
        errors.add(
          path,
          `must be a list of up to ${prop.maxLayers} unit counts, each an integer from ${prop.minUnits} to ${prop.maxUnits}, got ${describeValue(value)}`,
        );
      }
      return;
    }
    case "dataset": {
      const ok =
        typeof value === "string" && (prop.choices.some((c) => c.value === value) || isUploadId(value));
      if (!ok) {
        const ids = prop.choices.map((c) => JSON.stringify(c.value)).join(", ");
        errors.add(path, `must be one of ${ids} or an upload id ("upload-…"), got ${describeValue(value)}`);
      }
      return;
    }
    default: {
      // Kinds the table gained later are checked by the playground's own parser, through their text.
      const p = prop as Property;
      let ok: boolean;
      try {
        const checked = validateValue(p.key, formatValue(p, value));
        ok = checked.ok && JSON.stringify(checked.value) === JSON.stringify(value);
      } catch {
        ok = false;
      }
      if (!ok) errors.add(path, `is not a valid ${p.label}, got ${describeValue(value)}`);
    }
  }
}

function checkBase(value: unknown, path: string, errors: FieldErrors): PlaygroundConfig | null {
  const keys = PROPERTIES.map((p) => p.key);
  // Counted before checkObject, so that a missing or unknown field also makes the base unusable.
  const before = errors.messages.length;
  const base = checkObject(value, path, keys, [], errors);
  if (!base) return null;
  for (const prop of PROPERTIES) {
    if (Object.hasOwn(base, prop.key)) checkSetting(prop, base[prop.key], childPath(path, prop.key), errors);
  }
  return errors.messages.length === before ? (base as unknown as PlaygroundConfig) : null;
}

/** Checks a `{ name, ...options }` choice by building it with the engine's own constructor. */
function checkStrategy(
  value: unknown,
  path: string,
  names: readonly string[],
  build: (options: { name: string }) => void,
  errors: FieldErrors,
): boolean {
  if (!isPlainObject(value)) {
    errors.add(path, `must be an object { name, ...options }, got ${describeValue(value)}`);
    return false;
  }
  if (!Object.hasOwn(value, "name")) {
    errors.add(childPath(path, "name"), "is missing");
    return false;
  }
  if (checkOneOf(value.name, childPath(path, "name"), names, errors) === undefined) return false;
  try {
    build(value as { name: string });
    return true;
  } catch (e) {
    errors.add(path, `has a bad option: ${(e as Error).message}`);
    return false;
  }
}

function checkSampler(
  value: unknown,
  space: SearchSpace | null,
  seed: number,
  path: string,
  errors: FieldErrors,
): void {
  const ok = checkStrategy(value, path, SAMPLER_NAMES, (o) => createSampler(o as never, seed), errors);
  if (!ok || space === null) return;
  const sampler = value as Record<string, unknown>;
  if (sampler.name === "grid") {
    try {
      gridSize(
        space,
        (sampler.n as number | undefined) ?? undefined,
        (sampler.values ?? {}) as Record<string, ParamValue[]>,
      );
    } catch (e) {
      errors.add(path, `does not fit the search space: ${(e as Error).message}`);
    }
  }
  const count = Object.keys(space).length;
  if (sampler.name === "qmc" && count > SOBOL_MAX_DIMENSIONS) {
    errors.add(
      path,
      `is "qmc", which handles at most ${SOBOL_MAX_DIMENSIONS} parameters; the space has ${count}`,
    );
  }
}

function checkObjective(value: unknown, task: Task | null, path: string, errors: FieldErrors): void {
  const objective = checkObject(value, path, ["metric", "direction", "reduce"], [], errors);
  if (!objective) return;
  const metric = checkOneOf(
    objective.metric,
    childPath(path, "metric"),
    ["valLoss", "valMetric"] as const,
    errors,
  );
  const direction = checkOneOf(
    objective.direction,
    childPath(path, "direction"),
    ["minimize", "maximize"] as const,
    errors,
  );
  checkOneOf(objective.reduce, childPath(path, "reduce"), ["final", "best"], errors);
  if (metric === undefined || direction === undefined || task === null) return;
  const natural = naturalDirection(metric, task);
  if (direction !== natural) {
    const what =
      metric === "valLoss"
        ? "the validation loss"
        : task === "regression"
          ? "the validation RMSE"
          : "the validation accuracy";
    errors.add(
      childPath(path, "direction"),
      `must be "${natural}" for ${what} on a ${task} task, got "${direction}"`,
    );
  }
}

function checkBudget(value: unknown, path: string, errors: FieldErrors): void {
  const budget = checkObject(value, path, ["trials", "timeLimitSec", "workers"], [], errors);
  if (!budget) return;
  checkNumber(budget.trials, childPath(path, "trials"), { min: 1, max: MAX_TRIALS, integer: true }, errors);
  if (budget.timeLimitSec !== null) {
    checkNumber(
      budget.timeLimitSec,
      childPath(path, "timeLimitSec"),
      { min: MIN_TIME_LIMIT_SEC, max: MAX_TIME_LIMIT_SEC },
      errors,
    );
  }
  checkNumber(
    budget.workers,
    childPath(path, "workers"),
    { min: 1, max: MAX_WORKERS, integer: true },
    errors,
  );
}

function checkUpload(value: unknown, path: string, errors: FieldErrors): StudyUpload | null {
  const before = errors.messages.length;
  const upload = checkObject(value, path, ["name", "choice"], [], errors);
  if (!upload) return null;
  checkString(upload.name, childPath(path, "name"), MAX_STUDY_NAME_LENGTH, errors);
  const choicePath = childPath(path, "choice");
  const choice = checkObject(
    upload.choice,
    choicePath,
    ["target", "task", "ignore", "categorical"],
    [],
    errors,
  );
  if (choice) {
    checkString(choice.target, childPath(choicePath, "target"), STUDY_CONFIG_LIMITS.maxStringLength, errors);
    checkOneOf(choice.task, childPath(choicePath, "task"), TASKS, errors);
    for (const key of ["ignore", "categorical"]) {
      const list = choice[key];
      const ok = Array.isArray(list) && list.every((c) => typeof c === "string");
      if (!ok)
        errors.add(childPath(choicePath, key), `must be a list of column names, got ${describeValue(list)}`);
    }
  }
  return errors.messages.length === before ? (value as StudyUpload) : null;
}

/** The kind and task of the base's data, with the upload record present exactly when the base trains on an upload. */
function checkData(
  base: PlaygroundConfig | null,
  uploadValue: unknown,
  path: string,
  errors: FieldErrors,
): { kind: StudyDataKind; task: Task } | null {
  if (base === null) return null;
  const where = childPath(path, "upload");
  let spec;
  try {
    spec = baseDataSpec(base);
  } catch (e) {
    errors.add(childPath(path, "base"), `has no usable dataset: ${(e as Error).message}`);
    return null;
  }
  if (spec.kind !== "upload") {
    if (uploadValue !== undefined) {
      errors.add(
        where,
        `must be absent: the base trains on "${spec.kind === "2d" ? spec.generator : spec.id}", not an upload`,
      );
      return null;
    }
  } else if (uploadValue === undefined) {
    errors.add(where, `is missing: the base trains on the uploaded dataset "${spec.id}"`);
    return null;
  }
  const upload = uploadValue === undefined ? undefined : checkUpload(uploadValue, where, errors);
  if (upload === null) return null;
  try {
    return { kind: dataKindOf(base), task: taskOfData(base, upload) };
  } catch (e) {
    errors.add(childPath(path, "base"), `has an unknown dataset: ${(e as Error).message}`);
    return null;
  }
}

/**
 * Validates an untrusted study configuration found at `path` (e.g. "config" or "study.config"),
 * recording every problem in `errors`; returns a deep copy when it is valid, else null.
 */
export function checkStudyConfigAt(value: unknown, path: string, errors: FieldErrors): StudyConfig | null {
  const shape = shapeProblem(value, path, STUDY_CONFIG_LIMITS);
  if (shape !== null) {
    errors.messages.push(shape);
    return null;
  }
  const before = errors.messages.length;
  const config = checkObject(value, path, FIELDS, OPTIONAL_FIELDS, errors);
  if (!config) return null;
  if (config.version !== STUDY_CONFIG_VERSION) {
    errors.add(
      childPath(path, "version"),
      `must be ${STUDY_CONFIG_VERSION} (the study configuration version this Tunelab reads), got ${describeValue(config.version)}`,
    );
  }
  const name = checkString(config.name, childPath(path, "name"), MAX_STUDY_NAME_LENGTH, errors);
  // eslint-disable-next-line no-control-regex
  if (name !== undefined && /[\u0000-\u001f\u007f]/.test(name)) {
    errors.add(childPath(path, "name"), `must not contain control characters, got ${describeValue(name)}`);
  }
  const seed = checkNumber(
    config.seed,
    childPath(path, "seed"),
    { min: 0, max: MAX_SEED, integer: true },
    errors,
  );
  const base = checkBase(config.base, childPath(path, "base"), errors);
  const data = checkData(base, config.upload, path, errors);
  if (Object.hasOwn(config, "folds")) {
    checkNumber(
      config.folds,
      childPath(path, "folds"),
      { min: MIN_FOLDS, max: MAX_FOLDS, integer: true },
      errors,
    );
  }
  const space = checkSpace(config.space, base, data?.kind ?? null, childPath(path, "space"), errors);
  checkSampler(config.sampler, space, seed ?? 0, childPath(path, "sampler"), errors);
  checkStrategy(
    config.pruner,
    childPath(path, "pruner"),
    PRUNER_NAMES,
    (o) => createPruner(o as never, seed ?? 0),
    errors,
  );
  checkObjective(config.objective, data?.task ?? null, childPath(path, "objective"), errors);
  checkBudget(config.budget, childPath(path, "budget"), errors);
  if (errors.messages.length !== before) return null;
  return JSON.parse(JSON.stringify(config)) as StudyConfig;
}

/** Strictly validates an untrusted study configuration; on success returns a deep copy, else every problem found. */
export function validateStudyConfig(value: unknown): StudyConfigValidation {
  const errors = new FieldErrors();
  let config: StudyConfig | null = null;
  try {
    config = checkStudyConfigAt(value, "config", errors);
  } catch (e) {
    // The checks above are meant to catch everything; this keeps a surprise from escaping as a crash.
    errors.messages.push(`config could not be checked: ${(e as Error).message}`);
  }
  return config !== null && errors.ok ? { ok: true, config } : { ok: false, errors: errors.messages };
}
