/**
 * The lessons: a short text, the runs of the experiment, the charts and the numbers to read.
 * Each lesson varies one thing of a preset (presets.ts); the effect comes from training them.
 */
import { curvedValley, oneParameterMatters, type LessonObjective } from "../../core/lessons";
import type { SamplerChoice } from "../../core/search";
import type { LessonRunSpec } from "./experiment.svelte";
import { BASE_RATE, BATCH_EPOCHS, LARGE_BATCH, SCALED_RATE, SMALL_BATCH } from "./batch-size";
import { baseConfig, overfitBase, variant } from "./presets";
import {
  EXAMPLES_PER_CLASS,
  HIDDEN_UNITS,
  LOWER_RATE_FACTOR,
  PRETRAIN_EPOCHS,
  TRANSFER_EPOCHS,
} from "./transfer-preset";
import { PRUNING_RACE } from "./pruning-preset";
import type { PruningRaceSetup } from "./pruning-race.svelte";
import { TEST_POINTS, TRIALS, VALIDATION_POINTS } from "./validation-overfit";
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
      "The suggested rate sits on the steep part of the curve; “Use this” opens the playground with " +
      "it, and “Search around it” opens a study that tunes the rate in a range around it.",
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
    kind: "batch-size",
    id: "batch-size",
    number: 5,
    title: "Batch size and the learning rate that goes with it",
    summary: "A larger batch takes fewer steps per epoch; scaling the rate with it wins them back.",
    paragraphs: [
      "Each step of gradient descent averages the gradient over one batch. A batch 16 times larger " +
        "gives a less noisy gradient, but an epoch then holds 16 times fewer steps: at the same " +
        "learning rate the network moves much less per epoch, and after the same number of epochs " +
        "it has learned much less.",
      "The linear scaling rule says: multiply the batch size by k, multiply the rate by k too. Each " +
        "large step then goes about as far as the k small steps it replaces. Here the network of " +
        `lesson 1 learns the circle data with plain SGD for ${BATCH_EPOCHS} epochs: batch ${SMALL_BATCH} at rate ` +
        `${BASE_RATE}, batch ${LARGE_BATCH} at the same rate, and batch ${LARGE_BATCH} at ${SCALED_RATE}. Same seed for all three.`,
    ],
    lookFor:
      "Per epoch, the large batch at the same rate lags far behind; with the scaled rate it ends close to " +
      "the small batch, although it took about 12 times fewer steps (right chart).",
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
    kind: "pruning",
    id: "pruning",
    number: 11,
    title: "Pruning and Hyperband: more configurations tried for the same compute",
    summary: "Stop poor trials after a few epochs and spend the epochs on new configurations.",
    paragraphs: [
      "Most configurations a search tries are poor, and a poor one usually shows it within a few " +
        "epochs. A pruner looks at every trial's validation loss after each epoch and stops the ones " +
        "that trail the others; the epochs they would have used go to new configurations.",
      "ASHA (asynchronous successive halving) checks a trial after 1, 3 and 9 epochs and lets it go " +
        "on only if it is in the best third of the trials that reached the same check. Hyperband runs " +
        "several such schedules side by side, from eager (first check after 1 epoch) to patient " +
        "(first check after 9), so that a slow starter is not always stopped too soon.",
      "Each search below may train 120 epochs in all: without pruning that is six full trials of 20 " +
        "epochs. All three draw the same configurations in the same order (Adam's learning rate from " +
        "0.0001 to 1 and 1 to 32 units in each of two layers, on the circle data), so only the pruner " +
        "differs. The x axis counts epochs, the compute spent, not trials.",
    ],
    lookFor:
      "For the same 120 epochs, ASHA tries about five times as many configurations and Hyperband more " +
      "than twice as many; most of their trials stop after one or three epochs (grey), and both find " +
      "a lower validation loss than random search without pruning. With other seeds the gap in the " +
      "best value is often smaller, and an eager pruner can now and then stop the configuration that " +
      "would have won: Hyperband's patient schedules are there to hedge against that.",
    searches: [
      { id: "random", label: "Random, no pruning", color: RUN_COLORS[0], pruner: "none" },
      {
        id: "asha",
        label: "Random + ASHA",
        color: RUN_COLORS[1],
        pruner: { name: "asha", minResource: 1, reductionFactor: 3 },
      },
      {
        id: "hyperband",
        label: "Random + Hyperband",
        color: RUN_COLORS[2],
        pruner: { name: "hyperband", minResource: 1, reductionFactor: 3, maxResource: 20 },
      },
    ],
    ...PRUNING_RACE,
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
  {
    kind: "validation-overfit",
    id: "validation-overfit",
    number: 13,
    title: "Overfitting the validation set",
    summary: "After many trials, the best validation score overstates the score on new data.",
    paragraphs: [
      "Every trial of a search is scored on the same validation set, and the search keeps the best. " +
        "A small validation set scores each trial with some luck: a few of its points happen to suit " +
        "one model's quirks. Pick the maximum of many such scores and you also pick the luckiest one, " +
        "so the winner's validation score is too good. The search has fitted the validation set.",
      `Here ${TRIALS} trials with a random learning rate and hidden-layer width train for 15 epochs on ` +
        `a noisy circle problem, each scored on the same ${VALIDATION_POINTS} validation points and on ` +
        `${TEST_POINTS.toLocaleString("en")} separate test points that the search never looks at.`,
    ],
    lookFor:
      "The best validation accuracy climbs as trials accumulate, while the test accuracy of the " +
      "picked trial does not follow: the shaded gap is far wider than the average trial's (dashed). " +
      "Report the test score of the winner, never its validation score.",
  },
  {
    kind: "transfer",
    id: "transfer",
    number: 14,
    title: "Transfer learning, and when it does not pay",
    summary:
      "Pretrain on digits 0 to 4, then learn 5 to 9 from three examples each: frozen, slower, or from scratch.",
    paragraphs: [
      "A network trained on one task has learned features in its lower layers. Transfer learning " +
        "keeps those layers, puts a new output layer on top and trains on a second task, either with " +
        "the kept layers frozen (only the new output layer learns) or with a smaller learning rate for " +
        "them, so that they adapt without forgetting. It pays when the second task has few labelled " +
        "examples and the first task's features suit it.",
      `Here a network with one hidden layer of ${HIDDEN_UNITS} ReLU units learns the 8 × 8 digits 5 to 9 ` +
        `from only ${EXAMPLES_PER_CLASS} labelled examples of each, for ${TRANSFER_EPOCHS} epochs, and is ` +
        `scored on about 270 held-out images of 5 to 9. The two pretrained runs first train ` +
        `${PRETRAIN_EPOCHS} epochs on every training image of 0 to 4 (the last column shows how well), then ` +
        `keep the hidden layer: frozen, or at ${LOWER_RATE_FACTOR}× the rate. Same seed, split and ` +
        "examples for all three.",
      "Transfer is not free: the kept features are the ones that tell 0 to 4 apart. On these small " +
        "images the raw pixels already separate digits well, and a hidden layer trained on the 15 " +
        "examples of 5 to 9 themselves fits them better than one trained on other digits. Try it on " +
        "your own data before trusting it; the gap between frozen and slower fine-tuning shows how much " +
        "the kept layer had to change.",
    ],
    lookFor:
      "Both pretrained runs start from a hidden layer that scores about 99% on 0 to 4 (last column), yet " +
      "here learning from scratch ends with the best accuracy on 5 to 9: negative transfer. Letting the " +
      "kept layer learn at a tenth of the rate recovers part of the gap; frozen does worst, and its " +
      "validation loss stays highest although it fits its 15 training examples perfectly.",
  },
];

/** The lesson with this id, or undefined. */
export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
