import { describe, expect, it } from "vitest";
import { CurveIndex } from "../../curves";
import type { TrialRecord } from "../../types";
import {
  defaultWeights,
  gammaCount,
  rankPositions,
  rankWeights,
  scoreTrials,
  type ScoredTrial,
  splitByRank,
} from "./ranking";

const trial = (
  number: number,
  state: TrialRecord["state"],
  value?: number,
  intermediate: Record<number, number> = {},
): TrialRecord => ({
  number,
  params: { x: number },
  state,
  value,
  intermediate,
});

describe("ranking of trials", () => {
  const trials: TrialRecord[] = [
    trial(0, "complete", 5),
    trial(1, "pruned", 0.1, { 1: 0.3, 2: 0.1 }),
    trial(2, "running"),
    trial(3, "failed"),
    trial(4, "complete", 1),
    trial(5, "pruned", undefined, { 1: 0.05 }),
    trial(6, "pruned", 0.9, { 1: 0.9, 2: 0.2, 3: 0.9 }),
    trial(7, "complete", 3),
    trial(8, "pruned"),
    trial(9, "complete", NaN),
  ];
  const order = (ts: { trial: TrialRecord }[]): number[] => ts.map((t) => t.trial.number);
  /** The best `k` and the rest, as trial numbers, each chronological. */
  const split = (scored: ScoredTrial[], k: number): { below: number[]; above: number[] } => {
    const { below, above } = splitByRank(
      scored.map((_, i) => i),
      rankPositions(scored),
      k,
    );
    return {
      below: below.map((i) => scored[i].trial.number),
      above: above.map((i) => scored[i].trial.number),
    };
  };

  it("puts complete trials first by value, then running ones (constant liar), then pruned ones deepest first", () => {
    const scored = scoreTrials(trials, "minimize", true);
    expect(order(scored)).toEqual([0, 1, 2, 4, 5, 6, 7, 8]); // chronological; failed and NaN dropped
    const all = split(scored, scored.length);
    expect(all.below).toEqual([0, 1, 2, 4, 5, 6, 7, 8]);
    expect(all.above).toEqual([]);
    const ranked = split(scored, 4);
    // Best four: complete 4 (1), 7 (3), 0 (5), then the running trial; kept in chronological order.
    expect(ranked.below).toEqual([0, 2, 4, 7]);
    expect(ranked.above).toEqual([1, 5, 6, 8]);
    // Pruned next: 6 reached step 3 (ranks first), then 1 (step 2), then 5 (step 1), then 8 (nothing reported).
    expect(split(scored, 5).below).toEqual([0, 2, 4, 6, 7]);
    expect(split(scored, 6).below).toEqual([0, 1, 2, 4, 6, 7]);
    expect(split(scored, 7).below).toEqual([0, 1, 2, 4, 5, 6, 7]);
  });

  it("leaves running trials out without the constant liar, and flips the sign when maximising", () => {
    expect(order(scoreTrials(trials, "minimize", false))).toEqual([0, 1, 4, 5, 6, 7, 8]);
    expect(split(scoreTrials(trials, "maximize", false), 1).below).toEqual([0]);
  });

  it("ranks a pruned trial by its last intermediate value by step number, not insertion order, from the records or a study's index", () => {
    const pruned = [trial(0, "pruned", undefined, { 10: 2, 2: 7 }), trial(1, "pruned")];
    const expected = [
      { stepKey: -10, loss: 2 },
      { stepKey: Infinity, loss: 0 },
    ];
    const keys = (s: ScoredTrial[]) => s.map(({ stepKey, loss }) => ({ stepKey, loss }));
    expect(keys(scoreTrials(pruned, "minimize", true))).toEqual(expected);
    expect(keys(scoreTrials(pruned, "minimize", true, new CurveIndex()))).toEqual(expected);
  });
});

describe("rank weights", () => {
  it("give 1 to the best down to 1/m to the m-th, in the order of the indices given", () => {
    const rank = Int32Array.from([3, 0, 2, 5, 1]);
    expect(Array.from(rankWeights([0, 1, 2, 4], rank))).toEqual([0.25, 1, 0.5, 0.75]);
  });
});

describe("Optuna's gamma and weights", () => {
  it("gamma is ceil(0.1 n) capped at 25", () => {
    expect([1, 9, 10, 11, 100, 249, 250, 251, 1000].map((n) => gammaCount(n, 0.1, 25))).toEqual([
      1, 1, 1, 2, 10, 25, 25, 25, 25,
    ]);
  });

  it("weights are flat for the newest 25 and ramp linearly from 1/n for older trials", () => {
    expect(Array.from(defaultWeights(3))).toEqual([1, 1, 1]);
    const w = defaultWeights(30);
    // ramp = linspace(1/30, 1, 5) then 25 ones.
    const ramp = [0, 1, 2, 3, 4].map((i) => 1 / 30 + ((1 - 1 / 30) * i) / 4);
    ramp.forEach((v, i) => expect(w[i]).toBeCloseTo(v, 14));
    expect(Array.from(w.slice(5))).toEqual(new Array(25).fill(1));
    expect(defaultWeights(26)[0]).toBeCloseTo(1 / 26, 14);
  });
});
