/**
 * The list of lessons: 1 to 8 (training itself) from catalog-training.ts, and here 9 to 14 (search,
 * pruning, seeds, the validation set, transfer). Each lesson is a short text, the runs of its
 * experiment, the charts and the numbers to read; the effect comes from running them.
 */
import { curvedValley, oneParameterMatters } from "../../core/lessons";
import {
  EXAMPLES_PER_CLASS,
  HIDDEN_UNITS,
  LOWER_RATE_FACTOR,
  PRETRAIN_EPOCHS,
  TRANSFER_EPOCHS,
} from "./transfer-preset";
import { PRUNING_RACE } from "./pruning-preset";
import { TEST_POINTS, TRIALS, VALIDATION_POINTS } from "./validation-overfit";
import { TRAINING_LESSONS } from "./catalog-training";
import { RUN_COLORS, type Lesson } from "./lesson-types";

export * from "./lesson-types";

export const LESSONS: Lesson[] = [
  ...TRAINING_LESSONS,
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
