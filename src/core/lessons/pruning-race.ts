/**
 * Lesson 11: random search with and without a pruner, each given the same budget counted in
 * training epochs. `BudgetedSearch` drives one search of the real engine one trial at a time: it
 * hands out the next configuration, spends one epoch of the budget per epoch report, asks the
 * study's pruner whether to go on, and ends each trial as complete, pruned, cut by the budget or
 * diverged. The page only trains what it is told; everything counted here is pure.
 */
import {
  createStudy,
  type AskedTrial,
  type Params,
  type PrunerChoice,
  type SearchSpace,
  type Study,
} from "../search/index";

/** A budget of training epochs, spent one epoch at a time. */
export class EpochBudget {
  readonly total: number;
  private used = 0;

  /** `total` must be a positive whole number of epochs. */
  constructor(total: number) {
    if (!Number.isInteger(total) || total < 1) {
      throw new Error(`An epoch budget must be a whole number of epochs of at least 1, got ${total}`);
    }
    this.total = total;
  }

  get spent(): number {
    return this.used;
  }

  get remaining(): number {
    return this.total - this.used;
  }

  get exhausted(): boolean {
    return this.used >= this.total;
  }

  /** Spends one epoch; throws when none is left. */
  spend(): void {
    if (this.exhausted) {
      throw new Error(
        `The budget of ${this.total} epochs is spent; epoch ${this.used + 1} cannot be paid for`,
      );
    }
    this.used++;
  }
}

/** How a trial of a budgeted search ended (or "running"). "cut": stopped because the budget ran out. */
export type RaceTrialState = "running" | "complete" | "pruned" | "cut" | "diverged" | "failed";

export interface RaceTrial {
  number: number;
  params: Params;
  /** The objective (validation loss) after each epoch trained, in order. */
  values: number[];
  state: RaceTrialState;
}

/** One epoch of the budget, in the order they were spent. */
export interface SpentEpoch {
  trial: number;
  epoch: number;
  value: number;
}

/** What to do after an epoch: go on, or stop the trial because it was pruned, the budget is spent, or it diverged. */
export type EpochVerdict = "continue" | "prune" | "budget" | "diverged";

export interface BudgetedSearchOptions {
  space: SearchSpace;
  /** "none" for plain random search. */
  pruner: PrunerChoice;
  /** Seeds the random sampler: the same seed proposes the same configurations in the same order. */
  seed: number;
  /** Epochs the whole search may train, all trials together. */
  budgetEpochs: number;
  /** Epochs of a trial that nothing stops. */
  trialEpochs: number;
}

export interface SearchSummary {
  tried: number;
  complete: number;
  pruned: number;
  /** Trials stopped because the budget ran out (at most one). */
  cut: number;
  diverged: number;
  failed: number;
  epochsSpent: number;
  /** Lowest finite value of any epoch of any trial (NaN if none), and its trial (-1 if none). */
  best: number;
  bestTrial: number;
}

/** One search of the race: random proposals, an optional pruner, and an epoch budget. */
export class BudgetedSearch {
  readonly budget: EpochBudget;
  readonly trialEpochs: number;
  /** Every epoch spent, in order (for the curves against compute). */
  readonly log: SpentEpoch[] = [];
  private readonly study: Study;
  private readonly list: RaceTrial[] = [];
  private current: RaceTrial | null = null;
  private verdict: EpochVerdict = "continue";

  /** Checks the budget and the trial length, and builds the engine's study (random sampler). */
  constructor(options: BudgetedSearchOptions) {
    if (!Number.isInteger(options.trialEpochs) || options.trialEpochs < 1) {
      throw new Error(
        `A trial must train a whole number of epochs of at least 1, got ${options.trialEpochs}`,
      );
    }
    this.budget = new EpochBudget(options.budgetEpochs);
    this.trialEpochs = options.trialEpochs;
    this.study = createStudy({
      space: options.space,
      sampler: "random",
      pruner: options.pruner,
      seed: options.seed,
      direction: "minimize",
    });
  }

  /** Every trial so far, the running one included, by number. */
  get trials(): readonly RaceTrial[] {
    return this.list;
  }

  /** The budget is spent and no trial is running. */
  get done(): boolean {
    return this.budget.exhausted && this.current === null;
  }

  /** The next configuration to train, or null once the budget is spent. One trial runs at a time. */
  next(): AskedTrial | null {
    if (this.current !== null) {
      throw new Error(`Trial ${this.current.number} is still running; finish it before asking for another`);
    }
    if (this.budget.exhausted) return null;
    const asked = this.study.ask();
    this.current = { number: asked.number, params: asked.params, values: [], state: "running" };
    this.verdict = "continue";
    this.list.push(this.current);
    return asked;
  }

  /** Records epoch `epoch` of the running trial: spends it, reports it to the pruner, says whether to go on. */
  record(number: number, epoch: number, value: number): EpochVerdict {
    const trial = this.running(number, "record an epoch of");
    // A stopped trial reports nothing more (the page waits for the worker to take the stop).
    if (this.verdict !== "continue") return this.verdict;
    if (epoch !== trial.values.length + 1) {
      throw new Error(`Trial ${number}: expected epoch ${trial.values.length + 1}, got ${epoch}`);
    }
    this.budget.spend();
    trial.values.push(value);
    this.log.push({ trial: number, epoch, value });
    this.study.report(number, epoch, value);
    if (!Number.isFinite(value)) this.verdict = "diverged";
    else if (epoch >= this.trialEpochs) this.verdict = "continue";
    else if (this.budget.exhausted) this.verdict = "budget";
    else if (this.study.shouldPrune(number)) this.verdict = "prune";
    return this.verdict;
  }

  /**
   * Ends the running trial once its training has returned (`error` when it failed): complete
   * after all its epochs, otherwise as the last verdict said.
   */
  finish(number: number, error?: string): RaceTrial {
    const trial = this.running(number, "finish");
    const last = trial.values.at(-1);
    if (error !== undefined) {
      trial.state = "failed";
      this.study.tell(number, { state: "failed", reason: error });
    } else if (this.verdict === "prune") {
      trial.state = "pruned";
      this.study.tell(number, { state: "pruned", reason: `pruned at epoch ${trial.values.length}` });
    } else if (this.verdict === "budget") {
      trial.state = "cut";
      this.study.tell(number, { state: "failed", reason: "the epoch budget ran out" });
    } else if (this.verdict === "diverged") {
      trial.state = "diverged";
      this.study.tell(number, { state: "failed", reason: "diverged" });
    } else if (trial.values.length >= this.trialEpochs && last !== undefined) {
      trial.state = "complete";
      this.study.tell(number, last);
    } else {
      trial.state = "failed";
      this.study.tell(number, {
        state: "failed",
        reason: `training ended after ${trial.values.length} of ${this.trialEpochs} epochs`,
      });
    }
    this.current = null;
    return trial;
  }

  /** The counts and the best value the lesson's readout shows. */
  summary(): SearchSummary {
    const count = (state: RaceTrialState) => this.list.filter((t) => t.state === state).length;
    let best = NaN;
    let bestTrial = -1;
    for (const { trial, value } of this.log) {
      if (Number.isFinite(value) && !(value >= best)) {
        best = value;
        bestTrial = trial;
      }
    }
    return {
      tried: this.list.length,
      complete: count("complete"),
      pruned: count("pruned"),
      cut: count("cut"),
      diverged: count("diverged"),
      failed: count("failed"),
      epochsSpent: this.budget.spent,
      best,
      bestTrial,
    };
  }

  private running(number: number, action: string): RaceTrial {
    if (this.current === null || this.current.number !== number) {
      throw new Error(`Cannot ${action} trial ${number}: it is not the running trial`);
    }
    return this.current;
  }
}

/** Best (lowest) finite value seen so far after each epoch spent: x = epochs spent, from 1. */
export function bestAgainstEpochs(log: readonly SpentEpoch[]): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  let best = Infinity;
  log.forEach((e, i) => {
    if (Number.isFinite(e.value)) best = Math.min(best, e.value);
    if (Number.isFinite(best)) out.push({ x: i + 1, y: best });
  });
  return out;
}

/** Configurations tried (trials started) after each epoch spent: x = epochs spent, from 1. */
export function triedAgainstEpochs(log: readonly SpentEpoch[]): { x: number; y: number }[] {
  const seen = new Set<number>();
  return log.map((e, i) => {
    seen.add(e.trial);
    return { x: i + 1, y: seen.size };
  });
}
