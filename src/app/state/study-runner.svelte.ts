/**
 * The study the Study view shows: its configuration, trials (with their epoch reports), status and
 * the figures around them, as runes the page reads. The loop itself (ask, dispatch, report, prune,
 * tell, save) is the StudyDriver's; this class starts it, saves a new study in the history when
 * Run is pressed, and copies the driver's state into runes when its FrameSync says (at most once
 * per animation frame, and no more often than every FLUSH_MS). One tab runs a saved study at a
 * time: the runner holds the study's lock while its loop runs (and while it repairs the study on
 * opening); a tab that finds the lock taken shows the study read-only, following it, until the
 * other tab lets go.
 */
import { createStudy } from "../../core/search/index";
import { dataLabelOf } from "../../core/study/study-dataset";
import { toTrainConfig } from "../../core/playground-config";
import type { Budget, StudyConfig } from "../../core/study/study-config";
import type { BackendInfo, DatasetArrays, DatasetSpec } from "../../shared/train";
import { getDatasetArrays } from "../data/dataset-source";
import type { StudyDb } from "../db/index";
import { StudyDriver, type EndReason, type StudyStatus } from "./study-driver";
import { onHistoryLost, studyHistory } from "./study-history";
import { acquireStudyLock, type StudyLock } from "./study-lock";
import { StudyTabs } from "./study-tabs";
import { restoreStudy, type RestoredStudy } from "./study-restore";
import { StudyStore } from "./study-store";
import { activeTime, bestOf, countByState, estimateTimeLeft, type LiveTrial } from "./study-trials";
import { configQuery, idQuery } from "./study-url";
import type { WorkersSuggestion } from "./study-suggested-workers";
import { ELSEWHERE_REASON } from "./study-watch";
import { FrameSync } from "./study-frame-sync";
import { createStudyTrainerPool, type TrainerPool } from "./study-workers";

export type { StudyStatus, EndReason };

export interface StudyRunnerOptions {
  createPool?: (size: number, onCrash: Parameters<typeof createStudyTrainerPool>[1]) => TrainerPool;
  /** Where array datasets come from (the app's dataset source by default). */
  loadData?: (spec: DatasetSpec) => Promise<DatasetArrays | null>;
  /** Takes a study's lock (the browser's, across tabs, by default). */
  acquireLock?: (studyId: string) => Promise<StudyLock>;
}

function datasetLabel(config: StudyConfig): string {
  return dataLabelOf(config.base, config.upload);
}

export class StudyRunner {
  config: StudyConfig = $state.raw(null as unknown as StudyConfig);
  status: StudyStatus = $state("draft");
  trials: LiveTrial[] = $state.raw([]);
  /** The trials that have ended: a new array only when a trial ends, for the charts that show only those. */
  endedTrials: LiveTrial[] = $state.raw([]);
  pausing = $state(false);
  stopping = $state(false);
  /** Run was pressed and the study is being saved before its loop starts. */
  starting = $state(false);
  endReason: EndReason | null = $state(null);
  error: string | null = $state(null);
  backend: BackendInfo | null = $state.raw(null);
  crashes: string[] = $state.raw([]);
  studyId: string | null = $state(null);
  /** Why the study is not kept in the history ("History is off: ..."), or null while it is. */
  historyProblem: string | null = $state(null);
  /** Trials found running (and marked interrupted) when this study was opened. */
  interruptedOnOpen: number[] = $state.raw([]);
  /** Why an opened study can be looked at but not continued. */
  cannotResume: string | null = $state(null);
  /** Another tab runs this study: it is shown read-only, and followed, until that tab lets go. */
  elsewhere = $state(false);
  /** Why the Workers control suggests its number (this machine and backend), once known. */
  workersHint: string | null = $state(null);
  /** The clock the time figures read; ticks every second while the study runs. */
  now = $state(Date.now());

  readonly direction = $derived(this.config.objective.direction);
  readonly best: LiveTrial | null = $derived(bestOf(this.trials, this.direction));
  readonly counts = $derived(countByState(this.trials));
  /** The space, sampler, pruner and objective are fixed once the study has trials. */
  readonly locked = $derived(this.trials.length > 0 || this.status !== "draft" || this.starting);
  /** Whether this tab runs the study (one shown while another tab runs it does not count). */
  readonly running = $derived((this.status === "running" && !this.elsewhere) || this.starting);
  readonly activeMs = $derived(activeTime(this.trials, this.now));
  readonly timeLeftMs: number | null = $derived.by(() => {
    if (this.status !== "running") return null;
    const limit = this.config.budget.timeLimitSec;
    return estimateTimeLeft({
      trials: this.trials,
      budgetTrials: this.config.budget.trials,
      workers: this.config.budget.workers,
      // Under cross-validation every fold trains the epochs, and all of a trial's folds count.
      plannedEpochs: (t) =>
        (typeof t.params.epochs === "number" ? t.params.epochs : this.config.base.epochs) *
        Math.max(1, this.config.folds ?? 0),
      limitLeftMs: limit === null ? null : limit * 1000 - this.activeMs,
      now: this.now,
    });
  });
  /** The view's query: the saved study's id, or the whole configuration of an unsaved one. */
  readonly query = $derived(this.studyId !== null ? idQuery(this.studyId) : configQuery(this.config));

  private driver: StudyDriver;
  private store: StudyStore;
  private readonly createPool: NonNullable<StudyRunnerOptions["createPool"]>;
  private readonly loadData: NonNullable<StudyRunnerOptions["loadData"]>;
  /** Who runs the study, this tab or another (the study's lock). */
  private readonly tabs: StudyTabs;
  /** The person picked the number of workers: a suggestion arriving later leaves it alone. */
  private workersChosen = false;
  private readonly sync = new FrameSync(
    () => this.flush(),
    () => (this.now = Date.now()),
  );
  private disposed = false;
  private destroyRoot: () => void = () => {};
  private readonly unsubscribe: () => void;

  private constructor(config: StudyConfig, store: StudyStore | null, options: StudyRunnerOptions) {
    this.config = config;
    this.store = store ?? this.newStore(null, null);
    this.createPool = options.createPool ?? createStudyTrainerPool;
    this.loadData = options.loadData ?? getDatasetArrays;
    this.tabs = new StudyTabs(options.acquireLock ?? ((id) => acquireStudyLock(id)), {
      show: (restored, repaired) => {
        this.show(restored);
        if (repaired) this.interruptedOnOpen = restored.interrupted;
      },
      setElsewhere: (on) => {
        this.elsewhere = on;
        if (on) this.cannotResume = ELSEWHERE_REASON;
      },
      setProblem: (message) => (this.error = message),
    });
    this.driver = this.newDriver(config, this.store, {});
    this.unsubscribe = onHistoryLost((message) => this.store.lose(message));
  }

  /**
   * Builds a runner in its own effect root: its deriveds must outlive the view that created it
   * (the study goes on while the person looks at another page), and end only with dispose().
   */
  private static create(config: StudyConfig, options: StudyRunnerOptions): StudyRunner {
    let runner: StudyRunner | null = null;
    const destroy = $effect.root(() => {
      runner = new StudyRunner(config, null, options);
    });
    const created = runner as unknown as StudyRunner;
    created.destroyRoot = destroy;
    return created;
  }

  /** A new, unsaved study; it is saved in the history when Run is pressed. */
  static draft(config: StudyConfig, options: StudyRunnerOptions = {}): StudyRunner {
    const runner = StudyRunner.create(config, options);
    void studyHistory().then((h) => {
      if (!runner.studyId && !h.db) runner.historyProblem = h.problem;
    });
    return runner;
  }

  /**
   * Opens a saved study: running trials become interrupted and a running study waits, paused, for
   * Resume; or, when another tab runs it, it is shown read-only and followed until that tab lets go.
   */
  static async open(id: string, options: StudyRunnerOptions = {}): Promise<StudyRunner> {
    const history = await studyHistory();
    if (!history.db)
      throw new Error(`${history.problem ?? "History is off"}, so the saved study "${id}" cannot be opened`);
    const db = history.db;
    const lock = await (options.acquireLock ?? acquireStudyLock)(id);
    let restored: RestoredStudy;
    try {
      restored = await restoreStudy(db, id, { repair: lock.owner === "this-tab" });
    } catch (error) {
      lock.release();
      throw error;
    }
    const runner = StudyRunner.create(restored.config, options);
    const store = runner.newStore(db, null);
    store.attach(id);
    runner.store.dispose();
    runner.store = store;
    runner.tabs.attach(db, id);
    runner.studyId = id;
    runner.show(restored);
    runner.interruptedOnOpen = restored.interrupted;
    // Repaired: the lock is needed again only when the study runs.
    if (lock.owner === "this-tab") lock.release();
    else runner.tabs.follow(lock);
    return runner;
  }

  /** Shows a restored study: a new driver over its engine, trials and status. */
  private show(restored: RestoredStudy): void {
    this.driver = this.newDriver(restored.config, this.store, {
      engine: restored.engine,
      trials: restored.trials,
      status: restored.status,
    });
    this.cannotResume = this.elsewhere ? ELSEWHERE_REASON : restored.problem;
    this.flush();
  }

  get canRun(): boolean {
    return this.status === "draft" && !this.starting && this.trials.length === 0;
  }

  /** Whether Resume can continue the study: it has stopped, can be continued, and has budget left. */
  readonly canResume: boolean = $derived.by(() => {
    // Read the runes the budget depends on, so a larger budget enables Resume at once.
    void this.config;
    void this.trials;
    void this.now;
    return (
      (this.status === "paused" || this.status === "stopped" || this.status === "finished") &&
      !this.starting &&
      !this.elsewhere &&
      this.cannotResume === null &&
      this.driver.budgetSpent() === null
    );
  });

  /** Replaces the configuration of a study that has not run yet. */
  setConfig(config: StudyConfig): void {
    if (this.locked)
      throw new Error("This study has run; its settings can no longer change (start a new study)");
    this.driver.setConfig(config);
    this.config = config;
    if (this.studyId !== null) this.store.saveConfig(config);
  }

  /** Changes the budget; allowed at any time (workers apply when the study next starts). */
  setBudget(budget: Budget): void {
    if (this.elsewhere) throw new Error(`${ELSEWHERE_REASON}; change its budget there`);
    if (this.locked) {
      this.driver.setBudget(budget);
      this.config = this.driver.config;
    } else {
      this.setConfig({ ...this.config, budget });
    }
  }

  /** The person picks the number of workers. */
  chooseWorkers(workers: number): void {
    this.workersChosen = true;
    this.setBudget({ ...this.config.budget, workers });
  }

  /** Offers the workers that suit this machine: shown as the hint, and used while nobody has picked and the study has not run. */
  offerWorkers(suggestion: WorkersSuggestion): void {
    this.workersHint = suggestion.reason;
    if (this.workersChosen || this.locked || this.disposed) return;
    this.setConfig({ ...this.config, budget: { ...this.config.budget, workers: suggestion.workers } });
  }

  /** Saves the study in the history (when there is one and it is not saved yet) and starts it. */
  async run(): Promise<void> {
    if (!this.canRun) return;
    this.starting = true;
    this.error = null;
    try {
      // A configuration the engine refuses is reported before anything is saved.
      createStudy({
        space: this.config.space,
        sampler: this.config.sampler,
        pruner: this.config.pruner,
        direction: this.config.objective.direction,
        seed: this.config.seed,
      });
      // A dataset that cannot be loaded (an upload deleted, a file that fails its checks) stops the study here, not in every trial.
      await this.loadData(toTrainConfig(this.config.base).data);
      if (this.studyId === null) {
        const history = await studyHistory();
        const store = this.newStore(history.db, history.problem);
        const id = await store.create(this.config, datasetLabel(this.config), "running");
        if (this.disposed) {
          store.dispose();
          return;
        }
        this.store.dispose();
        this.store = store;
        this.driver = this.newDriver(this.config, store, {});
        this.studyId = id;
        this.historyProblem = store.problem;
        this.tabs.attach(history.db, id);
      }
    } catch (error) {
      this.error = `The study cannot start: ${error instanceof Error ? error.message : String(error)}`;
      return;
    } finally {
      this.starting = false;
    }
    if (await this.tabs.takeToRun()) await this.loop();
  }

  /** Continues a paused, stopped or (with a larger budget) finished study. */
  async resume(): Promise<void> {
    if (!this.canResume) return;
    this.starting = true;
    try {
      if (!(await this.tabs.takeToRun())) return;
      // Another tab may have run it since this one read it: read it again, so no number repeats.
      await this.store.idle();
      const known = this.driver.trials.reduce((n, t) => Math.max(n, t.number + 1), 0);
      const changed = await this.tabs.changedElsewhere(known);
      if (changed && !this.disposed) this.show(changed);
    } catch (error) {
      this.tabs.release();
      this.error = `The study cannot resume: ${error instanceof Error ? error.message : String(error)}`;
      return;
    } finally {
      this.starting = false;
    }
    if (this.disposed || !this.canResume) return this.tabs.release();
    this.interruptedOnOpen = [];
    await this.loop();
  }

  pause(): void {
    if (!this.elsewhere) this.driver.pause();
  }

  stop(): void {
    if (!this.elsewhere) this.driver.stop();
  }

  /** Stops everything this runner started; it cannot be used afterwards. */
  dispose(): void {
    this.disposed = true;
    this.sync.dispose();
    this.tabs.dispose();
    this.driver.dispose();
    this.store.dispose();
    this.unsubscribe();
    this.destroyRoot();
  }

  /** Runs the driver's loop; the lock this tab took is let go once the loop's writes are done. */
  private async loop(): Promise<void> {
    try {
      // The page shows the start in the next animation frame (the driver asks for it), not in
      // this task, which already started the workers and asked for the first trials.
      const done = this.driver.start();
      await done;
      this.flush();
      await this.store.idle();
    } finally {
      this.tabs.release();
    }
  }

  private newDriver(
    config: StudyConfig,
    store: StudyStore,
    restored: Pick<ConstructorParameters<typeof StudyDriver>[0], "engine" | "trials" | "status">,
  ): StudyDriver {
    return new StudyDriver({
      config,
      store,
      createPool: this.createPool,
      loadData: this.loadData,
      onChange: () => this.sync.schedule(),
      ...restored,
    });
  }

  private newStore(db: StudyDb | null, problem: string | null): StudyStore {
    return new StudyStore(db, problem, (message) => {
      this.historyProblem = message;
    });
  }

  /** Copies the driver's state into the runes (only what changed, so unchanged trials keep their identity). */
  private flush(): void {
    this.sync.flushed();
    const d = this.driver;
    if (this.trials !== d.trials) this.trials = d.trials;
    if (this.endedTrials !== d.endedTrials) this.endedTrials = d.endedTrials;
    if (this.config !== d.config) this.config = d.config;
    this.status = d.status;
    this.pausing = d.pausing;
    this.stopping = d.stopping;
    this.endReason = d.endReason;
    if (d.error !== null || this.status === "running") this.error = d.error;
    if (this.backend !== d.backend) this.backend = d.backend;
    if (this.crashes !== d.crashes) this.crashes = d.crashes;
    this.now = Date.now();
    this.sync.setTicking(this.status === "running");
  }
}
