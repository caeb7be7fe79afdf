/**
 * Lesson 13, overfitting the validation set: TRIALS random configurations trained briefly on one
 * small, noisy circle problem. Every trial shares the data (same seed): the same 160 training
 * points, the same 40 validation points and the same 2,000 separate test points.
 */
import { randomTrialParams } from "../../core/lessons";
import type { LessonRunSpec, RunRecord } from "./experiment.svelte";
import { baseConfig, variant } from "./presets";

export const TRIALS = 40;
export const VALIDATION_POINTS = 40;
export const TEST_POINTS = 2000;
/** The seed of the data, the split and every trial's start; the random sampler's seed. */
const DATA_SEED = 1;
const SAMPLER_SEED = 1;

/** The trials: random learning rate and hidden-layer width, Adam, 15 epochs. */
export function validationOverfitRuns(): LessonRunSpec[] {
  return randomTrialParams(TRIALS, SAMPLER_SEED).map((p, i) => {
    const learningRate = Number(p.learningRate);
    const units = Number(p.units);
    return {
      id: `trial-${i + 1}`,
      label: `Trial ${i + 1}: lr ${Number(learningRate.toPrecision(2))}, ${units} units`,
      color: "#888",
      config: variant({
        data: {
          kind: "2d",
          generator: "circle",
          samples: 200,
          noise: 50,
          classes: 3,
          trainRatio: 1 - VALIDATION_POINTS / 200,
          features: ["x1", "x2"],
          testSamples: TEST_POINTS,
        },
        model: { hiddenLayers: [units], activation: "relu", init: "he" },
        optimizer: { ...baseConfig().optimizer, name: "adam" },
        learningRate,
        batchSize: 16,
        epochs: 15,
        seed: DATA_SEED,
      }),
    };
  });
}

/** A finished trial's validation and test accuracy (of the weights it ends with), or null. */
export function trialScores(run: RunRecord): { val: number; test: number } | null {
  const r = run.result;
  if (run.status !== "done" || !r || r.testMetric === undefined) return null;
  return { val: r.finalValMetric, test: r.testMetric };
}
