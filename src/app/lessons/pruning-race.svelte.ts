/**
 * Lesson 11's experiment: several budgeted searches (core/lessons/pruning-race), each training its
 * trials one after another on a shared pool of real training workers. After every epoch the
 * search decides whether the trial goes on; a pruned trial, or one the budget cuts, is stopped in
 * its worker before it starts its next epoch. The panel reads the snapshots kept here.
 */
import { BudgetedSearch, type RaceTrial, type SearchSummary, type SpentEpoch } from "../../core/lessons";
import type { Params, PrunerChoice, SearchSpace } from "../../core/search";
import type { EpochReport, TrainConfig } from "../../shared/train";
import {
  callback,
  createTrainWorkerPool,
  ensureBackend,
  type TrainWorkerPool,
} from "../bridge/train-workers";

/** One search of the race: a name on the page, a colour, and its pruner ("none" for plain random search). */
export interface RaceSearchSpec {
  id: string;
  label: string;
  color: string;
  pruner: PrunerChoice;
}

export interface PruningRaceSetup {
  searches: RaceSearchSpec[];
  space: SearchSpace;
  /** The sampler's seed, the same for every search: they are offered the same configurations in the same order. */
  seed: number;
  budgetEpochs: number;
  trialEpochs: number;
  /** The training configuration of a trial's parameters (it must train `trialEpochs` epochs). */
  config: (params: Params) => TrainConfig;
}

/** What the page shows of one search: copies, so the runes see every change. */
export interface SearchView {
  spec: RaceSearchSpec;
  trials: RaceTrial[];
  log: SpentEpoch[];
  summary: SearchSummary;
  /** The trial training now, or null. */
  running: number | null;
}

export type RaceStatus = "idle" | "running" | "done" | "stopped" | "failed";

/** Two workers, as the other lessons: the machines this runs on have two cores or more. */
const POOL_SIZE = 2;

export class PruningRace {
  status: RaceStatus = $state("idle");
  views: SearchView[] = $state.raw([]);
  error: string | null = $state(null);
  readonly running = $derived(this.status === "running");

  private pool: TrainWorkerPool | null = null;
  private generation = 0;

  /** Runs every search until its budget is spent (their trials share the pool) and resolves at the end. */
  async start(setup: PruningRaceSetup): Promise<void> {
    if (this.running) return;
    if (setup.searches.length === 0) throw new Error("A pruning race needs at least one search, got none");
    const generation = ++this.generation;
    const searches = setup.searches.map(
      (spec) =>
        new BudgetedSearch({
          space: setup.space,
          pruner: spec.pruner,
          seed: setup.seed,
          budgetEpochs: setup.budgetEpochs,
          trialEpochs: setup.trialEpochs,
        }),
    );
    this.pool ??= createTrainWorkerPool(POOL_SIZE);
    const pool = this.pool;
    this.status = "running";
    this.error = null;
    const runningTrial: (number | null)[] = searches.map(() => null);
    const publish = () => {
      if (generation !== this.generation) return;
      this.views = searches.map((search, i) => ({
        spec: setup.searches[i],
        trials: search.trials.map((t) => ({ ...t, values: [...t.values] })),
        log: [...search.log],
        summary: search.summary(),
        running: runningTrial[i],
      }));
    };
    publish();
    const outcomes = await Promise.allSettled(
      searches.map((search, i) =>
        this.runSearch(pool, generation, setup, search, (n) => {
          runningTrial[i] = n;
          publish();
        }),
      ),
    );
    if (generation !== this.generation) return;
    publish();
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failed) {
      this.status = "failed";
      this.error = failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
      // The other searches may still be training: end them with the workers.
      this.generation++;
      this.pool?.terminateAll();
      this.pool = null;
    } else {
      this.status = "done";
    }
  }

  /** Stops every search and its workers. */
  stop(): void {
    if (!this.running) return;
    this.dispose();
    this.status = "stopped";
  }

  /** Terminates the workers; call when the lesson page goes away. */
  dispose(): void {
    this.generation++;
    this.pool?.terminateAll();
    this.pool = null;
  }

  /** One search: its trials one at a time, each on whichever worker is free, until the budget is spent. */
  private async runSearch(
    pool: TrainWorkerPool,
    generation: number,
    setup: PruningRaceSetup,
    search: BudgetedSearch,
    changed: (running: number | null) => void,
  ): Promise<void> {
    const current = () => generation === this.generation;
    for (let asked = search.next(); asked !== null; asked = search.next()) {
      const { number, params } = asked;
      const config = setup.config(params);
      let failure: string | undefined;
      try {
        await pool.run(async (slot) => {
          if (!current()) return;
          await ensureBackend(slot, config.backend);
          if (!current()) return;
          changed(number);
          const onEpoch = callback(async (report: EpochReport) => {
            if (!current()) return;
            const verdict = search.record(number, report.epoch, report.valLoss);
            changed(number);
            // Awaited, so the worker has the stop before it starts its next epoch (as the study driver does).
            if (verdict !== "continue") await slot.api.stop();
          });
          await slot.api.train(config, onEpoch);
        });
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      if (!current()) return;
      search.finish(number, failure);
      changed(null);
      // A failed training would fail the next ones too, and spends no budget: end the race with its reason.
      if (failure !== undefined) throw new Error(`Trial ${number} failed: ${failure}`);
    }
  }
}
