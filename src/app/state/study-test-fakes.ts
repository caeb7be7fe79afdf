/**
 * Fake training workers for the study tests: the real WorkerPool around workers that "train" by
 * producing epoch reports from the trial's learning rate, honour stop(), and can diverge, hang or
 * crash on request. Used by the *.test.ts files beside it only.
 */
import { defaultConfig } from "../../core/playground-config";
import { defaultStudyConfig, type StudyConfig } from "../../core/study/study-config";
import type { EpochReport, TrainConfig, TrainResult } from "../../shared/train";
import { FakeWorker as BaseFakeWorker } from "../bridge/fake-worker";
import { WorkerPool, type CrashReport } from "../bridge/worker-pool";
import type { TimerEnvironment } from "./study-throttle";
import { trainerPool, type TrainerApi, type TrainerMeta, type TrainerPool } from "./study-workers";

export class FakeWorker extends BaseFakeWorker {
  crash(message: string): void {
    this.fireError(message);
  }
}

/** What a fake worker does with one trial: "train", diverge at an epoch, hang forever, or crash its worker. */
export type FakeBehaviour =
  | { kind: "train" }
  | { kind: "diverge"; epoch: number }
  | { kind: "hang" }
  | { kind: "crash"; epoch: number };

export interface FakeTraining {
  /** Every TrainConfig the workers received, in order. */
  configs: TrainConfig[];
  stopCalls: number;
  workers: FakeWorker[];
  /** Ids of the datasets handed to the workers (loadData), in order. */
  loaded: string[];
  createPool: (size: number, onCrash: (report: CrashReport) => void) => TrainerPool;
}

/** Validation loss of a fake trial: lowest at learning rate 0.01, falling a little every epoch; fold i of a CV trial adds 0.1 × i. */
export function fakeLoss(config: TrainConfig, epoch: number): number {
  return Math.abs(Math.log10(config.learningRate) + 2) + 1 / epoch + 0.1 * (config.fold?.index ?? 0);
}

function report(config: TrainConfig, epoch: number): EpochReport {
  const valLoss = fakeLoss(config, epoch);
  return {
    epoch,
    trainLoss: valLoss * 0.9,
    valLoss,
    trainMetric: 1 / (1 + valLoss),
    valMetric: 1 / (1 + valLoss),
    lr: config.learningRate,
    stepLrs: [config.learningRate],
    step: epoch,
    epochMs: 5,
    samplesPerSec: 1000,
  };
}

function result(status: TrainResult["status"], epochs: number, message: string): TrainResult {
  return {
    status,
    message,
    epochs,
    bestEpoch: epochs,
    finalValLoss: 0,
    finalValMetric: 0,
    bestValLoss: 0,
    bestValMetric: 0,
    backend: "cpu",
    totalMs: 10,
  };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

/** Fake workers; `behaviour(config, index)` decides what the index-th trial sent to a worker does. */
export function fakeTraining(
  behaviour: (config: TrainConfig, index: number) => FakeBehaviour = () => ({ kind: "train" }),
): FakeTraining {
  const state: FakeTraining = {
    configs: [],
    stopCalls: 0,
    workers: [],
    loaded: [],
    createPool: (size, onCrash) =>
      trainerPool(
        new WorkerPool<TrainerApi, TrainerMeta>({
          size,
          initialMeta: () => ({ backendChoice: null, backend: null, loadedDataIds: [] }),
          onCrash,
          create: () => {
            const worker = new FakeWorker();
            state.workers.push(worker);
            let stopRequested = false;
            const api: TrainerApi = {
              init: async (choice) => ({ name: "cpu", reason: `fake worker asked for ${choice}` }),
              loadData: (arrays) => {
                state.loaded.push(arrays.id);
              },
              stop: () => {
                state.stopCalls++;
                stopRequested = true;
              },
              train: async (config, onEpoch) => {
                const index = state.configs.push(config) - 1;
                stopRequested = false;
                const plan = behaviour(config, index);
                if (plan.kind === "hang") return new Promise<TrainResult>(() => {});
                for (let epoch = 1; epoch <= config.epochs; epoch++) {
                  await tick();
                  if (plan.kind === "diverge" && epoch === plan.epoch) {
                    return result("diverged", epoch, `diverged at epoch ${epoch} — learning rate too high?`);
                  }
                  if (plan.kind === "crash" && epoch === plan.epoch) {
                    worker.crash("out of memory in the fake worker");
                    return new Promise<TrainResult>(() => {});
                  }
                  await onEpoch(report(config, epoch));
                  if (stopRequested) return result("stopped", epoch, `stopped after ${epoch} epochs`);
                }
                const done = result("completed", config.epochs, `completed ${config.epochs} epochs`);
                if (config.data.kind !== "2d") {
                  done.testLoss = fakeLoss(config, config.epochs) + 0.05;
                  done.testMetric = 1 / (1 + done.testLoss);
                }
                return done;
              },
            };
            return { worker, api };
          },
        }),
      ),
  };
  return state;
}

/** A small study: the learning rate tuned by random search, 4 epochs a trial, no pruning. */
export function smallStudyConfig(overrides: Partial<StudyConfig> = {}): StudyConfig {
  const base = { ...defaultConfig(), epochs: 4, samples: 200, hiddenLayers: [4] };
  const config = defaultStudyConfig(base);
  return {
    ...config,
    space: { learningRate: { type: "float", low: 1e-4, high: 1, log: true } },
    sampler: { name: "random" },
    pruner: { name: "none" },
    objective: { metric: "valLoss", direction: "minimize", reduce: "best" },
    budget: { trials: 6, timeLimitSec: null, workers: 2 },
    ...overrides,
  };
}

/** A clock and timers that move only when the test says so. */
export function fakeTimers() {
  let now = 0;
  const timers: { at: number; callback: () => void; id: number }[] = [];
  let next = 1;
  const env: TimerEnvironment = {
    now: () => now,
    setTimeout: (callback, ms) => {
      timers.push({ at: now + ms, callback, id: next });
      return next++;
    },
    clearTimeout: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  return {
    env,
    timers,
    /** Moves the clock on and fires the timers that are due. */
    advance(ms: number) {
      now += ms;
      for (const t of timers.filter((x) => x.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.callback();
      }
    },
  };
}
