/**
 * The lessons: a short text, the runs of the experiment, the charts and the numbers to read.
 * Each lesson varies one thing of a preset (presets.ts); the effect comes from training them.
 */
import { curvedValley, oneParameterMatters, type LessonObjective } from "../../core/lessons";
import type { SamplerChoice } from "../../core/search";
import type { LessonRunSpec } from "./experiment.svelte";
import { baseConfig, overfitBase, variant } from "./presets";
import {
  bestEpoch,
  bestValLoss,
  epochsRun,
  finalTrainLoss,
  finalValAccuracy,
  finalValLoss,
  keptValLoss,
  trainValGap,
  type ReadoutColumn,
} from "./readouts";

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

export type Lesson = CompareLesson | RangeTestLesson | SeedsLesson | SearchLesson;

const runsOf = (items: { id: string; label: string; config: LessonRunSpec["config"]; dash?: string }[]) =>
  items.map((item, i) => ({ ...item, color: RUN_COLORS[i % RUN_COLORS.length] }));

export const LESSONS: Lesson[] = [
  {
    kind: "compare",
    id: "learning-rate",
    number: 1,
    title: "Learning rate: too small, right, too large",
    summary: "The same network trained with three learning rates.",
    paragraphs: [
      "The learning rate is the size of each step down the loss surface. Too small, and the network " +
        "crawls: after the whole budget it has barely moved. Too large, and each step overshoots the " +
        "valley, so the loss jumps about or explodes.",
      "Here one small network learns the circle data set with plain SGD for 40 epochs, " +
        "at 0.001, 0.1 and 10. Nothing else changes, not even the seed.",
    ],
    lookFor:
      "The right rate ends with a training loss far below the other two: the small one has hardly " +
      "started, the large one bounces at a high loss or diverges.",
    runs: () =>
      runsOf([
        { id: "small", label: "lr 0.001 (too small)", config: variant({ learningRate: 0.001 }) },
        { id: "right", label: "lr 0.1 (right)", config: variant({ learningRate: 0.1 }) },
        { id: "large", label: "lr 10 (too large)", config: variant({ learningRate: 10 }) },
      ]),
    chart: { curves: "train", logY: true },
    columns: [finalTrainLoss, finalValLoss, finalValAccuracy],
  },
  {
    kind: "range-test",
    id: "range-test",
    number: 2,
    title: "Learning-rate range test",
    summary: "Raise the rate exponentially while training, and read a good rate off the loss.",
    paragraphs: [
      "Instead of guessing, train once while the learning rate grows exponentially, from far too " +
        "small to far too large, and record the loss at each rate. The loss is flat while the rate " +
        "is too small, falls once the rate is useful, and shoots up when it is too large.",
      "A good rate lies where the loss falls fastest, a little before its lowest point. Here the " +
        "rate grows from 0.0001 to 30 over 30 short epochs of the circle data set; each point is " +
        "one epoch's training loss at that epoch's rate.",
    ],
    lookFor:
      "The suggested rate sits on the steep part of the curve; “Use this” opens the playground with it.",
  },
  {
    kind: "compare",
    id: "warmup",
    number: 3,
    title: "Warmup",
    summary: "A high rate without warmup stalls or diverges; with warmup the same rate trains.",
    paragraphs: [
      "At the start the weights are random and the gradients are large and unreliable. A high rate " +
        "taken at full size from the first step can throw the network into a region it never " +
        "recovers from: dead ReLUs, saturated units, or an exploding loss.",
      "Warmup raises the rate linearly from almost nothing to its full value over the first epochs. " +
        "Both runs below train the same 4×32 ReLU network with SGD and momentum at the same high peak " +
        "rate (0.3) and cosine decay, from the same seed; one warms up over 10 epochs. (With other " +
        "seeds the run without warmup is sometimes lucky: warmup buys reliability.)",
    ],
    lookFor: "Without warmup the loss stays high; with warmup the same peak rate ends far lower.",
    runs: () => {
      const high = variant({
        model: { hiddenLayers: [32, 32, 32, 32], activation: "relu", init: "he" },
        optimizer: { ...baseConfig().optimizer, name: "momentum" },
        learningRate: 0.3,
        batchSize: 32,
        epochs: 30,
        schedule: { kind: "cosine", minFactor: 0.01 },
      });
      return runsOf([
        { id: "no-warmup", label: "No warmup", config: high },
        {
          id: "warmup",
          label: "Warmup, 10 epochs",
          config: variant({ schedule: { warmupEpochs: 10 } }, high),
        },
      ]);
    },
    chart: { curves: "train", logY: true, withRate: true },
    columns: [finalTrainLoss, finalValLoss, finalValAccuracy],
  },
  {
    kind: "compare",
    id: "decay",
    number: 4,
    title: "Decay schedules",
    summary: "Constant, step, cosine and one-cycle schedules, the rate drawn over the loss.",
    paragraphs: [
      "A rate that is right at the start is often too large at the end: the network keeps jumping " +
        "around the bottom of the valley instead of settling into it. Decay schedules lower the " +
        "rate as training goes on.",
      "Step decay cuts it by a factor every few epochs; cosine lowers it smoothly to a floor; " +
        "one-cycle first rises, then falls below the base rate. Each run trains the network of " +
        "lesson 1 on the circle data with plain SGD at a high base rate of 2, for 40 epochs.",
    ],
    lookFor:
      "At a constant high rate the loss keeps bouncing; each drop of the rate (top) shows as a drop " +
      "or a smoothing of the loss (bottom) at the same epoch, and every decaying schedule ends lower.",
    runs: () => {
      const base = variant({ learningRate: 2, epochs: 40 });
      const schedule = (kind: "constant" | "step" | "cosine" | "onecycle") =>
        variant({ schedule: { kind, stepEpochs: 10, gamma: 0.3, minFactor: 0.01 } }, base);
      return runsOf([
        { id: "constant", label: "Constant", config: schedule("constant") },
        { id: "step", label: "Step (×0.3 every 10)", config: schedule("step") },
        { id: "cosine", label: "Cosine", config: schedule("cosine") },
        { id: "onecycle", label: "One-cycle", config: schedule("onecycle") },
      ]);
    },
    chart: { curves: "train", logY: true, withRate: true },
    columns: [finalTrainLoss, finalValLoss, finalValAccuracy],
  },
  {
    kind: "compare",
    id: "regularisation",
    number: 6,
    title: "Dropout and L2 against overfitting",
    summary: "A large network on little noisy data: the gap between training and validation loss.",
    paragraphs: [
      "A network with far more weights than there are examples can learn the training set by " +
        "heart, noise included. Its training loss keeps falling while its validation loss turns " +
        "and rises: the gap between them is overfitting.",
      "Dropout switches off a random half of the hidden units at every step, so no unit can rely " +
        "on another; L2 adds the squared weights to the loss, so large weights cost something. " +
        "All three runs train the same 64×64 ReLU network on 60 noisy XOR points.",
    ],
    lookFor:
      "The plain run has the widest gap; dropout and L2 keep the validation loss close to the training loss.",
    runs: () =>
      runsOf([
        { id: "plain", label: "No regularisation", config: overfitBase() },
        { id: "dropout", label: "Dropout 0.5", config: variant({ model: { dropout: 0.5 } }, overfitBase()) },
        { id: "l2", label: "L2 0.01", config: variant({ model: { l2: 0.01 } }, overfitBase()) },
      ]),
    chart: { curves: "both", logY: true },
    columns: [finalTrainLoss, finalValLoss, trainValGap],
  },
  {
    kind: "compare",
    id: "early-stopping",
    number: 7,
    title: "Early stopping",
    summary: "Stop when the validation loss stops improving, and keep the best weights.",
    paragraphs: [
      "When a network starts to overfit, the validation loss reaches a low point and then rises. " +
        "Early stopping watches it and stops once it has not improved for a number of epochs " +
        "(the patience). Restoring the best weights then goes back to the low point.",
      "The three runs train the same overfitting network (Adam at 0.001): for the full 80 epochs, with early " +
        "stopping (patience 10) keeping the last weights, and with early stopping restoring the best.",
    ],
    lookFor:
      "The early-stopped runs end long before 80 epochs; the one that restores the best weights keeps " +
      "the lowest validation loss.",
    runs: () => {
      const slow = variant({ learningRate: 0.001 }, overfitBase());
      const stop = (restoreBest: boolean) =>
        variant({ earlyStopping: { enabled: true, patience: 10, minDelta: 0, restoreBest } }, slow);
      return runsOf([
        { id: "full", label: "All 80 epochs", config: slow },
        { id: "stop-last", label: "Early stop, last weights", config: stop(false) },
        { id: "stop-best", label: "Early stop, best weights", config: stop(true) },
      ]);
    },
    chart: { curves: "val", logY: true },
    columns: [epochsRun, bestEpoch, bestValLoss, keptValLoss],
  },
  {
    kind: "compare",
    id: "capacity",
    number: 8,
    title: "Capacity",
    summary: "Too small a network underfits, too large overfits.",
    paragraphs: [
      "Capacity is how complicated a function the network can represent. One hidden unit can draw " +
        "only a straight boundary, which cannot separate XOR: both losses stay high (underfitting). " +
        "A 64×64 network can draw anything, including the noise of 60 training points: training loss " +
        "near zero, validation loss high (overfitting).",
      "In between, a single layer of 8 units fits the pattern and not the noise.",
    ],
    lookFor:
      "The small network's training loss stays high; the large one has the lowest training loss but a wide gap.",
    runs: () =>
      runsOf([
        { id: "tiny", label: "1 unit", config: variant({ model: { hiddenLayers: [1] } }, overfitBase()) },
        { id: "medium", label: "8 units", config: variant({ model: { hiddenLayers: [8] } }, overfitBase()) },
        { id: "large", label: "64×64 units", config: overfitBase() },
      ]),
    chart: { curves: "both", logY: true },
    columns: [finalTrainLoss, finalValLoss, trainValGap],
  },
  {
    kind: "search",
    id: "grid-vs-random",
    number: 9,
    title: "Grid against random search",
    summary: "When one of two parameters does not matter, a grid wastes most of its trials.",
    paragraphs: [
      "A 4×4 grid spends 16 trials but tries only four values of each parameter. If one of the two " +
        "parameters has no effect, twelve of those trials repeat what the other four already showed. " +
        "Random search also spends 16 trials, and every one of them tries a new value of both.",
      "The function here is a narrow valley along x (best at x = 0.62) that ignores y entirely, like " +
        "a learning rate that matters beside a setting that does not. Both strategies are the app's " +
        "own samplers, run over ten seeds; no network is trained, so this takes a moment.",
    ],
    lookFor:
      "The grid is stuck at its point nearest the valley in every seed; random search ends lower in most seeds.",
    objective: oneParameterMatters,
    racers: [
      { id: "grid", label: "Grid 4×4", color: RUN_COLORS[0], sampler: { name: "grid", n: 4 } },
      { id: "random", label: "Random", color: RUN_COLORS[1], sampler: "random" },
    ],
    baseline: "grid",
    trials: 16,
    seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  },
  {
    kind: "search",
    id: "bayesian-search",
    number: 10,
    title: "Bayesian search against random search",
    summary: "TPE and a Gaussian process learn from earlier trials; random search does not.",
    paragraphs: [
      "Random search ignores what earlier trials found. Bayesian methods build a model of the " +
        "objective from the trials so far and propose where it looks promising: TPE compares the " +
        "density of good and bad trials, a Gaussian process (GP) fits a smooth surface with its " +
        "uncertainty.",
      "Each strategy gets 30 trials on a curved valley in two parameters, over five seeds. Both " +
        "Bayesian samplers start with a few random trials, so the curves agree at first.",
    ],
    lookFor:
      "After the random start, the GP's best value falls well below random search's; TPE needs more " +
      "trials than this to pull ahead, and the band shows how much one seed can vary.",
    objective: curvedValley,
    racers: [
      { id: "random", label: "Random", color: RUN_COLORS[0], sampler: "random" },
      { id: "tpe", label: "TPE", color: RUN_COLORS[1], sampler: "tpe" },
      { id: "gp", label: "GP", color: RUN_COLORS[2], sampler: "gp" },
    ],
    baseline: "random",
    trials: 30,
    seeds: [1, 2, 3, 4, 5],
  },
  {
    kind: "seeds",
    id: "seeds",
    number: 12,
    title: "Seeds: is an improvement real?",
    summary: "Two configurations over five seeds each: mean, confidence interval and Welch's t-test.",
    paragraphs: [
      "Two runs that differ in one setting also differ in their random start and the order of their " +
        "batches. One run each cannot tell the setting's effect from luck. Train each configuration " +
        "with several seeds and compare the means, with their spread.",
      "Here the 8-unit network of the capacity lesson is compared at two learning rates, 0.01 and " +
        "0.001, with five seeds each; the number compared is the final validation loss. The 95% confidence interval of each mean comes from Student's t " +
        "distribution; Welch's t-test gives the probability of a difference at least this large if " +
        "the two configurations were really the same.",
    ],
    lookFor:
      "A p-value below 0.05 says the difference is unlikely to be luck; overlapping intervals say be careful.",
  },
];

/** The lesson with this id, or undefined. */
export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
