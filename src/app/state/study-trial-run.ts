/**
 * One trial of a study on a worker, for the StudyDriver: from its training settings to the outcome
 * the engine is told. It waits for a free worker, makes sure the worker has the backend and the
 * data, and trains: without cross-validation once, each epoch stored with the objective so far,
 * reported to the engine and shown to the pruner; with it fold after fold through a FoldedTrial
 * (study-folds.ts). A failed training, Stop and pruning all end in an outcome, never a throw.
 */
import type { TellResult } from "../../core/search/index";
import { objectiveOf } from "../../core/study/study-config";
import type {
  BackendInfo,
  DatasetArrays,
  DatasetSpec,
  EpochReport,
  TrainConfig,
  TrainResult,
} from "../../shared/train";
import { WorkerCrashError } from "../bridge/worker-pool";
import { FoldedTrial, type FoldHost } from "./study-folds";
import { testScoreOf } from "./study-trials";
import type { Trainer, TrainerPool } from "./study-workers";

/** What a trial run needs of the driver running it. */
export interface TrialHost extends FoldHost {
  /** The backend a worker reported it trains on. */
  noteBackend(backend: BackendInfo): void;
}

/** The reason a failed training gives, in words. */
export function failureReason(error: unknown): string {
  if (error instanceof WorkerCrashError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  if (/out of memory|\boom\b|allocation failed/i.test(message)) return `out of memory: ${message}`;
  return `training failed: ${message}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

export class TrialRun {
  /** The worker training the trial, once one was free. */
  trainer: Trainer | null = null;
  /** The epoch after which the pruner stopped it (without cross-validation). */
  private prunedAt: number | null = null;
  /** The trial's folds under cross-validation. */
  private readonly folded: FoldedTrial | null;

  constructor(
    private readonly host: TrialHost,
    readonly number: number,
    private readonly trainConfig: TrainConfig,
    folds: number,
  ) {
    this.folded = folds > 0 ? new FoldedTrial(host, number, folds, trainConfig.epochs) : null;
  }

  /** Trains the trial on a worker of `pool` and says how it ended. */
  async train(
    pool: TrainerPool,
    loadData: (spec: DatasetSpec) => Promise<DatasetArrays | null>,
  ): Promise<TellResult> {
    const config = this.trainConfig;
    try {
      const arrays = await loadData(config.data);
      const results = await pool.run(async (trainer) => {
        this.trainer = trainer;
        if (this.host.stopping()) return null;
        this.host.noteBackend(await trainer.ensureBackend(config.backend));
        if (this.host.stopping()) return null;
        if (arrays) await trainer.ensureData(arrays);
        if (this.host.stopping()) return null;
        if (this.folded) return this.folded.train(trainer, config);
        return [await trainer.train(config, (r) => this.receive(r))];
      });
      return this.outcome(results);
    } catch (error) {
      return this.host.stopping() ? this.stoppedOutcome() : { state: "failed", reason: failureReason(error) };
    }
  }

  /** One epoch: store it, report the objective so far, prune if the pruner says so. */
  private async receive(report: EpochReport): Promise<void> {
    const trial = this.host.trial(this.number);
    const engine = this.host.engine();
    if (!trial || trial.state !== "running" || !engine) return;
    const { boundary: _boundary, ...metrics } = report;
    const epochs = [...trial.epochs, metrics];
    const value = objectiveOf(epochs, this.host.config().objective);
    this.host.put({ ...trial, epochs, intermediate: { ...trial.intermediate, [report.epoch]: value } });
    engine.report(this.number, report.epoch, value);
    this.host.saveEpoch(this.number, metrics, value);
    // Pruning after the last epoch would save nothing and throw away a finished result.
    if (this.prunedAt !== null || this.host.stopping() || report.epoch >= this.trainConfig.epochs) return;
    if (engine.shouldPrune(this.number)) {
      this.prunedAt = report.epoch;
      // Awaited before returning, so the worker sees the stop before it starts the next epoch.
      await this.trainer?.stop();
    }
  }

  private outcome(results: TrainResult[] | null): TellResult {
    const trial = this.host.trial(this.number);
    if (trial && results) {
      const test = testScoreOf(results);
      if (test) this.host.put({ ...trial, test });
    }
    if (this.folded) return this.folded.outcome(results, () => this.stoppedOutcome());
    const result = results?.[0] ?? null;
    if (this.prunedAt !== null) return { state: "pruned", reason: `pruned at epoch ${this.prunedAt}` };
    if (result === null || result.status === "stopped") return this.stoppedOutcome();
    if (result.status === "diverged") return { state: "failed", reason: result.message };
    return objectiveOf(this.host.trial(this.number)?.epochs ?? [], this.host.config().objective);
  }

  private stoppedOutcome(): TellResult {
    const done = this.host.trial(this.number)?.epochs.length ?? 0;
    return { state: "failed", reason: `stopped by Stop after ${plural(done, "epoch")}` };
  }
}
