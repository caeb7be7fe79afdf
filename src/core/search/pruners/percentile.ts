/**
 * Percentile pruning (Optuna's PercentilePruner/MedianPruner): at a pruning step, stop the trial
 * if the best value it has reported so far is worse than the given percentile of the values that
 * complete trials reported at the same step.
 */
import type { Direction, Pruner, TrialRecord } from "../types";
import {
  bestReported,
  lastReport,
  percentileOf,
  previousStep,
  scanCurves,
  type CurveReader,
} from "../curves";
import { checkPrunerOptions, intOption } from "./options";

export interface PercentileOptions {
  /** Percentile in [0, 100] that a trial must beat; 50 is the median. 25 keeps the top quarter when minimising. */
  percentile?: number;
  /** No pruning until this many trials have completed (default 5). */
  nStartupTrials?: number;
  /** No pruning before this step (default 0). */
  nWarmupSteps?: number;
  /** Only consider pruning every this many steps after the warm-up (default 1). */
  intervalSteps?: number;
  /** At least this many complete trials must have reported the step (default 1). */
  nMinTrials?: number;
}

const KEYS = ["percentile", "nStartupTrials", "nWarmupSteps", "intervalSteps", "nMinTrials"];

export class PercentilePruner implements Pruner {
  readonly name: string;
  readonly percentile: number;
  readonly nStartupTrials: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;
  readonly nMinTrials: number;

  /** Checks every option and throws with the offending value. */
  constructor(options: PercentileOptions = {}, name: "percentile" | "median" = "percentile") {
    checkPrunerOptions(name, options, KEYS);
    this.name = name;
    const p = options.percentile ?? 50;
    if (typeof p !== "number" || !(p >= 0 && p <= 100)) {
      throw new Error(
        `The percentile pruner's percentile must be in [0, 100], got ${JSON.stringify(options.percentile)}`,
      );
    }
    this.percentile = p;
    this.nStartupTrials = intOption(name, "nStartupTrials", options.nStartupTrials, 5, 0);
    this.nWarmupSteps = intOption(name, "nWarmupSteps", options.nWarmupSteps, 0, 0);
    this.intervalSteps = intOption(name, "intervalSteps", options.intervalSteps, 1, 1);
    this.nMinTrials = intOption(name, "nMinTrials", options.nMinTrials, 1, 1);
  }

  shouldPrune(
    trial: TrialRecord,
    trials: readonly TrialRecord[],
    direction: Direction,
    curves: CurveReader = scanCurves,
  ): boolean {
    const last = lastReport(trial, curves);
    if (last === null) return false;
    if (!Number.isFinite(last.value)) return true;
    // Plain loops: this runs after every epoch of every trial, over every trial of the study.
    let complete = 0;
    for (const t of trials) if (t.state === "complete" && t.number !== trial.number) complete++;
    if (complete === 0 || complete < this.nStartupTrials) return false;
    if (last.step < this.nWarmupSteps || !this.isPruningStep(trial, last.step, curves)) return false;
    const atStep: number[] = [];
    for (const t of trials) {
      if (t.state !== "complete" || t.number === trial.number) continue;
      const v = t.intermediate[last.step];
      if (v !== undefined && Number.isFinite(v)) atStep.push(v);
    }
    if (atStep.length === 0 || atStep.length < this.nMinTrials) return false;
    // For maximisation the threshold mirrors: the 25th percentile of "best" is the 75th of values.
    const q = direction === "maximize" ? 100 - this.percentile : this.percentile;
    const threshold = percentileOf(atStep, q);
    const best = bestReported(trial, direction, curves);
    return direction === "maximize" ? best < threshold : best > threshold;
  }

  /** The first report at or after each interval boundary is a pruning step (reports may skip steps). */
  private isPruningStep(trial: TrialRecord, step: number, curves: CurveReader): boolean {
    const boundary =
      Math.floor((step - this.nWarmupSteps) / this.intervalSteps) * this.intervalSteps + this.nWarmupSteps;
    return previousStep(trial, step, curves) < boundary;
  }
}

/** The median pruner: a percentile pruner at 50. */
export class MedianPruner extends PercentilePruner {
  /** Same options as the percentile pruner except `percentile`. */
  constructor(options: Omit<PercentileOptions, "percentile"> = {}) {
    checkPrunerOptions(
      "median",
      options,
      KEYS.filter((k) => k !== "percentile"),
    );
    super({ ...options, percentile: 50 }, "median");
  }
}
