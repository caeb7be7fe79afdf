import { describe, expect, it } from "vitest";
import type { Params, PrunerChoice, SearchSpace } from "../search/index";
import {
  BudgetedSearch,
  EpochBudget,
  bestAgainstEpochs,
  triedAgainstEpochs,
  type SpentEpoch,
} from "./pruning-race";

const SPACE: SearchSpace = {
  learningRate: { type: "float", low: 0.001, high: 1, log: true },
  units: { type: "int", low: 2, high: 32, log: true },
};

/** A learning curve that decays towards a floor set by the parameters (best near lr 0.1, many units). */
function curve(params: Params, epoch: number): number {
  const lr = Number(params.learningRate);
  const units = Number(params.units);
  const floor = 0.1 + Math.abs(Math.log10(lr) + 1) * 0.3 + 1 / units;
  return floor + Math.exp(-epoch * lr * 2);
}

/** Runs a search to the end of its budget, as the page does with real training. */
function runSearch(
  pruner: PrunerChoice,
  budgetEpochs = 120,
  trialEpochs = 20,
  value: (params: Params, epoch: number) => number = curve,
): BudgetedSearch {
  const search = new BudgetedSearch({ space: SPACE, pruner, seed: 7, budgetEpochs, trialEpochs });
  for (let asked = search.next(); asked !== null; asked = search.next()) {
    for (let epoch = 1; epoch <= trialEpochs; epoch++) {
      if (search.record(asked.number, epoch, value(asked.params, epoch)) !== "continue") break;
    }
    search.finish(asked.number);
  }
  return search;
}

describe("EpochBudget", () => {
  it("counts epochs spent and refuses to overspend, naming the budget", () => {
    const b = new EpochBudget(2);
    b.spend();
    expect([b.spent, b.remaining, b.exhausted]).toEqual([1, 1, false]);
    b.spend();
    expect(b.exhausted).toBe(true);
    expect(() => b.spend()).toThrow(/budget of 2 epochs is spent; epoch 3/);
  });

  it("rejects a budget that is not a positive whole number, naming the value", () => {
    expect(() => new EpochBudget(0)).toThrow(/at least 1, got 0/);
    expect(() => new EpochBudget(2.5)).toThrow(/got 2.5/);
  });
});

describe("BudgetedSearch", () => {
  it("without a pruner runs budget / trial-length full trials and spends the budget exactly", () => {
    const search = runSearch("none", 120, 20);
    const s = search.summary();
    expect(s).toMatchObject({ tried: 6, complete: 6, pruned: 0, cut: 0, epochsSpent: 120 });
    expect(search.trials.every((t) => t.values.length === 20)).toBe(true);
    expect(search.done).toBe(true);
  });

  it("with ASHA tries several times more configurations for the same epochs, and finds a value as good", () => {
    const plain = runSearch("none").summary();
    const asha = runSearch({ name: "asha", minResource: 2, reductionFactor: 3 }).summary();
    expect(asha.epochsSpent).toBe(plain.epochsSpent);
    expect(asha.tried).toBeGreaterThanOrEqual(3 * plain.tried);
    expect(asha.pruned).toBeGreaterThan(asha.tried / 2);
    expect(asha.best).toBeLessThanOrEqual(plain.best);
  });

  it("proposes the same configurations in the same order whatever the pruner", () => {
    const plain = runSearch("none").trials.map((t) => t.params);
    const pruned = runSearch({
      name: "hyperband",
      minResource: 2,
      reductionFactor: 3,
      maxResource: 20,
    }).trials;
    expect(pruned.slice(0, plain.length).map((t) => t.params)).toEqual(plain);
  });

  it("cuts the running trial when the budget runs out, and never spends more than the budget", () => {
    // 50 epochs of 20-epoch trials: two full trials, then the third is cut after 10 epochs.
    const search = runSearch("none", 50, 20);
    expect(search.trials.map((t) => [t.state, t.values.length])).toEqual([
      ["complete", 20],
      ["complete", 20],
      ["cut", 10],
    ]);
    expect(search.summary()).toMatchObject({ cut: 1, epochsSpent: 50 });
    expect(search.next()).toBeNull();
  });

  it("stops a diverged trial and keeps the best finite value", () => {
    const search = runSearch("none", 40, 20, (p, epoch) =>
      Number(p.learningRate) > 0.3 && epoch > 3 ? NaN : curve(p, epoch),
    );
    const diverged = search.trials.filter((t) => t.state === "diverged");
    for (const t of diverged) expect(t.values.length).toBe(4);
    expect(Number.isFinite(search.summary().best)).toBe(true);
  });

  it("records a failed training, and refuses epochs of a trial that is not running", () => {
    const search = new BudgetedSearch({
      space: SPACE,
      pruner: "none",
      seed: 1,
      budgetEpochs: 10,
      trialEpochs: 5,
    });
    const a = search.next()!;
    expect(() => search.next()).toThrow(/Trial 0 is still running/);
    search.record(a.number, 1, 0.5);
    expect(() => search.record(a.number, 3, 0.5)).toThrow(/expected epoch 2, got 3/);
    expect(search.finish(a.number, "worker crashed").state).toBe("failed");
    expect(() => search.record(a.number, 2, 0.5)).toThrow(/not the running trial/);
    expect(search.summary()).toMatchObject({ tried: 1, failed: 1, epochsSpent: 1 });
  });

  it("rejects a trial length that is not a positive whole number", () => {
    expect(
      () => new BudgetedSearch({ space: SPACE, pruner: "none", seed: 1, budgetEpochs: 10, trialEpochs: 0 }),
    ).toThrow(/at least 1, got 0/);
  });
});

describe("curves against epochs spent", () => {
  const log: SpentEpoch[] = [
    { trial: 0, epoch: 1, value: 0.9 },
    { trial: 0, epoch: 2, value: NaN },
    { trial: 1, epoch: 1, value: 0.5 },
    { trial: 1, epoch: 2, value: 0.7 },
  ];

  it("the best value is a running minimum of the finite values", () => {
    expect(bestAgainstEpochs(log).map((p) => p.y)).toEqual([0.9, 0.9, 0.5, 0.5]);
    expect(bestAgainstEpochs(log).map((p) => p.x)).toEqual([1, 2, 3, 4]);
  });

  it("counts the configurations started by each epoch spent", () => {
    expect(triedAgainstEpochs(log).map((p) => p.y)).toEqual([1, 1, 2, 2]);
  });
});
