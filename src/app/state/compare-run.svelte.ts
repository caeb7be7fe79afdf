/**
 * Trains every run of a comparison with the lessons' experiment runner (two workers, each run's
 * epoch reports kept as they arrive) and presents its runs as the compare charts and table read
 * them. The dataset is loaded once first, so a bad one fails the comparison before any run starts.
 */
import type { PlannedRun, RunOutcome } from "../../core/compare";
import type { TrainResult } from "../../shared/train";
import { getDatasetArrays } from "../data/dataset-source";
import { LessonExperiment, type EpochSummary, type RunRecord } from "../lessons/experiment.svelte";

export interface CompareRunRecord extends RunOutcome {
  plan: PlannedRun;
  /** The run's seed (its plan's). */
  seed: number;
  /** Every epoch's report so far. */
  epochs: EpochSummary[];
  status: "waiting" | "training" | "done" | "failed";
  result: TrainResult | null;
  error: string | null;
}

export type CompareStatus = "idle" | "loading" | "running" | "done" | "stopped" | "failed";

function recordOf(plan: PlannedRun, run: RunRecord | undefined): CompareRunRecord {
  const status = run?.status ?? "waiting";
  return {
    plan,
    valueIndex: plan.valueIndex,
    nuisanceIndex: plan.nuisanceIndex,
    seedIndex: plan.seedIndex,
    seed: plan.seed,
    valLosses: run?.reports.map((r) => r.valLoss) ?? [],
    epochs: run?.reports ?? [],
    ended: status === "done" || status === "failed",
    diverged: run?.result?.status === "diverged",
    status,
    result: run?.result ?? null,
    error: run?.error ?? null,
  };
}

export class CompareRunner {
  private readonly experiment = new LessonExperiment();
  private plans: PlannedRun[] = $state.raw([]);
  private loading = $state(false);
  private loadError: string | null = $state(null);
  private stoppedWhileLoading = $state(false);
  /** The experiment's runs belong to this comparison only once it is past loading its data. */
  private readonly started = $derived(!this.loading && this.loadError === null && !this.stoppedWhileLoading);

  readonly status: CompareStatus = $derived(
    this.loading
      ? "loading"
      : this.loadError !== null
        ? "failed"
        : this.stoppedWhileLoading
          ? "stopped"
          : this.experiment.status,
  );
  readonly error: string | null = $derived(this.loadError ?? this.experiment.error);
  readonly runs: CompareRunRecord[] = $derived(
    this.plans.map((plan, i) => recordOf(plan, this.started ? this.experiment.runs[i] : undefined)),
  );
  readonly running = $derived(this.status === "running" || this.status === "loading");
  readonly finished = $derived(this.runs.filter((r) => r.ended).length);

  /** Trains every planned run and resolves when all have ended (or the comparison was stopped). */
  async start(plans: PlannedRun[]): Promise<void> {
    if (this.running) return;
    if (plans.length === 0) throw new Error("A comparison needs at least one run, got none");
    this.plans = plans;
    this.loadError = null;
    this.stoppedWhileLoading = false;
    this.loading = true;
    try {
      await getDatasetArrays(plans[0].config.data);
    } catch (error) {
      this.loadError = error instanceof Error ? error.message : String(error);
      return;
    } finally {
      this.loading = false;
    }
    if (this.stoppedWhileLoading) return;
    await this.experiment.start(plans.map((p) => ({ id: p.id, label: p.id, color: "", config: p.config })));
  }

  /** Stops every run; what was trained so far stays on the charts. */
  stop(): void {
    if (this.loading) this.stoppedWhileLoading = true;
    this.experiment.stop();
  }

  /** Terminates the workers; call when the view goes away. */
  dispose(): void {
    this.experiment.dispose();
  }
}
