/**
 * Lesson 14's runs: a small network learns digits 5 to 9 of the 8 × 8 digits from a few examples
 * each, from scratch or after pretraining on digits 0 to 4 (lower layers frozen, or fine-tuned at a
 * tenth of the rate). All three share the split, the seed, the epochs and the budget of examples.
 */
import type { TrainConfig } from "../../shared/train";
import type { LessonRunSpec } from "./experiment.svelte";
import { baseConfig } from "./presets";

export const SOURCE_CLASSES = [0, 1, 2, 3, 4];
export const TARGET_CLASSES = [5, 6, 7, 8, 9];
/** Labelled training examples of each target digit. */
export const EXAMPLES_PER_CLASS = 3;
export const TRANSFER_EPOCHS = 30;
export const PRETRAIN_EPOCHS = 3;
/** The lower layers' share of the rate in the "smaller rate" run. */
export const LOWER_RATE_FACTOR = 0.1;
export const HIDDEN_UNITS = 64;

/** The run's configuration: from scratch when `lowerRateFactor` is null. */
export function transferConfig(lowerRateFactor: number | null): TrainConfig {
  const base = baseConfig();
  return {
    ...base,
    data: { kind: "builtin", id: "digits", valRatio: 0.3, testRatio: 0 },
    model: { ...base.model, hiddenLayers: [HIDDEN_UNITS], activation: "relu", init: "he" },
    optimizer: { ...base.optimizer, name: "adam" },
    learningRate: 0.01,
    batchSize: 5,
    epochs: TRANSFER_EPOCHS,
    transfer: {
      classes: TARGET_CLASSES,
      examplesPerClass: EXAMPLES_PER_CLASS,
      ...(lowerRateFactor === null
        ? {}
        : { pretrain: { classes: SOURCE_CLASSES, epochs: PRETRAIN_EPOCHS, lowerRateFactor } }),
    },
  };
}

/** The three runs of the lesson, in `colors` (the catalog's run colours; passed in to keep imports one-way). */
export function transferRuns(colors: string[]): LessonRunSpec[] {
  return [
    { id: "scratch", label: "From scratch", color: colors[0], config: transferConfig(null) },
    { id: "frozen", label: "Pretrained, lower layer frozen", color: colors[1], config: transferConfig(0) },
    {
      id: "smaller-rate",
      label: `Pretrained, lower layer at ${LOWER_RATE_FACTOR}× the rate`,
      color: colors[2],
      config: transferConfig(LOWER_RATE_FACTOR),
    },
  ];
}
