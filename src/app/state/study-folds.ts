/**
 * One cross-validated trial while it trains, for the StudyDriver: its folds trained one after
 * another on one worker, each epoch stored under its fold's numbers, the intermediate curve (fold
 * 0 while it runs, then the mean over the finished folds) recomputed and shown to the study's
 * pruner, and at the end that curve reported to the engine before the trial is told its value,
 * the mean of the folds' objectives. See core/study/cross-validation for the rule.
 */
import type { Study, TellResult, TrialRecord as EngineTrial } from "../../core/search/index";
import { lastReportIsNonFinite } from "../../core/search/pruners/index";
import type { Pruner } from "../../core/search/types";
import {
  curveToIntermediate,
  cvObjective,
  cvPruningCurve,
  foldCurves,
  foldTrainConfig,
  storedReport,
} from "../../core/study/cross-validation";
import type { StudyConfig } from "../../core/study/study-config";
import type { EpochReport, TrainConfig, TrainResult } from "../../shared/train";
import type { EpochMetrics, LiveTrial } from "./study-trials";
import type { Trainer } from "./study-workers";

/** What a folded trial needs of the driver running it. */
export interface FoldHost {
  config(): StudyConfig;
  engine(): Study | null;
  /** The study's pruner (pruners are stateless, so it decides as the engine's would). */
  pruner(): Pruner | null;
  /** Whether Stop was pressed. */
  stopping(): boolean;
  trial(number: number): LiveTrial | undefined;
  put(trial: LiveTrial): void;
  /** Saves an epoch (already numbered for storage), with the objective the pruner saw at it if any. */
  saveEpoch(number: number, report: EpochMetrics, intermediate?: number): void;
}

export class FoldedTrial {
  /** The epoch (of `prunedFold`) after which the pruner stopped the trial, or null. */
  prunedAt: number | null = null;
  private prunedFold = 0;
  /** Pruned when a fold ended (on the mean of the finished folds), not during one. */
  private prunedAfterFold = false;
  private readonly foldEpochs: EpochMetrics[][] = [];
  private finishedFolds = 0;
  private trainer: Trainer | null = null;

  constructor(
    private readonly host: FoldHost,
    readonly number: number,
    readonly folds: number,
    readonly plannedEpochs: number,
  ) {}

  /** Trains the folds; stops early when one is stopped, diverges or is pruned. */
  async train(trainer: Trainer, trainConfig: TrainConfig): Promise<TrainResult[]> {
    this.trainer = trainer;
    const results: TrainResult[] = [];
    for (let fold = 0; fold < this.folds; fold++) {
      if (this.host.stopping() || this.prunedAt !== null) break;
      this.foldEpochs.push([]);
      const config = foldTrainConfig(trainConfig, this.folds, fold);
      const result = await trainer.train(config, (r) => this.receive(fold, r));
      results.push(result);
      if (result.status === "stopped" || result.status === "diverged") break;
      this.finishedFolds = fold + 1;
      if (fold === this.folds - 1 || this.host.stopping() || this.prunedAt !== null) continue;
      // The mean over the finished folds is a new intermediate curve: ask the pruner again before the next fold.
      const trial = this.host.trial(this.number);
      if (!trial) break;
      const intermediate = this.intermediate();
      this.host.put({ ...trial, intermediate });
      if (this.shouldPrune(trial, intermediate)) {
        this.prunedAt = this.foldEpochs[fold].length;
        this.prunedFold = fold;
        this.prunedAfterFold = true;
      }
    }
    return results;
  }

  /** How the trial ended; its curve goes to the engine first (a pruned trial keeps its last value). */
  outcome(results: TrainResult[] | null, stopped: () => TellResult): TellResult {
    const engine = this.host.engine()!;
    const intermediate = this.intermediate();
    for (const [step, value] of Object.entries(intermediate)) engine.report(this.number, Number(step), value);
    const trial = this.host.trial(this.number);
    if (trial) this.host.put({ ...trial, intermediate });
    if (this.prunedAt !== null) {
      const where = this.prunedAfterFold
        ? `after fold ${this.prunedFold + 1}`
        : `in fold ${this.prunedFold + 1} at epoch ${this.prunedAt}`;
      return { state: "pruned", reason: `pruned ${where} of ${this.folds}` };
    }
    const diverged = results?.findIndex((r) => r.status === "diverged") ?? -1;
    if (diverged >= 0)
      return { state: "failed", reason: `fold ${diverged + 1}: ${results![diverged].message}` };
    if (results === null || results.length < this.folds || results.some((r) => r.status === "stopped")) {
      return stopped();
    }
    return cvObjective(this.foldEpochs, this.host.config().objective).value;
  }

  /** One epoch of fold `fold`: stored, the curve recomputed, the pruner asked with it. */
  private async receive(fold: number, report: EpochReport): Promise<void> {
    const trial = this.host.trial(this.number);
    if (!trial || trial.state !== "running" || !this.host.engine()) return;
    const { boundary: _boundary, ...metrics } = report;
    this.foldEpochs[fold].push(metrics);
    const stored = storedReport(metrics, fold, this.plannedEpochs);
    const intermediate = this.intermediate();
    this.host.put({ ...trial, epochs: [...trial.epochs, stored], intermediate });
    this.host.saveEpoch(this.number, stored);
    // Pruning after the very last epoch would save nothing and throw away a finished result.
    const lastEpoch = fold === this.folds - 1 && report.epoch >= this.plannedEpochs;
    if (this.prunedAt !== null || this.host.stopping() || lastEpoch) return;
    if (this.shouldPrune(trial, intermediate)) {
      this.prunedAt = report.epoch;
      this.prunedFold = fold;
      // Awaited before returning, so the worker sees the stop before it starts the next epoch.
      await this.trainer?.stop();
    }
  }

  private intermediate(): Record<number, number> {
    const curves = foldCurves(this.foldEpochs, this.host.config().objective);
    return curveToIntermediate(cvPruningCurve(curves, this.finishedFolds));
  }

  private shouldPrune(trial: LiveTrial, intermediate: Record<number, number>): boolean {
    const engine = this.host.engine();
    const pruner = this.host.pruner();
    if (!engine || !pruner) return false;
    const record: EngineTrial = { number: this.number, params: trial.params, state: "running", intermediate };
    // As the engine does: a diverged curve is always pruned.
    if (lastReportIsNonFinite(record)) return true;
    return pruner.shouldPrune(record, engine.trials, this.host.config().objective.direction);
  }
}
