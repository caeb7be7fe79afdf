/**
 * Runs a lesson's configurations side by side on a small pool of training workers and keeps every
 * run's epoch reports as they arrive. The lesson's charts and readouts read this state; every
 * number on a lesson page comes from these reports.
 */
import type { EpochReport, TrainConfig, TrainResult } from "../../shared/train";
import {
  callback,
  createTrainWorkerPool,
  ensureBackend,
  ensureData,
  type TrainWorkerPool,
} from "../bridge/train-workers";
import { getDatasetArrays } from "../data/dataset-source";

/** One run of a lesson: what it is called on the page and what it trains. */
export interface LessonRunSpec {
  id: string;
  label: string;
  color: string;
  dash?: string;
  config: TrainConfig;
}

export type EpochSummary = Omit<EpochReport, "boundary">;

export interface RunRecord {
  spec: LessonRunSpec;
  status: "waiting" | "training" | "done" | "failed";
  reports: EpochSummary[];
  result: TrainResult | null;
  error: string | null;
}

export type ExperimentStatus = "idle" | "running" | "done" | "stopped" | "failed";

/** Two workers: the machines this runs on have two cores or more, and more would only queue. */
const POOL_SIZE = 2;

export class LessonExperiment {
  status: ExperimentStatus = $state("idle");
  runs: RunRecord[] = $state.raw([]);
  error: string | null = $state(null);
  readonly running = $derived(this.status === "running");

  private pool: TrainWorkerPool | null = null;
  private generation = 0;

  /** Trains every spec (two at a time) and resolves when all have ended. */
  async start(specs: LessonRunSpec[]): Promise<void> {
    if (this.running) return;
    if (specs.length === 0) throw new Error("A lesson experiment needs at least one run, got none");
    const duplicate = specs.some((s, i) => specs.findIndex((other) => other.id === s.id) !== i);
    if (duplicate)
      throw new Error(`Lesson run ids must be distinct, got ${specs.map((s) => s.id).join(", ")}`);
    const generation = ++this.generation;
    this.pool ??= createTrainWorkerPool(POOL_SIZE);
    const pool = this.pool;
    this.status = "running";
    this.error = null;
    this.runs = specs.map((spec) => ({ spec, status: "waiting", reports: [], result: null, error: null }));
    const outcomes = await Promise.allSettled(
      specs.map((spec, index) => this.trainOne(pool, generation, index, spec)),
    );
    if (generation !== this.generation) return;
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failed) {
      this.status = "failed";
      this.error = failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
    } else {
      this.status = "done";
    }
  }

  /** Stops every run and forgets the experiment's results. */
  stop(): void {
    if (!this.running) return;
    this.generation++;
    this.pool?.terminateAll();
    this.pool = null;
    this.status = "stopped";
  }

  /** Terminates the workers; call when the lesson page goes away. */
  dispose(): void {
    this.generation++;
    this.pool?.terminateAll();
    this.pool = null;
  }

  /** The record of run `id`, if the experiment has it. */
  run(id: string): RunRecord | undefined {
    return this.runs.find((r) => r.spec.id === id);
  }

  private async trainOne(
    pool: TrainWorkerPool,
    generation: number,
    index: number,
    spec: LessonRunSpec,
  ): Promise<void> {
    const current = () => generation === this.generation;
    try {
      const result = await pool.run(async (slot) => {
        if (!current()) return null;
        await ensureBackend(slot, spec.config.backend);
        if (!current()) return null;
        // Array datasets (e.g. the digits of the transfer lesson) are handed to the worker once.
        const arrays = await getDatasetArrays(spec.config.data);
        if (arrays) await ensureData(slot, arrays);
        if (!current()) return null;
        this.update(index, { status: "training" });
        const onEpoch = callback((report: EpochReport) => {
          if (!current()) return;
          const { boundary: _grid, ...summary } = report;
          this.update(index, { reports: [...this.runs[index].reports, summary] });
        });
        return await slot.api.train(spec.config, onEpoch);
      });
      if (!current() || result === null) return;
      this.update(index, { status: "done", result });
    } catch (error) {
      if (!current()) return;
      const message = error instanceof Error ? error.message : String(error);
      this.update(index, { status: "failed", error: message });
      throw new Error(`Run "${spec.label}" failed: ${message}`, { cause: error });
    }
  }

  private update(index: number, change: Partial<RunRecord>): void {
    this.runs = this.runs.map((r, i) => (i === index ? { ...r, ...change } : r));
  }
}
