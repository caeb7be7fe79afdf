/**
 * A study as an Optuna journal log (JSON lines), the file format of Optuna's
 * `JournalStorage(JournalFileStorage(path))` (Optuna 3.1 and later) that optuna-dashboard opens.
 * The operations are the ones Optuna itself writes while a trial runs (create, set each parameter,
 * report each intermediate value, set user attributes, finish), so both Optuna's replay and the
 * dashboard's own JavaScript reader, which ignores the values a CREATE_TRIAL may carry, see
 * everything. Codes and fields follow optuna/storages/_journal/storage.py.
 *
 * The log holds one study and must be a file of its own: trials are addressed by Optuna's trial
 * id, which counts trials from the start of the file. Running and interrupted trials are written
 * as FAIL (a journal has no way to say "will never finish", and a RUNNING trial would stay
 * running forever), with the Tunelab state kept in the user attribute `tunelab_state`.
 */
import { checkParams, topologicalOrder } from "../search/space";
import type { ParamSpec, ParamValue } from "../search/types";
import { cvPruningCurve, foldCurves, trialFoldSummary } from "../study/cross-validation";
import { objectiveCurve, taskOfStudy, type StudyConfig } from "../study/study-config";
import type { TrialExport, TrialExportState } from "./export-format";

/** JournalOperation codes of Optuna's journal storage. */
const OP = {
  CREATE_STUDY: 0,
  SET_STUDY_USER_ATTR: 2,
  SET_STUDY_SYSTEM_ATTR: 3,
  CREATE_TRIAL: 4,
  SET_TRIAL_PARAM: 5,
  SET_TRIAL_STATE_VALUES: 6,
  SET_TRIAL_INTERMEDIATE_VALUE: 7,
  SET_TRIAL_USER_ATTR: 8,
} as const;

/** optuna.trial.TrialState values. */
const OPTUNA_STATE: Record<TrialExportState, number> = {
  running: 3,
  complete: 1,
  pruned: 2,
  failed: 3,
  interrupted: 3,
};

/** optuna.study.StudyDirection values. */
const OPTUNA_DIRECTION = { minimize: 1, maximize: 2 } as const;

/** The worker id written in every operation; Optuna only compares it with its own, which never matches. */
const WORKER_ID = "tunelab-export";

export interface OptunaDistribution {
  name: "FloatDistribution" | "IntDistribution" | "CategoricalDistribution";
  attributes: Record<string, unknown>;
}

/** The Optuna distribution of a parameter, as `optuna.distributions.distribution_to_json` encodes it (before the JSON text). */
export function optunaDistribution(spec: ParamSpec): OptunaDistribution {
  switch (spec.type) {
    case "float":
      return {
        name: "FloatDistribution",
        attributes: { step: spec.step ?? null, low: spec.low, high: spec.high, log: spec.log === true },
      };
    case "int":
      return {
        name: "IntDistribution",
        attributes: { log: spec.log === true, step: spec.step ?? 1, low: spec.low, high: spec.high },
      };
    case "categorical":
      return { name: "CategoricalDistribution", attributes: { choices: [...spec.choices] } };
  }
}

/** Optuna's internal representation of a value: the index of a categorical choice, the number itself otherwise. */
export function optunaInternalValue(spec: ParamSpec, value: ParamValue): number {
  if (spec.type === "categorical") {
    const index = spec.choices.indexOf(value);
    if (index < 0)
      throw new Error(`Value ${JSON.stringify(value)} is not one of ${JSON.stringify(spec.choices)}`);
    return index;
  }
  if (typeof value !== "number")
    throw new Error(`Expected a number for a ${spec.type} parameter, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * A time as Optuna writes it (`datetime.isoformat(timespec="microseconds")`, no time zone). Optuna
 * writes local time; we write UTC, the only zone the export knows for sure.
 */
export function optunaTime(date: Date): string {
  if (!Number.isFinite(date.getTime())) throw new Error(`Invalid time ${String(date)}`);
  return `${date.toISOString().slice(0, 23)}000`;
}

export interface OptunaJournalOptions {
  /** The time written for a finished trial that has no end time (Optuna requires one). Default: now. */
  fallbackTime?: Date;
}

/**
 * The study as an Optuna journal: one study named after the configuration, with the objective's
 * direction; one trial per Tunelab trial with the same number, its active parameters and their
 * distributions, one intermediate value per epoch (step = epoch, value = the objective after that
 * epoch, as the study reported it: see objectiveCurve),
 * its value and state (COMPLETE, PRUNED, FAIL), times, and user attributes `reason`, `worker`
 * and `tunelab_state` when they say something.
 *
 * A cross-validated study (config.folds = k) writes the study attribute `tunelab_folds`; each
 * trial's intermediate values are the mean objective curve over its finished folds (as its pruner
 * last saw it: over all k folds for a complete trial), and its user attributes hold the folds'
 * values (`fold_values`, fold 1 first) and their spread (`fold_std`, `fold_min`, `fold_max`).
 */
export function toOptunaJournal(
  config: StudyConfig,
  trials: readonly TrialExport[],
  options: OptunaJournalOptions = {},
): string {
  const fallback = options.fallbackTime ?? new Date();
  const order = topologicalOrder(config.space);
  const lines: object[] = [];
  const op = (code: number, fields: object): void => {
    lines.push({ op_code: code, worker_id: WORKER_ID, ...fields });
  };
  const { metric, reduce, direction } = config.objective;
  op(OP.CREATE_STUDY, { study_name: config.name, directions: [OPTUNA_DIRECTION[direction]] });
  // Newer dashboards label the objective axis with this; older Optuna keeps it as a plain attribute.
  op(OP.SET_STUDY_SYSTEM_ATTR, {
    study_id: 0,
    system_attr: { "study:metric_names": [`${metric} (${reduce} epoch)`] },
  });
  const studyAttrs: Record<string, unknown> = {
    tunelab_objective: config.objective,
    tunelab_sampler: config.sampler,
    tunelab_pruner: config.pruner,
  };
  if (config.folds) studyAttrs.tunelab_folds = config.folds;
  for (const [key, value] of Object.entries(studyAttrs)) {
    op(OP.SET_STUDY_USER_ATTR, { study_id: 0, user_attr: { [key]: value } });
  }

  trials.forEach((trial, trialId) => {
    if (trial.number !== trialId) {
      throw new Error(
        `Trials must be numbered 0, 1, 2... in order; trial at index ${trialId} has number ${trial.number}`,
      );
    }
    checkParams(config.space, trial.params);
    const started = trial.startedAt === null ? null : optunaTime(new Date(trial.startedAt));
    op(OP.CREATE_TRIAL, { study_id: 0, datetime_start: started });
    for (const name of order) {
      if (!Object.hasOwn(trial.params, name)) continue;
      const spec = config.space[name];
      op(OP.SET_TRIAL_PARAM, {
        trial_id: trialId,
        param_name: name,
        param_value_internal: optunaInternalValue(spec, trial.params[name]),
        distribution: JSON.stringify(optunaDistribution(spec)),
      });
    }
    const folds = trialFoldSummary(config, trial.params, trial.epochs, trial.state === "complete");
    const attrs: Record<string, unknown> = {};
    if (folds) {
      // Complete trials averaged every fold; others had finished all but their last one.
      const finished =
        trial.state === "complete" ? folds.epochs.length : Math.max(0, folds.epochs.length - 1);
      const curve = cvPruningCurve(foldCurves(folds.epochs, config.objective), finished);
      curve.forEach((value, k) => {
        op(OP.SET_TRIAL_INTERMEDIATE_VALUE, { trial_id: trialId, step: k + 1, intermediate_value: value });
      });
      if (folds.values.length > 0)
        attrs.fold_values = folds.values.map((v) => (Number.isFinite(v) ? v : null));
      if (folds.spread.count > 0) {
        attrs.fold_std = folds.spread.std;
        attrs.fold_min = folds.spread.min;
        attrs.fold_max = folds.spread.max;
      }
    } else {
      const curve = objectiveCurve(trial.epochs, config.objective);
      trial.epochs.forEach((epoch, k) => {
        op(OP.SET_TRIAL_INTERMEDIATE_VALUE, {
          trial_id: trialId,
          step: epoch.epoch,
          intermediate_value: curve[k],
        });
      });
    }
    if (trial.reason !== null) attrs.reason = trial.reason;
    if (trial.worker !== null) attrs.worker = trial.worker;
    if (trial.test !== undefined) {
      attrs.test_loss = trial.test.loss;
      attrs[taskOfStudy(config) === "regression" ? "test_rmse" : "test_accuracy"] = trial.test.metric;
    }
    if (trial.state === "running" || trial.state === "interrupted") attrs.tunelab_state = trial.state;
    for (const [key, value] of Object.entries(attrs)) {
      op(OP.SET_TRIAL_USER_ATTR, { trial_id: trialId, user_attr: { [key]: value } });
    }
    const ended = trial.endedAt ?? trial.startedAt;
    const state = OPTUNA_STATE[trial.state];
    const keepsValue = trial.state === "complete" || trial.state === "pruned";
    if (trial.state === "complete" && trial.value === null) {
      throw new Error(`Trial ${trial.number} is complete but has no value`);
    }
    op(OP.SET_TRIAL_STATE_VALUES, {
      trial_id: trialId,
      state,
      values: keepsValue && trial.value !== null ? [trial.value] : null,
      // Optuna reads the start time from the CREATE_TRIAL above; the dashboard reads it from here.
      datetime_start: started,
      datetime_complete: optunaTime(ended === null ? fallback : new Date(ended)),
    });
  });
  return lines.map((line) => JSON.stringify(line)).join("\n") + "\n";
}
