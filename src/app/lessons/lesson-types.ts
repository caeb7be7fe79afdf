/** The kinds of lesson: what each shows and needs. The lessons themselves are in catalog.ts. */
import type { LessonObjective } from "../../core/lessons";
import type { SamplerChoice } from "../../core/search";
import type { LessonRunSpec } from "./experiment.svelte";
import type { PruningRaceSetup } from "./pruning-race.svelte";
import type { ReadoutColumn } from "./readouts";

/** Run colours: distinct, colour-blind-safe hues. */
export const RUN_COLORS = ["#e0701b", "#1f6fb2", "#389e5c", "#c4466e", "#7a5eb8"];

export interface CurveChart {
  /** Which loss each run draws: training, validation (dashed) or both. */
  curves: "train" | "val" | "both";
  logY: boolean;
  /** Draw the learning rate of every step above the loss (the decay lesson). */
  withRate?: boolean;
}

interface LessonBase {
  id: string;
  number: number;
  title: string;
  /** One line for the list of lessons. */
  summary: string;
  paragraphs: string[];
  /** What to look at once it has run. */
  lookFor: string;
}

/** A lesson that trains a few runs side by side and compares their curves. */
export interface CompareLesson extends LessonBase {
  kind: "compare";
  runs: () => LessonRunSpec[];
  chart: CurveChart;
  columns: ReadoutColumn[];
}

/** The learning-rate range test (one run with an exponentially growing rate). */
export interface RangeTestLesson extends LessonBase {
  kind: "range-test";
}

/** The same two configurations over several seeds, with statistics. */
export interface SeedsLesson extends LessonBase {
  kind: "seeds";
}

/** Search strategies raced on a cheap function in the page (no training). */
export interface SearchLesson extends LessonBase {
  kind: "search";
  objective: LessonObjective;
  racers: { id: string; label: string; color: string; sampler: SamplerChoice }[];
  /** The racer the others are counted against, seed by seed. */
  baseline: string;
  trials: number;
  seeds: number[];
}

/** Lesson 5: batch sizes and rates, the loss per epoch and per step (runs in batch-size.ts). */
export interface BatchSizeLesson extends LessonBase {
  kind: "batch-size";
}

/** Lesson 13: many random trials, the best validation score against its test score (validation-overfit.ts). */
export interface ValidationOverfitLesson extends LessonBase {
  kind: "validation-overfit";
}

/** Lesson 11: random search with and without pruners, the same epoch budget each (pruning-race.svelte.ts). */
export interface PruningLesson extends LessonBase, PruningRaceSetup {
  kind: "pruning";
}

/** Lesson 14: digits 5 to 9 from few examples, from scratch or pretrained on 0 to 4 (transfer-preset.ts). */
export interface TransferLesson extends LessonBase {
  kind: "transfer";
}

export type Lesson =
  | CompareLesson
  | RangeTestLesson
  | SeedsLesson
  | SearchLesson
  | BatchSizeLesson
  | ValidationOverfitLesson
  | PruningLesson
  | TransferLesson;

/** Gives each run of a compare lesson its colour, in order. */
export const runsOf = (
  items: { id: string; label: string; config: LessonRunSpec["config"]; dash?: string }[],
) => items.map((item, i) => ({ ...item, color: RUN_COLORS[i % RUN_COLORS.length] }));
