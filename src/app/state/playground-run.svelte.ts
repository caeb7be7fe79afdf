/**
 * One training run of the playground: starts it on a pooled worker, collects the epoch reports
 * as they arrive, and ends in a status the page shows. Charts read this state; nothing here
 * touches the DOM.
 */
import type { BackendInfo, DatasetArrays, EpochReport, TrainConfig, TrainResult } from "../../shared/train";
import { claimProbeWorker, takeProbeWorker } from "../bridge/capabilities";
import {
  callback,
  createTrainWorker,
  ensureBackend,
  ensureData,
  type TrainWorker,
  type TrainWorkerMeta,
  type TrainWorkerPool,
} from "../bridge/train-workers";
import { WorkerCrashError, WorkerPool, type CrashReport, type PoolSlot } from "../bridge/worker-pool";

/**
 * The playground's one worker. Its first worker is the one that detected the capabilities at
 * start-up, when it is still there: it has loaded TensorFlow.js already, so the first run starts sooner.
 */
function playgroundPool(onCrash: (r: CrashReport) => void): TrainWorkerPool {
  return new WorkerPool<TrainWorker, TrainWorkerMeta>({
    size: 1,
    create: () => takeProbeWorker() ?? createTrainWorker(),
    initialMeta: () => ({ backendChoice: null, backend: null, loadedDataIds: [] }),
    onCrash,
  });
}

/** At most `max` items, evenly spread, keeping the first and the last. */
function thinned<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items.slice();
  const stride = (items.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => items[Math.round(i * stride)]);
}

export type RunStatus = "idle" | "starting" | "training" | "stopped" | "done" | "diverged" | "failed";

/** An epoch report without its boundary grid (only the latest grid is kept, in `boundary`). */
export type EpochSummary = Omit<EpochReport, "boundary">;

export class PlaygroundRun {
  status: RunStatus = $state("idle");
  reports: EpochSummary[] = $state.raw([]);
  /** Decision-boundary grid of the latest epoch. */
  boundary: Float32Array | null = $state.raw(null);
  result: TrainResult | null = $state.raw(null);
  backend: BackendInfo | null = $state.raw(null);
  /** Why the run failed (a rejected call or a crashed worker). */
  error: string | null = $state(null);
  /** A worker that crashed between runs (it has been replaced). */
  crashNotice: string | null = $state(null);
  /** The configuration of the current or last run. */
  config: TrainConfig | null = $state.raw(null);
  stopRequested = $state(false);
  private trainingStartedAt = $state(0);
  private lastReportAt = $state(0);

  readonly running = $derived(this.status === "starting" || this.status === "training");
  readonly latest: EpochSummary | null = $derived(this.reports.at(-1) ?? null);
  /** Estimated time to the last epoch, from the mean wall time of the epochs so far. */
  readonly etaMs: number | null = $derived.by(() => {
    const done = this.latest?.epoch ?? 0;
    if (this.status !== "training" || !this.config || done === 0) return null;
    const perEpoch = (this.lastReportAt - this.trainingStartedAt) / done;
    return Math.max(0, perEpoch * (this.config.epochs - done));
  });
  readonly elapsedMs: number = $derived(Math.max(0, this.lastReportAt - this.trainingStartedAt));

  /** Learning rate of every step so far (a plain array: appended to, read through `lrTrace`). */
  private trace: { step: number; lr: number }[] = [];
  /** The actual learning rates, thinned to at most 1500 points for drawing. */
  readonly lrTrace: { step: number; lr: number }[] = $derived.by(() => {
    void this.reports; // recomputed when an epoch arrives
    return thinned(this.trace, 1500);
  });

  private readonly pool: TrainWorkerPool;
  private generation = 0;
  /** Runs started so far (on the page as the status's data-runs, so a test can tell one run from the next). */
  runsStarted = $state(0);
  private activeSlot: PoolSlot<TrainWorker, TrainWorkerMeta> | null = null;

  /** Lets the start-up probe worker go when this run will not take it. */
  private readonly releaseProbeWorker: () => void;

  constructor(createPool: (onCrash: (r: CrashReport) => void) => TrainWorkerPool = playgroundPool) {
    this.pool = createPool((report) => this.noteCrash(report));
    this.releaseProbeWorker = createPool === playgroundPool ? claimProbeWorker() : () => {};
  }

  /**
   * Starts a run of `config`; does nothing while one is running. An array dataset's `arrays` are
   * handed to the worker first (once per worker and dataset).
   */
  async train(config: TrainConfig, arrays: DatasetArrays | null = null): Promise<void> {
    if (this.running) return;
    const dataId = config.data.kind === "2d" ? null : config.data.id;
    if (dataId !== null && arrays?.id !== dataId) {
      throw new Error(
        `Training on dataset "${dataId}" needs its arrays, got ${arrays ? `"${arrays.id}"` : "none"}`,
      );
    }
    const generation = ++this.generation;
    this.runsStarted++;
    this.status = "starting";
    this.reports = [];
    this.trace = [];
    this.boundary = null;
    this.result = null;
    this.error = null;
    this.crashNotice = null;
    this.config = config;
    this.stopRequested = false;
    this.trainingStartedAt = this.lastReportAt = performance.now();
    const current = (): boolean => generation === this.generation;
    try {
      const result = await this.pool.run(async (slot) => {
        if (!current()) return null;
        this.activeSlot = slot;
        try {
          const backend = await ensureBackend(slot, config.backend);
          if (!current()) return null;
          this.backend = backend;
          if (arrays) await ensureData(slot, arrays);
          if (!current()) return null;
          if (this.stopRequested) return null;
          this.status = "training";
          this.trainingStartedAt = this.lastReportAt = performance.now();
          const onEpoch = callback((report: EpochReport) => this.receive(generation, report));
          return await slot.api.train(config, onEpoch);
        } finally {
          if (this.activeSlot === slot) this.activeSlot = null;
        }
      });
      if (!current()) return;
      if (result === null) {
        this.status = "stopped";
        return;
      }
      this.result = result;
      this.status =
        result.status === "diverged" ? "diverged" : result.status === "stopped" ? "stopped" : "done";
    } catch (error) {
      if (!current()) return;
      this.status = "failed";
      const message = error instanceof Error ? error.message : String(error);
      this.error =
        error instanceof WorkerCrashError
          ? `${message}. A fresh worker will be started: press Train to try again.`
          : `Training failed: ${message}`;
    }
  }

  /** Asks the running training to stop after its current batch. */
  stop(): void {
    if (!this.running) return;
    this.stopRequested = true;
    if (this.status === "training") this.activeSlot?.api.stop().catch(() => {});
  }

  /** Forgets the run (stopping it if it is running) and shows an empty page again. */
  reset(): void {
    if (this.status === "training") this.activeSlot?.api.stop().catch(() => {});
    this.generation++;
    this.status = "idle";
    this.trace = [];
    this.reports = [];
    this.boundary = null;
    this.result = null;
    this.error = null;
    this.config = null;
    this.stopRequested = false;
  }

  /** Terminates the worker(s); the run cannot be used afterwards. */
  dispose(): void {
    this.generation++;
    this.pool.terminateAll();
    this.releaseProbeWorker();
  }

  private receive(generation: number, report: EpochReport): void {
    if (generation !== this.generation) return;
    const { boundary, ...summary } = report;
    const first = report.step - report.stepLrs.length;
    report.stepLrs.forEach((lr, i) => this.trace.push({ step: first + i, lr }));
    this.reports = [...this.reports, summary];
    if (boundary) this.boundary = boundary;
    this.lastReportAt = performance.now();
  }

  private noteCrash(report: CrashReport): void {
    // A crash during a run is reported through the run's own failure; this covers idle workers.
    if (report.cause === "error-event" && !this.running) {
      this.crashNotice = `The training worker stopped unexpectedly (${report.message}); a fresh one will be used for the next run.`;
    }
  }
}
