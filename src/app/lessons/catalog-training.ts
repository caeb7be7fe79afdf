/**
 * Lessons 1 to 8: training itself (rate, range test, warmup, decay, batch size, regularisation,
 * early stopping, capacity). Each varies one thing of a preset (presets.ts).
 */

import { BASE_RATE, BATCH_EPOCHS, LARGE_BATCH, SCALED_RATE, SMALL_BATCH } from "./batch-size";
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
} from "./readouts";
import { runsOf, type Lesson } from "./lesson-types";

export const TRAINING_LESSONS: Lesson[] = [
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
];
