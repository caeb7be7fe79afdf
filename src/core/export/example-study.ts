/**
 * A small but complete study for tests and demonstrations: a space with float-log, stepped float,
 * int, categorical and conditional parameters, run through the real search engine (ask, report,
 * tell) with made-up learning curves, ending with complete, pruned, failed and interrupted trials.
 */
import { defaultConfig } from "../playground-config";
import { createStudy } from "../search/study";
import { cvObjective, cvPruningCurve, foldCurves } from "../study/cross-validation";
import { objectiveCurve, objectiveOf, type StudyConfig } from "../study/study-config";
import type { EpochExport, StudyExportBody, TrialExport, TrialExportState } from "./export-format";

/** The configuration of the example study. */
export function exampleStudyConfig(): StudyConfig {
  const base = { ...defaultConfig(), epochs: 6, hiddenLayers: [8, 4] };
  return {
    version: 1,
    name: 'Circle "example", tuned',
    base,
    space: {
      learningRate: { type: "float", low: 0.001, high: 0.1, log: true },
      dropout: { type: "float", low: 0, high: 0.5, step: 0.1 },
      batchSize: { type: "int", low: 16, high: 128, log: true },
      optimizer: { type: "categorical", choices: ["sgd", "momentum", "adam"] },
      momentum: {
        type: "float",
        low: 0.8,
        high: 0.99,
        condition: { param: "optimizer", values: ["momentum"] },
      },
      layers: { type: "int", low: 1, high: 3 },
      units_1: { type: "int", low: 4, high: 32, log: true, condition: { param: "layers", min: 1 } },
      units_2: { type: "int", low: 4, high: 32, log: true, condition: { param: "layers", min: 2 } },
      units_3: { type: "int", low: 4, high: 32, log: true, condition: { param: "layers", min: 3 } },
    },
    sampler: { name: "tpe", nStartupTrials: 3 },
    pruner: { name: "median", nStartupTrials: 2 },
    objective: { metric: "valLoss", direction: "minimize", reduce: "best" },
    budget: { trials: 10, timeLimitSec: 600, workers: 2 },
    seed: 7,
  };
}

/** How each example trial ends, and after how many epochs. */
const PLAN: { state: TrialExportState; epochs: number; reason: string | null }[] = [
  { state: "complete", epochs: 6, reason: "completed 6 epochs" },
  { state: "complete", epochs: 6, reason: null },
  { state: "pruned", epochs: 3, reason: "pruned by the median pruner at epoch 3" },
  { state: "complete", epochs: 5, reason: "early-stopped at epoch 5" },
  { state: "failed", epochs: 2, reason: "diverged at epoch 3 — learning rate too high?" },
  { state: "complete", epochs: 6, reason: "completed 6 epochs" },
  { state: "interrupted", epochs: 1, reason: "the page was closed" },
];

const START = Date.parse("2025-03-01T09:30:00.000Z");

/** A made-up but plausible learning curve that depends on the parameters, so trials differ. */
function curve(params: Record<string, unknown>, epochs: number): EpochExport[] {
  const lr = params.learningRate as number;
  const offset = 0.15 + 0.1 * Math.abs(Math.log10(lr) + 2) + 0.05 * (params.dropout as number);
  return Array.from({ length: epochs }, (_, i) => {
    const epoch = i + 1;
    // A worse fourth epoch, so that "best so far" and "this epoch" differ.
    const valLoss = offset + 0.5 / epoch + (epoch === 4 ? 0.2 : 0);
    return {
      epoch,
      trainLoss: valLoss * 0.9,
      valLoss,
      trainMetric: Math.min(1, 0.6 + 0.05 * epoch),
      valMetric: Math.min(1, 0.55 + 0.05 * epoch),
      lr,
      epochMs: 120 + 7 * epoch,
    };
  });
}

/** The example study, as the body of an export file. */
export function exampleStudyExportBody(): StudyExportBody {
  const config = exampleStudyConfig();
  const study = createStudy({
    space: config.space,
    sampler: config.sampler,
    pruner: config.pruner,
    direction: config.objective.direction,
    seed: config.seed,
  });
  const trials: TrialExport[] = PLAN.map((plan) => {
    const { number, params } = study.ask();
    const epochs = curve(params, plan.epochs);
    objectiveCurve(epochs, config.objective).forEach((v, k) => study.report(number, epochs[k].epoch, v));
    let value: number | null = null;
    if (plan.state === "complete") {
      value = objectiveOf(epochs, config.objective);
      study.tell(number, value);
    } else if (plan.state === "pruned") {
      study.tell(number, { state: "pruned", reason: plan.reason ?? undefined });
      value = study.trial(number).value ?? null;
    } else if (plan.state === "failed") {
      study.tell(number, { state: "failed", reason: plan.reason ?? undefined });
    }
    const started = START + number * 60_000;
    const ended = plan.state === "interrupted" ? null : started + epochs.reduce((ms, e) => ms + e.epochMs, 0);
    return {
      number,
      params,
      state: plan.state,
      value,
      reason: plan.reason,
      startedAt: new Date(started).toISOString(),
      endedAt: ended === null ? null : new Date(ended).toISOString(),
      worker: number % config.budget.workers,
      epochs,
    };
  });
  return {
    id: "example-study",
    name: config.name,
    createdAt: new Date(START - 5_000).toISOString(),
    config,
    engine: JSON.parse(JSON.stringify(study.toJSON())),
    trials,
  };
}

/**
 * A cross-validated example (Iris, 3 folds of 4 epochs): two complete trials, one pruned during
 * its second fold (its curve the mean of the one finished fold, as the browser reports it) and
 * one failed in its first fold; epochs numbered as the history stores them (fold f's epoch e is
 * f × 4 + e).
 */
export function exampleCvStudyExportBody(): StudyExportBody {
  const base = { ...defaultConfig(), dataset: "iris", epochs: 4, hiddenLayers: [8] };
  const config: StudyConfig = {
    ...exampleStudyConfig(),
    name: "Iris, 3-fold cross-validation",
    base,
    space: { learningRate: { type: "float", low: 0.001, high: 0.1, log: true } },
    sampler: { name: "random" },
    pruner: { name: "median", nStartupTrials: 2 },
    folds: 3,
  };
  const study = createStudy({
    space: config.space,
    sampler: config.sampler,
    pruner: config.pruner,
    direction: config.objective.direction,
    seed: config.seed,
  });
  // Folds trained by each trial (the last one possibly cut short) and how it ended.
  const plan: { state: TrialExportState; folds: number[]; reason: string | null }[] = [
    { state: "complete", folds: [4, 4, 4], reason: null },
    { state: "complete", folds: [4, 4, 4], reason: null },
    { state: "pruned", folds: [4, 2], reason: "pruned in fold 2 at epoch 2 of 3" },
    { state: "failed", folds: [1], reason: "fold 1: diverged at epoch 1" },
  ];
  const trials: TrialExport[] = plan.map((p) => {
    const { number, params } = study.ask();
    const folds = p.folds.map((n, f) =>
      curve({ ...params, dropout: 0.1 * f }, n).map((e) => ({ ...e, valLoss: e.valLoss + 0.02 * f })),
    );
    const finished = p.state === "complete" ? 3 : p.folds.length - 1;
    const intermediate = cvPruningCurve(foldCurves(folds, config.objective), finished);
    intermediate.forEach((v, k) => study.report(number, k + 1, v));
    let value: number | null = null;
    if (p.state === "complete") {
      value = cvObjective(folds, config.objective).value;
      study.tell(number, value);
    } else if (p.state === "pruned") {
      study.tell(number, { state: "pruned", reason: p.reason ?? undefined });
      value = study.trial(number).value ?? null;
    } else {
      study.tell(number, { state: "failed", reason: p.reason ?? undefined });
    }
    const epochs = folds.flatMap((f, i) => f.map((e) => ({ ...e, epoch: e.epoch + i * base.epochs })));
    const started = START + number * 60_000;
    return {
      number,
      params,
      state: p.state,
      value,
      reason: p.reason,
      startedAt: new Date(started).toISOString(),
      endedAt: new Date(started + epochs.reduce((ms, e) => ms + e.epochMs, 0)).toISOString(),
      worker: number % config.budget.workers,
      epochs,
    };
  });
  return {
    id: "example-cv-study",
    name: config.name,
    createdAt: new Date(START - 5_000).toISOString(),
    config,
    engine: JSON.parse(JSON.stringify(study.toJSON())),
    trials,
  };
}
