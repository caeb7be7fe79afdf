/**
 * Trains every run of a comparison on a small pool of training workers (two at a time) and keeps
 * each run's validation losses as the epochs arrive. The compare charts and table read this
 * state; every number they show comes from these reports.
 */
import type { RunOutcome } from "../../core/compare";
import type { PlannedRun } from "../../core/compare";
import type { DatasetArrays, EpochReport, TrainResult } from "../../shared/train";
import {
  callback,
  createTrainWorkerPool,
  ensureBackend,
  ensureData,
  type TrainWorkerPool,
} from "../bridge/train-workers";
import { getDatasetArrays } from "../data/dataset-source";

export interface CompareRunRecord extends RunOutcome {
  plan: PlannedRun;
  status: "waiting" | "training" | "done" | "failed";
  result: TrainResult | null;
  error: string | null;
}

export type CompareStatus = "idle" | "loading" | "running" | "done" | "stopped" | "failed";

/** Two workers: the machines this runs on have two cores or more, and more would only queue. */
const POOL_SIZE = 2;

export class CompareRunner {
  status: CompareStatus = $state("idle");
  runs: CompareRunRecord[] = $state.raw([]);
  error: string | null = $state(null);
  readonly running = $derived(this.status === "running" || this.status === "loading");
  readonly finished = $derived(this.runs.filter((r) => r.status === "done" || r.status === "failed").length);

  private pool: TrainWorkerPool | null = null;
  private generation = 0;

  /** Trains every planned run and resolves when all have ended (or the comparison was stopped). */
  async start(plans: PlannedRun[]): Promise<void> {
    if (this.running) return;
    if (plans.length === 0) throw new Error("A comparison needs at least one run, got none");
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    this.error = null;
    this.runs = plans.map((plan) => ({
      plan,
      valueIndex: plan.valueIndex,
      nuisanceIndex: plan.nuisanceIndex,
      seedIndex: plan.seedIndex,
      valLosses: [],
      ended: false,
      diverged: false,
      status: "waiting",
      result: null,
      error: null,
    }));
    this.status = "loading";
    let arrays: DatasetArrays | null;
    try {
      arrays = await getDatasetArrays(plans[0].config.data);
    } catch (error) {
      if (!current()) return;
      this.status = "failed";
      this.error = error instanceof Error ? error.message : String(error);
      return;
    }
    if (!current()) return;
    this.status = "running";
    this.pool ??= createTrainWorkerPool(POOL_SIZE);
    const pool = this.pool;
    const outcomes = await Promise.allSettled(
      plans.map((plan, i) => this.trainOne(pool, generation, i, plan, arrays)),
    );
    if (!current()) return;
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failed) {
      this.status = "failed";
      this.error = failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
    } else {
      this.status = "done";
    }
  }

  /** Stops every run; what was trained so far stays on the charts. */
  stop(): void {
    if (!this.running) return;
    this.generation++;
    this.pool?.terminateAll();
    this.pool = null;
    this.status = "stopped";
  }

  /** Terminates the workers; call when the view goes away. */
  dispose(): void {
    this.generation++;
    this.pool?.terminateAll();
    this.pool = null;
  }

  private async trainOne(
    pool: TrainWorkerPool,
    generation: number,
    index: number,
    plan: PlannedRun,
    arrays: DatasetArrays | null,
  ): Promise<void> {
    const current = () => generation === this.generation;
    try {
      const result = await pool.run(async (slot) => {
        if (!current()) return null;
        await ensureBackend(slot, plan.config.backend);
        if (arrays) await ensureData(slot, arrays);
        if (!current()) return null;
        this.update(index, { status: "training" });
        const onEpoch = callback((report: EpochReport) => {
          if (!current()) return;
          this.update(index, { valLosses: [...this.runs[index].valLosses, report.valLoss] });
        });
        return await slot.api.train(plan.config, onEpoch);
      });
      if (!current() || result === null) return;
      this.update(index, { status: "done", ended: true, diverged: result.status === "diverged", result });
    } catch (error) {
      if (!current()) return;
      const message = error instanceof Error ? error.message : String(error);
      this.update(index, { status: "failed", ended: true, error: message });
      throw new Error(`Run ${plan.id} failed: ${message}`, { cause: error });
    }
  }

  private update(index: number, change: Partial<CompareRunRecord>): void {
    this.runs = this.runs.map((r, i) => (i === index ? { ...r, ...change } : r));
  }
}
