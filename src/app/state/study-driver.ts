/**
 * Runs a study: one lane per worker asks the engine for a trial, records it, trains it on a free
 * worker, and after every epoch stores the report, reports the objective so far to the engine and
 * stops the worker when the pruner says so; at the end it tells the engine the result, saves the
 * trial and the engine, and asks for the next one until the budget (trials, time limit, or a
 * finished grid) is spent, or Pause or Stop is pressed. How one trial trains on its worker, with or
 * without cross-validation, is a TrialRun's (study-trial-run.ts). Plain TypeScript (the page's
 * runes class wraps it), so it runs under test with fake workers.
 */
import {
  StudyExhaustedError,
  createPruner,
  createStudy,
  type Study,
  type TellResult,
} from "../../core/search/index";
import type { Pruner } from "../../core/search/types";
import { trialTrainConfig, type Budget, type StudyConfig } from "../../core/study/study-config";
import type { BackendInfo, DatasetArrays, DatasetSpec, TrainConfig } from "../../shared/train";
import type { CrashReport } from "../bridge/worker-pool";
import type { StudyStore } from "./study-store";
import { TrialRun, type TrialHost } from "./study-trial-run";
import { activeTime, startedTrial, type LiveTrial, type LiveTrialState } from "./study-trials";
import type { TrainerPool } from "./study-workers";

export type StudyStatus = "draft" | "running" | "paused" | "stopped" | "finished";

/** Why the last run of the loop ended. */
export type EndReason = "budget" | "time-limit" | "exhausted" | "paused" | "stopped" | "error";

export interface StudyDriverOptions {
  config: StudyConfig;
  store: StudyStore;
  createPool: (size: number, onCrash: (report: CrashReport) => void) => TrainerPool;
  /** Called after every change of status or trials (the page batches these into frames). */
  onChange: () => void;
  now?: () => number;
  /** A restored study: its engine, trials and status. */
  engine?: Study | null;
  trials?: readonly LiveTrial[];
  status?: StudyStatus;
  /** How long a worker has to honour Stop before it is terminated (default 5 s). */
  stopGraceMs?: number;
  /** The arrays of an array dataset (null for 2D data), handed to each worker before its first trial. */
  loadData?: (spec: DatasetSpec) => Promise<DatasetArrays | null>;
}

export class StudyDriver {
  config: StudyConfig;
  status: StudyStatus;
  /** Pause was pressed: running trials finish, no new ones start. */
  pausing = false;
  /** Stop was pressed: running trials are being stopped. */
  stopping = false;
  endReason: EndReason | null = null;
  /** An unexpected error that ended the loop. */
  error: string | null = null;
  /** The backend the workers train on (the last one reported). */
  backend: BackendInfo | null = null;
  /** Worker crashes outside any trial's own failure, newest last. */
  crashes: string[] = [];

  private engine: Study | null;
  private readonly byNumber = new Map<number, LiveTrial>();
  private sorted: LiveTrial[] | null = null;
  private endedSorted: LiveTrial[] | null = null;
  private readonly active = new Map<number, TrialRun>();
  private pool: TrainerPool | null = null;
  private loop: Promise<void> | null = null;
  private exhausted = false;
  private readonly store: StudyStore;
  private readonly createPool: StudyDriverOptions["createPool"];
  private readonly onChange: () => void;
  private readonly now: () => number;
  private readonly stopGraceMs: number;
  private readonly loadData: (spec: DatasetSpec) => Promise<DatasetArrays | null>;
  /** The engine's state as the store saves it (taken when it saves, not at every change). */
  private readonly engineSnapshot = () => this.engine!.toJSON();
  /** The study's pruner, asked directly for CV trials (whose curve changes as folds finish). */
  private cvPruner: Pruner | null = null;

  constructor(options: StudyDriverOptions) {
    this.config = options.config;
    this.store = options.store;
    this.createPool = options.createPool;
    this.onChange = options.onChange;
    this.now = options.now ?? Date.now;
    this.engine = options.engine ?? null;
    this.status = options.status ?? "draft";
    this.stopGraceMs = options.stopGraceMs ?? 5000;
    this.loadData =
      options.loadData ??
      (async (spec) => {
        if (spec.kind === "2d") return null;
        throw new Error(`No dataset loader was given, so "${spec.id}" cannot be handed to the workers`);
      });
    for (const t of options.trials ?? []) this.byNumber.set(t.number, t);
  }

  /** Every trial, by number. The same array until something changes. */
  get trials(): LiveTrial[] {
    this.sorted ??= [...this.byNumber.values()].sort((a, b) => a.number - b.number);
    return this.sorted;
  }

  /**
   * The trials that have ended, by number: the same array while only running trials change (an
   * epoch report), so charts of ended trials recompute only when a trial ends.
   */
  get endedTrials(): LiveTrial[] {
    this.endedSorted ??= this.trials.filter((t) => t.state !== "running");
    return this.endedSorted;
  }

  /** The search engine's study (null before the first run). */
  get study(): Study | null {
    return this.engine;
  }

  /** Trials training right now. */
  get runningCount(): number {
    return this.active.size;
  }

  /** Time the study has spent training (at least one trial running). */
  activeMs(): number {
    return activeTime(this.trials, this.now());
  }

  /** What keeps the study from starting (more) trials now, or null if it can. */
  budgetSpent(): Exclude<EndReason, "paused" | "stopped" | "error"> | null {
    const { trials, timeLimitSec } = this.config.budget;
    if (this.byNumber.size >= trials) return "budget";
    if (timeLimitSec !== null && this.activeMs() >= timeLimitSec * 1000) return "time-limit";
    if (this.exhausted || this.engine?.isExhausted) return "exhausted";
    return null;
  }

  /** Replaces the configuration of a study that has no trials yet. */
  setConfig(config: StudyConfig): void {
    if (this.byNumber.size > 0 || this.engine !== null || this.status === "running") {
      throw new Error("The search space and strategy of a study cannot change once it has trials");
    }
    this.config = config;
    this.changed();
  }

  /** Changes the budget (also while running: more or fewer trials, another time limit); workers apply at the next start. */
  setBudget(budget: Budget): void {
    this.config = { ...this.config, budget: { ...budget } };
    this.store.saveConfig(this.config);
    this.changed();
  }

  /**
   * Starts the study (or resumes it after Pause or Stop). Resolves when the loop ends: budget
   * spent, paused, stopped, or an unexpected error (in `error`).
   */
  start(): Promise<void> {
    if (this.status === "running" && this.loop) return this.loop;
    this.error = null;
    this.exhausted = false;
    const spent = this.budgetSpent();
    if (spent !== null) {
      this.setEnded("finished", spent);
      return Promise.resolve();
    }
    try {
      this.engine ??= createStudy({
        space: this.config.space,
        sampler: this.config.sampler,
        pruner: this.config.pruner,
        direction: this.config.objective.direction,
        seed: this.config.seed,
      });
      // Pruners are stateless: one built from the same options and seed decides as the engine's would.
      this.cvPruner = createPruner(this.config.pruner, this.config.seed);
    } catch (error) {
      this.error = `The study cannot start: ${error instanceof Error ? error.message : String(error)}`;
      this.changed();
      return Promise.resolve();
    }
    this.status = "running";
    this.pausing = false;
    this.stopping = false;
    this.endReason = null;
    this.store.setStatus("running", this.engineSnapshot);
    const workers = this.config.budget.workers;
    this.pool = this.createPool(workers, (report) => this.noteCrash(report));
    this.changed();
    this.loop = this.runLanes(workers);
    return this.loop;
  }

  /** Lets the running trials finish and starts no new ones; the study then waits in "paused". */
  pause(): void {
    if (this.status !== "running" || this.pausing || this.stopping) return;
    this.pausing = true;
    this.changed();
  }

  /** Stops the running trials now (they end as failed, "stopped by Stop"); the study ends in "stopped". */
  stop(): void {
    if (this.status !== "running" || this.stopping) return;
    this.stopping = true;
    const stopped = [...this.active.values()];
    for (const run of stopped) run.trainer?.stop().catch(() => {});
    // A worker busy in a long batch, or hung, gets a few seconds before it is terminated.
    setTimeout(() => {
      const pool = this.pool;
      for (const run of stopped) {
        const stillRunning = [...this.active.values()].includes(run);
        if (stillRunning && run.trainer && pool) {
          pool.terminate(run.trainer, `the worker did not stop within ${this.stopGraceMs / 1000} s`);
        }
      }
    }, this.stopGraceMs);
    this.changed();
  }

  /** Resolves when the loop (if any) has ended and its writes have been tried. */
  async whenIdle(): Promise<void> {
    await this.loop;
    await this.store.idle();
  }

  /** Terminates the workers (the loop then ends with its running trials failed). */
  dispose(): void {
    if (this.status === "running") this.stop();
    this.pool?.terminateAll();
  }

  private async runLanes(workers: number): Promise<void> {
    const lanes = Array.from({ length: workers }, (_, lane) => this.lane(lane));
    await Promise.all(lanes);
    this.pool?.terminateAll();
    this.pool = null;
    if (this.error !== null) this.setEnded("paused", "error");
    else if (this.stopping) this.setEnded("stopped", "stopped");
    else if (this.pausing) this.setEnded("paused", "paused");
    else this.setEnded("finished", this.budgetSpent() ?? "budget");
    this.loop = null;
  }

  private setEnded(status: StudyStatus, reason: EndReason): void {
    this.status = status;
    this.endReason = reason;
    this.pausing = false;
    this.stopping = false;
    this.store.setStatus(status, this.engine ? this.engineSnapshot : undefined);
    this.changed();
  }

  private mayStart(): boolean {
    return (
      this.status === "running" &&
      !this.pausing &&
      !this.stopping &&
      this.error === null &&
      this.budgetSpent() === null
    );
  }

  private async lane(lane: number): Promise<void> {
    while (this.mayStart()) {
      try {
        await this.runTrial(lane);
      } catch (error) {
        // A bug, not a training failure: end the loop and say what happened rather than spin.
        this.error = `The study stopped on an unexpected error: ${error instanceof Error ? error.message : String(error)}`;
        this.changed();
        return;
      }
    }
  }

  private async runTrial(lane: number): Promise<void> {
    const engine = this.engine!;
    let asked;
    try {
      asked = engine.ask();
    } catch (error) {
      if (!(error instanceof StudyExhaustedError)) throw error;
      this.exhausted = true;
      return;
    }
    const { number, params } = asked;
    this.put(startedTrial(number, params, lane, this.now()));
    this.store.startTrial(number, params, lane);

    let trainConfig: TrainConfig;
    try {
      // Studies draw no decision boundary: the grid would cost every epoch and nobody would see it.
      trainConfig = { ...trialTrainConfig(this.config, params), boundaryResolution: 0 };
    } catch (error) {
      this.end(number, {
        state: "failed",
        reason: `its settings are not valid: ${(error as Error).message}`,
      });
      return;
    }

    const run = new TrialRun(this.trialHost(), number, trainConfig, this.config.folds ?? 0);
    this.active.set(number, run);
    const outcome = await run.train(this.pool!, this.loadData);
    this.active.delete(number);
    this.end(number, outcome);
  }

  /** What a trial run sees of this driver. */
  private trialHost(): TrialHost {
    return {
      config: () => this.config,
      engine: () => this.engine,
      pruner: () => this.cvPruner,
      stopping: () => this.stopping,
      trial: (number) => this.byNumber.get(number),
      put: (trial) => this.put(trial),
      saveEpoch: (number, report, intermediate) => this.store.appendEpoch(number, report, intermediate),
      noteBackend: (backend) => {
        this.backend = backend;
      },
    };
  }

  /** Tells the engine how a trial ended and records the trial as the engine now has it. */
  private end(number: number, outcome: TellResult): void {
    const engine = this.engine!;
    engine.tell(number, outcome);
    const record = engine.trial(number);
    const trial = this.byNumber.get(number)!;
    const ended: LiveTrial = { ...trial, state: record.state as LiveTrialState, endedAt: this.now() };
    delete ended.value;
    delete ended.reason;
    if (record.value !== undefined) ended.value = record.value;
    if (record.reason !== undefined) ended.reason = record.reason;
    this.put(ended);
    const end = {
      state: record.state as Exclude<LiveTrialState, "running">,
      value: record.value,
      reason: record.reason,
    };
    if (end.value === undefined) delete end.value;
    if (end.reason === undefined) delete end.reason;
    // The engine's state is taken when the store saves, once for every trial that ended since its last save.
    this.store.finishTrial(number, trial.test ? { ...end, test: trial.test } : end, this.engineSnapshot);
  }

  private put(trial: LiveTrial): void {
    const before = this.byNumber.get(trial.number);
    this.byNumber.set(trial.number, trial);
    this.sorted = null;
    if (trial.state !== "running" || (before !== undefined && before.state !== "running"))
      this.endedSorted = null;
    this.changed();
  }

  private noteCrash(report: CrashReport): void {
    // A crash during a trial already fails that trial with the message; note only the others.
    if (report.cause !== "error-event") return;
    if ([...this.active.values()].some((run) => run.trainer?.workerId === report.workerId)) return;
    this.crashes = [
      ...this.crashes.slice(-2),
      `Worker ${report.workerId} stopped unexpectedly (${report.message}); a fresh worker took its place.`,
    ];
    this.changed();
  }

  private changed(): void {
    this.onChange();
  }
}
