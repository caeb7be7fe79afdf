/**
 * The trials of a study as the page holds them while it runs: the engine's record plus what the
 * app adds (times, the worker lane, every epoch report, the "interrupted" state), and the few
 * figures read from them: the best trial, the time the study has spent and the time it has left.
 */
import { fromTrainConfig, serializeConfig } from "../../core/playground-config";
import type { Direction, Params, TrialRecord as EngineTrial } from "../../core/search/index";
import { spreadOf, trialFoldSummary, type TrialFoldSummary } from "../../core/study/cross-validation";
import { trialTrainConfig, type StudyConfig } from "../../core/study/study-config";
import type { TrainResult } from "../../shared/train";
import type { EpochMetrics, EpochRecord, TestScore, TrialRecord as SavedTrial } from "../db/index";

export type { EpochMetrics, TestScore };

export type LiveTrialState = "running" | "complete" | "pruned" | "failed" | "interrupted";

export const LIVE_TRIAL_STATES: readonly LiveTrialState[] = [
  "running",
  "complete",
  "pruned",
  "failed",
  "interrupted",
];

/** One trial of a running or saved study. Replaced, never mutated, so the page can compare by identity. */
export interface LiveTrial {
  number: number;
  params: Params;
  state: LiveTrialState;
  /** Objective value of a complete trial, or a pruned trial's last reported one. */
  value?: number;
  reason?: string;
  /** Milliseconds since 1970. */
  startedAt: number;
  endedAt?: number;
  /** The lane (0-based worker index) that ran it; undefined when unknown. */
  worker?: number;
  /** Objective value so far after each epoch, as the pruner saw it. */
  intermediate: Record<number, number>;
  /**
   * Every epoch report, without the decision-boundary grid. Under cross-validation, fold f's
   * epoch e is numbered f × (planned epochs) + e, as the history stores it (see foldsOfTrial).
   */
  epochs: EpochMetrics[];
  /** Loss and metric on the test set (the mean over the folds under cross-validation), when there is one. */
  test?: TestScore;
}

/** The mean test loss and metric of a trial's trainings (one, or one per fold), or undefined when any lacks them. */
export function testScoreOf(results: readonly TrainResult[]): TestScore | undefined {
  if (results.length === 0) return undefined;
  if (results.some((r) => r.testLoss === undefined || r.testMetric === undefined)) return undefined;
  return {
    loss: spreadOf(results.map((r) => r.testLoss!)).mean,
    metric: spreadOf(results.map((r) => r.testMetric!)).mean,
  };
}

export type TrialFolds = TrialFoldSummary<EpochMetrics>;

/** The folds of a trial of a CV study (see trialFoldSummary), or null when the study does not cross-validate. */
export function foldsOfTrial(config: StudyConfig, trial: LiveTrial): TrialFolds | null {
  return trialFoldSummary(config, trial.params, trial.epochs, trial.state === "complete");
}

/** A running trial as it starts. */
export function startedTrial(number: number, params: Params, worker: number, now: number): LiveTrial {
  return {
    number,
    params: { ...params },
    state: "running",
    startedAt: now,
    worker,
    intermediate: {},
    epochs: [],
  };
}

/** A trial read back from the study history, with its epochs. */
export function trialFromSaved(saved: SavedTrial, epochs: readonly EpochRecord[]): LiveTrial {
  const trial: LiveTrial = {
    number: saved.number,
    params: { ...saved.params },
    state: saved.state,
    startedAt: saved.startedAt,
    intermediate: { ...saved.intermediate },
    epochs: epochs.map(({ studyId: _s, trialNumber: _t, ...metrics }) => metrics),
  };
  if (saved.value !== undefined) trial.value = saved.value;
  if (saved.reason !== undefined) trial.reason = saved.reason;
  if (saved.endedAt !== undefined) trial.endedAt = saved.endedAt;
  if (saved.workerIndex !== null) trial.worker = saved.workerIndex;
  if (saved.test !== undefined) trial.test = { ...saved.test };
  return trial;
}

/** The trial as the search engine's importance and plots read it ("interrupted" counts as failed). */
export function toEngineTrial(trial: LiveTrial): EngineTrial {
  const out: EngineTrial = {
    number: trial.number,
    params: trial.params,
    state: trial.state === "interrupted" ? "failed" : trial.state,
    intermediate: trial.intermediate,
  };
  if (trial.value !== undefined) out.value = trial.value;
  if (trial.reason !== undefined) out.reason = trial.reason;
  return out;
}

/** Whether `a` is a strictly better objective value than `b`. */
function better(a: number, b: number, direction: Direction): boolean {
  return direction === "minimize" ? a < b : a > b;
}

/** The complete trial with the best finite value (lowest number on ties), or null. */
export function bestOf(trials: readonly LiveTrial[], direction: Direction): LiveTrial | null {
  let best: LiveTrial | null = null;
  for (const t of trials) {
    if (t.state !== "complete" || t.value === undefined || !Number.isFinite(t.value)) continue;
    if (best === null || better(t.value, best.value!, direction)) best = t;
  }
  return best;
}

/**
 * When a trial stopped using a worker. An interrupted trial's end was only noticed at the next
 * load, possibly hours later, so its training time is taken from its epochs instead.
 */
export function trialEnd(trial: LiveTrial, now: number): number {
  if (trial.state === "running") return now;
  if (trial.state === "interrupted") return trial.startedAt + trial.epochs.reduce((s, e) => s + e.epochMs, 0);
  return trial.endedAt ?? trial.startedAt;
}

/** Time during which at least one trial was training: the measure of the union of the trials' intervals. */
export function activeTime(trials: readonly LiveTrial[], now: number): number {
  const spans = trials
    .map((t) => [t.startedAt, Math.max(t.startedAt, trialEnd(t, now))] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let from = -Infinity;
  let to = -Infinity;
  for (const [start, end] of spans) {
    if (start > to) {
      if (to > from) total += to - from;
      from = start;
      to = end;
    } else if (end > to) {
      to = end;
    }
  }
  if (to > from) total += to - from;
  return total;
}

export interface TimeLeftInput {
  trials: readonly LiveTrial[];
  /** Trials the budget allows in all (every state counts). */
  budgetTrials: number;
  workers: number;
  /** Epochs a trial trains unless stopped early. */
  plannedEpochs: (trial: LiveTrial) => number;
  /** Remaining time of the time limit in ms, or null for no limit. */
  limitLeftMs: number | null;
  now: number;
}

/**
 * Estimated time until the study ends: the trials still to start at the mean duration of the
 * trials finished so far, plus what the running ones have left (their remaining epochs at their
 * own pace, once they have one), shared among the workers; capped by the time limit. Null until a
 * trial has finished (nothing to estimate from).
 */
export function estimateTimeLeft(input: TimeLeftInput): number | null {
  const { trials, budgetTrials, workers, plannedEpochs, limitLeftMs, now } = input;
  const finished = trials.filter(
    (t) => t.state !== "running" && t.state !== "interrupted" && t.endedAt !== undefined,
  );
  if (finished.length === 0) return null;
  const mean = finished.reduce((s, t) => s + (t.endedAt! - t.startedAt), 0) / finished.length;
  const toStart = Math.max(0, budgetTrials - trials.length);
  let work = toStart * mean;
  for (const t of trials) {
    if (t.state !== "running") continue;
    const elapsed = now - t.startedAt;
    const done = t.epochs.length;
    work += done > 0 ? (elapsed / done) * Math.max(0, plannedEpochs(t) - done) : Math.max(0, mean - elapsed);
  }
  const estimate = work / Math.max(1, workers);
  return limitLeftMs === null ? estimate : Math.min(estimate, Math.max(0, limitLeftMs));
}

/** Counts of trials by state. */
export function countByState(trials: readonly LiveTrial[]): Record<LiveTrialState, number> {
  const counts: Record<LiveTrialState, number> = {
    running: 0,
    complete: 0,
    pruned: 0,
    failed: 0,
    interrupted: 0,
  };
  for (const t of trials) counts[t.state]++;
  return counts;
}

/** The playground link of a trial: the study's base with the trial's parameters, so it can be retrained there. */
export function trialPlaygroundQuery(config: StudyConfig, params: Params): string {
  return serializeConfig(fromTrainConfig(trialTrainConfig(config, params), config.base));
}

/** A trial's duration: tenths of a second below 10 s (trials of small studies are short), else as the playground writes it. */
export function formatTrialTime(ms: number, format: (ms: number) => string): string {
  return ms < 9950 ? `${(Math.max(0, ms) / 1000).toFixed(1)} s` : format(ms);
}
