/**
 * The checks behind parseStudyExport: every field of the file, the study configuration (by the
 * study's own validator), the search engine's saved state (by the engine, after a strict look at
 * its fields), and the agreement between the trials and the engine's records.
 */
import { propertyOf, type NumberProperty } from "../playground-config";
import { checkParams } from "../search/space";
import { loadStudy, type StudyJSON } from "../search/study";
import type { Params } from "../search/types";
import {
  FieldErrors,
  canonicalJson,
  checkNumber,
  checkObject,
  checkOneOf,
  checkString,
  childPath,
  describeValue,
  isPlainObject,
  shapeProblem,
  type ShapeLimits,
} from "../study/json-checks";
import { MAX_WORKERS, taskOfStudy, trialTrainConfig, type StudyConfig } from "../study/study-config";
import { MAX_TRIALS, checkStudyConfigAt } from "../study/validate-study-config";
import {
  EXPORT_FORMAT,
  READABLE_EXPORT_VERSIONS,
  TRIAL_EXPORT_STATES,
  type EpochExport,
  type ExportVersion,
  type TrialExportState,
} from "./export-format";
import type { JsonTextLimits } from "./json-text";
import { checkCvIntermediate, checkEpochs, checkIntermediate } from "./validate-export-curves";

/** 64 MB of text and 32 levels hold any real study; more is refused before it costs memory or time. */
export const EXPORT_JSON_LIMITS: JsonTextLimits = { maxLength: 64 * 1024 * 1024, maxDepth: 32 };
const EXPORT_SHAPE_LIMITS: ShapeLimits = { maxDepth: 32, maxNodes: 20_000_000, maxStringLength: 100_000 };
export const MAX_REASON_LENGTH = 2_000;
export const MAX_NAME_LENGTH = 200;
/** The playground's largest epoch count. */
export const MAX_EPOCHS = (propertyOf("epochs") as NumberProperty).max;

const TOP_FIELDS = ["format", "version", "exportedAt", "study"];
const STUDY_FIELDS = ["name", "createdAt", "config", "engine", "trials"];
const TRIAL_FIELDS = [
  "number",
  "params",
  "state",
  "value",
  "reason",
  "startedAt",
  "endedAt",
  "worker",
  "epochs",
];
const ENGINE_FIELDS = [
  "format",
  "version",
  "space",
  "sampler",
  "pruner",
  "direction",
  "seed",
  "exhausted",
  "samplerState",
  "trials",
];
const ENGINE_STATES = ["running", "complete", "pruned", "failed"];
/** The engine state each trial state goes with ("interrupted" trials were never told, or told failed). */
const COMPATIBLE_ENGINE_STATES: Record<TrialExportState, readonly string[]> = {
  running: ["running"],
  complete: ["complete"],
  pruned: ["pruned"],
  failed: ["failed"],
  interrupted: ["running", "failed"],
};
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

function checkTime(value: unknown, path: string, errors: FieldErrors, nullable: boolean): number | null {
  if (value === undefined || (nullable && value === null)) return null;
  if (typeof value !== "string" || !ISO_TIME.test(value) || !Number.isFinite(Date.parse(value))) {
    errors.add(
      path,
      `must be an ISO 8601 time such as "2025-01-31T12:00:00.000Z"${nullable ? " or null" : ""}, got ${describeValue(value)}`,
    );
    return null;
  }
  return Date.parse(value);
}

/** A trial's test score (version 2 on): a finite loss and metric, and none on a running trial. */
function checkTestScore(
  value: unknown,
  state: TrialExportState | undefined,
  accuracy: boolean,
  path: string,
  errors: FieldErrors,
): void {
  if (value === undefined) return;
  if (state === "running") {
    errors.add(path, `must be left out for a running trial, got ${describeValue(value)}`);
    return;
  }
  const score = checkObject(value, path, ["loss", "metric"], [], errors);
  if (!score) return;
  checkNumber(score.loss, childPath(path, "loss"), { min: 0 }, errors);
  checkNumber(score.metric, childPath(path, "metric"), accuracy ? { min: 0, max: 1 } : { min: 0 }, errors);
}

function checkTrial(
  value: unknown,
  index: number,
  config: StudyConfig,
  version: ExportVersion,
  path: string,
  errors: FieldErrors,
): void {
  const trial = checkObject(value, path, TRIAL_FIELDS, version >= 2 ? ["test"] : [], errors);
  if (!trial) return;
  if (trial.number !== undefined && trial.number !== index) {
    errors.add(
      childPath(path, "number"),
      `must be ${index} (trials are numbered from 0 in order), got ${describeValue(trial.number)}`,
    );
  }
  let maxEpochs = MAX_EPOCHS;
  if (trial.params !== undefined) {
    if (!isPlainObject(trial.params)) {
      errors.add(
        childPath(path, "params"),
        `must be an object of parameter values, got ${describeValue(trial.params)}`,
      );
    } else {
      try {
        checkParams(config.space, trial.params as Params);
        maxEpochs = trialTrainConfig(config, trial.params as Params).epochs;
      } catch (e) {
        errors.add(childPath(path, "params"), `do not fit the search space: ${(e as Error).message}`);
      }
    }
  }
  const state = checkOneOf(trial.state, childPath(path, "state"), TRIAL_EXPORT_STATES, errors);
  if (trial.value !== null) checkNumber(trial.value, childPath(path, "value"), {}, errors);
  if (state === "complete" && trial.value === null)
    errors.add(childPath(path, "value"), "must be a number for a complete trial, got null");
  if (
    (state === "failed" || state === "running" || state === "interrupted") &&
    typeof trial.value === "number"
  ) {
    errors.add(childPath(path, "value"), `must be null for a ${state} trial, got ${trial.value}`);
  }
  if (trial.reason !== null)
    checkString(trial.reason, childPath(path, "reason"), MAX_REASON_LENGTH, errors, true);
  const started = checkTime(trial.startedAt, childPath(path, "startedAt"), errors, true);
  const ended = checkTime(trial.endedAt, childPath(path, "endedAt"), errors, true);
  if (state === "running" && ended !== null)
    errors.add(
      childPath(path, "endedAt"),
      `must be null for a running trial, got ${describeValue(trial.endedAt)}`,
    );
  if (started !== null && ended !== null && ended < started) {
    errors.add(
      childPath(path, "endedAt"),
      `(${String(trial.endedAt)}) is before startedAt (${String(trial.startedAt)})`,
    );
  }
  if (trial.worker !== null)
    checkNumber(
      trial.worker,
      childPath(path, "worker"),
      { min: 0, max: MAX_WORKERS - 1, integer: true },
      errors,
    );
  const accuracy = taskOfStudy(config) !== "regression";
  checkEpochs(trial.epochs, childPath(path, "epochs"), maxEpochs, config.folds ?? 0, accuracy, errors);
  checkTestScore(trial.test, state, accuracy, childPath(path, "test"), errors);
}

function checkEngineTrial(value: unknown, path: string, errors: FieldErrors): void {
  const trial = checkObject(
    value,
    path,
    ["number", "params", "state", "intermediate"],
    ["value", "reason"],
    errors,
  );
  if (!trial) return;
  checkNumber(trial.number, childPath(path, "number"), { min: 0, integer: true }, errors);
  if (trial.params !== undefined && !isPlainObject(trial.params)) {
    errors.add(childPath(path, "params"), `must be an object, got ${describeValue(trial.params)}`);
  }
  checkOneOf(trial.state, childPath(path, "state"), ENGINE_STATES, errors);
  checkNumber(trial.value, childPath(path, "value"), {}, errors);
  checkString(trial.reason, childPath(path, "reason"), MAX_REASON_LENGTH, errors, true);
  if (trial.intermediate === undefined) return;
  if (!isPlainObject(trial.intermediate)) {
    errors.add(
      childPath(path, "intermediate"),
      `must be an object of values by step, got ${describeValue(trial.intermediate)}`,
    );
    return;
  }
  for (const [step, v] of Object.entries(trial.intermediate)) {
    const where = childPath(childPath(path, "intermediate"), step);
    if (!/^(0|[1-9]\d{0,8})$/.test(step)) errors.add(where, "is not a step number (a non-negative integer)");
    const ok =
      (typeof v === "number" && Number.isFinite(v)) || v === "NaN" || v === "Infinity" || v === "-Infinity";
    if (!ok)
      errors.add(where, `must be a number (or "NaN", "Infinity", "-Infinity"), got ${describeValue(v)}`);
  }
}

/** The engine's saved study: strict fields, agreement with the configuration, then the engine's own load. */
function checkEngine(
  value: unknown,
  config: StudyConfig,
  path: string,
  errors: FieldErrors,
): StudyJSON | null {
  const engine = checkObject(value, path, ENGINE_FIELDS, [], errors);
  if (!engine) return null;
  const before = errors.messages.length;
  checkOneOf(engine.format, childPath(path, "format"), ["tunelab-study"], errors);
  checkOneOf(engine.version, childPath(path, "version"), [1], errors);
  if (engine.exhausted !== undefined && typeof engine.exhausted !== "boolean") {
    errors.add(childPath(path, "exhausted"), `must be true or false, got ${describeValue(engine.exhausted)}`);
  }
  const agree = (field: string, expected: unknown, what: string): void => {
    if (engine[field] !== undefined && canonicalJson(engine[field]) !== canonicalJson(expected)) {
      errors.add(
        childPath(path, field),
        `(${describeValue(engine[field])}) differs from ${what} (${describeValue(expected)})`,
      );
    }
  };
  agree("space", config.space, "study.config.space");
  agree("sampler", config.sampler, "study.config.sampler");
  agree("pruner", config.pruner, "study.config.pruner");
  agree("direction", config.objective.direction, "study.config.objective.direction");
  agree("seed", config.seed, "study.config.seed");
  if (engine.trials !== undefined) {
    if (!Array.isArray(engine.trials)) {
      errors.add(childPath(path, "trials"), `must be an array, got ${describeValue(engine.trials)}`);
    } else {
      engine.trials.forEach((t, i) => checkEngineTrial(t, childPath(childPath(path, "trials"), i), errors));
    }
  }
  if (errors.messages.length !== before) return null;
  try {
    loadStudy(engine);
  } catch (e) {
    errors.add(path, `cannot be loaded by the search engine: ${(e as Error).message}`);
    return null;
  }
  return engine as unknown as StudyJSON;
}

/**
 * Each trial must be the engine's trial of the same number: same parameters, a matching state, the
 * same value, and as intermediate values the objective curve of its epochs (objectiveCurve) at
 * step = epoch (plus, at most, one non-finite report after the last epoch: a diverged one).
 */
function checkAgreement(
  trials: unknown[],
  engine: StudyJSON,
  config: StudyConfig,
  path: string,
  errors: FieldErrors,
): void {
  if (trials.length !== engine.trials.length) {
    errors.add(
      childPath(path, "trials"),
      `has ${trials.length} trials but study.engine.trials has ${engine.trials.length}`,
    );
    return;
  }
  trials.forEach((value, i) => {
    const trial = value as Record<string, unknown>;
    const record = engine.trials[i];
    const where = childPath(childPath(path, "trials"), i);
    if (canonicalJson(trial.params) !== canonicalJson(record.params)) {
      errors.add(
        childPath(where, "params"),
        `(${describeValue(trial.params)}) differ from the engine's trial ${i} (${describeValue(record.params)})`,
      );
    }
    const state = trial.state as TrialExportState;
    if (!COMPATIBLE_ENGINE_STATES[state].includes(record.state)) {
      errors.add(
        childPath(where, "state"),
        `"${state}" does not match the engine's trial ${i}, which is ${record.state}`,
      );
    }
    if ((trial.value ?? undefined) !== record.value) {
      errors.add(
        childPath(where, "value"),
        `(${describeValue(trial.value)}) differs from the engine's trial ${i} (${describeValue(record.value ?? null)})`,
      );
    }
    if (config.folds) {
      const planned = trialTrainConfig(config, record.params).epochs;
      checkCvIntermediate(trial.epochs as EpochExport[], record.intermediate, config, planned, i, errors);
    } else {
      checkIntermediate(trial.epochs as EpochExport[], record.intermediate, config.objective, i, errors);
    }
  });
}

/** Every problem of a parsed export file, summarised in one message; null when the file is valid. */
export function checkStudyExport(value: unknown): string | null {
  const shape = shapeProblem(value, "the file", EXPORT_SHAPE_LIMITS);
  if (shape !== null) return shape;
  if (!isPlainObject(value)) return `The file must hold a JSON object, got ${describeValue(value)}`;
  if (value.format !== EXPORT_FORMAT) {
    return `This is not a Tunelab study export: format must be "${EXPORT_FORMAT}", got ${describeValue(value.format)}`;
  }
  const version = READABLE_EXPORT_VERSIONS.find((v) => v === value.version);
  if (version === undefined) {
    return `Unsupported study export version ${describeValue(value.version)} (this Tunelab reads versions ${READABLE_EXPORT_VERSIONS.join(" and ")})`;
  }
  const errors = new FieldErrors();
  const file = checkObject(value, "", TOP_FIELDS, [], errors);
  checkTime(file?.exportedAt, "exportedAt", errors, false);
  const study =
    file?.study === undefined ? null : checkObject(file.study, "study", STUDY_FIELDS, ["id"], errors);
  if (study) {
    if (study.id !== undefined) checkString(study.id, "study.id", MAX_NAME_LENGTH, errors);
    checkString(study.name, "study.name", MAX_NAME_LENGTH, errors);
    checkTime(study.createdAt, "study.createdAt", errors, false);
    const config =
      study.config === undefined ? null : checkStudyConfigAt(study.config, "study.config", errors);
    const trials = study.trials;
    if (trials !== undefined && !Array.isArray(trials)) {
      errors.add("study.trials", `must be an array, got ${describeValue(trials)}`);
    } else if (trials !== undefined && trials.length > MAX_TRIALS) {
      errors.add("study.trials", `has ${trials.length} trials, more than the limit of ${MAX_TRIALS}`);
    } else if (config !== null && trials !== undefined) {
      const before = errors.messages.length;
      trials.forEach((t, i) => checkTrial(t, i, config, version, childPath("study.trials", i), errors));
      const engine =
        study.engine === undefined ? null : checkEngine(study.engine, config, "study.engine", errors);
      if (engine !== null && errors.messages.length === before)
        checkAgreement(trials, engine, config, "study", errors);
    }
  }
  return errors.ok ? null : `Not a valid Tunelab study export: ${errors.summary()}`;
}
