/**
 * Lesson 5, batch size and the learning rate that goes with it: a small batch at a base rate, a
 * batch 16 times larger at the same rate, and the large batch with the rate scaled by 16 (the
 * linear scaling rule). Same data, network, optimizer and seed; only batch size and rate change.
 */
import type { LessonRunSpec } from "./experiment.svelte";
import { baseConfig, variant } from "./presets";
import { finalTrainLoss, finalValAccuracy, finalValLoss, type ReadoutColumn } from "./readouts";

export const SMALL_BATCH = 8;
export const LARGE_BATCH = 128;
export const BASE_RATE = 0.05;
export const BATCH_EPOCHS = 30;
/** The linear scaling rule: a batch k times larger takes a rate k times larger. */
export const SCALED_RATE = (BASE_RATE * LARGE_BATCH) / SMALL_BATCH;

const COLORS = ["#e0701b", "#1f6fb2", "#389e5c"];

/** The three runs: plain SGD (no momentum, so the rate alone sets the step) on the circle data. */
export function batchSizeRuns(): LessonRunSpec[] {
  const run = (batchSize: number, learningRate: number) =>
    variant({
      batchSize,
      learningRate,
      epochs: BATCH_EPOCHS,
      optimizer: { ...baseConfig().optimizer, name: "sgd" },
    });
  return [
    {
      id: "small",
      label: `Batch ${SMALL_BATCH}, lr ${BASE_RATE}`,
      color: COLORS[0],
      config: run(SMALL_BATCH, BASE_RATE),
    },
    {
      id: "large",
      label: `Batch ${LARGE_BATCH}, lr ${BASE_RATE} (same rate)`,
      color: COLORS[1],
      config: run(LARGE_BATCH, BASE_RATE),
    },
    {
      id: "scaled",
      label: `Batch ${LARGE_BATCH}, lr ${SCALED_RATE} (×${LARGE_BATCH / SMALL_BATCH}, scaled)`,
      color: COLORS[2],
      config: run(LARGE_BATCH, SCALED_RATE),
    },
  ];
}

/** Optimizer steps the run has taken (the step count of its last epoch). */
export const stepsTaken: ReadoutColumn = {
  key: "steps",
  label: "Steps taken",
  value: (r) => r.reports.at(-1)?.step ?? NaN,
  format: String,
};

export const BATCH_SIZE_COLUMNS: ReadoutColumn[] = [
  stepsTaken,
  finalTrainLoss,
  finalValLoss,
  finalValAccuracy,
];
