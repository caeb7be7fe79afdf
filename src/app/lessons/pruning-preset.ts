/**
 * Lesson 11's search: the space, the budget and how a trial's parameters become a training
 * configuration. Every search of the lesson shares them; only the pruner differs.
 */
import type { Params, SearchSpace } from "../../core/search";
import type { TrainConfig } from "../../shared/train";
import { baseConfig, variant } from "./presets";

/** Epochs of a trial nothing stops. */
export const PRUNING_TRIAL_EPOCHS = 20;
/** Epochs each search may spend in all: six full trials. */
export const PRUNING_BUDGET_EPOCHS = 120;

/** Adam's learning rate over four decades, and the width of both hidden layers. */
export const PRUNING_SPACE: SearchSpace = {
  learningRate: { type: "float", low: 0.0001, high: 1, log: true },
  units: { type: "int", low: 1, high: 32, log: true },
};

/** The lessons' base problem (circle data, two tanh layers) with Adam and batches of 32, at the trial's rate and width. */
export function pruningTrialConfig(params: Params): TrainConfig {
  const units = Number(params.units);
  return variant({
    learningRate: Number(params.learningRate),
    model: { hiddenLayers: [units, units] },
    optimizer: { ...baseConfig().optimizer, name: "adam" },
    batchSize: 32,
    epochs: PRUNING_TRIAL_EPOCHS,
  });
}

/** What the lesson's searches share (the sampler's seed included: they see the same configurations). */
export const PRUNING_RACE = {
  space: PRUNING_SPACE,
  seed: 2,
  budgetEpochs: PRUNING_BUDGET_EPOCHS,
  trialEpochs: PRUNING_TRIAL_EPOCHS,
  config: pruningTrialConfig,
};
