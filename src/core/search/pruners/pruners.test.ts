/** Pruners on hand-made learning curves whose right answers are worked out in the comments. */
import { describe, expect, it } from "vitest";
import type { Direction, TrialRecord, TrialState } from "../types";
import {
  AshaPruner,
  HyperbandPruner,
  MedianPruner,
  NonePruner,
  PercentilePruner,
  createPruner,
} from "./index";
import { lastReport, previousStep } from "../curves";

function trial(
  number: number,
  curve: (number | undefined)[] | Record<number, number>,
  state: TrialState = "running",
): TrialRecord {
  const intermediate: Record<number, number> = {};
  if (Array.isArray(curve)) curve.forEach((v, step) => v !== undefined && (intermediate[step] = v));
  else Object.assign(intermediate, curve);
  return { number, params: {}, state, intermediate, value: state === "complete" ? 0 : undefined };
}

/** The same curves with values negated, for checking that maximisation mirrors minimisation. */
const negate = (t: TrialRecord): TrialRecord => ({
  ...t,
  intermediate: Object.fromEntries(Object.entries(t.intermediate).map(([s, v]) => [s, -v])),
});

const completed = [
  trial(0, [1.0, 0.8, 0.6, 0.5, 0.4], "complete"),
  trial(1, [1.2, 1.0, 0.9, 0.8, 0.7], "complete"),
  trial(2, [0.9, 0.7, 0.5, 0.3, 0.2], "complete"),
];

/** Decides for minimisation, and for maximisation on negated curves; both must agree. */
function decide(
  pruner: { shouldPrune(t: TrialRecord, all: readonly TrialRecord[], d: Direction): boolean },
  t: TrialRecord,
  others: TrialRecord[],
): boolean {
  const min = pruner.shouldPrune(t, [...others, t], "minimize");
  const max = pruner.shouldPrune(negate(t), [...others.map(negate), negate(t)], "maximize");
  expect(max).toBe(min);
  return min;
}

describe("median pruner", () => {
  const median = new MedianPruner({ nStartupTrials: 2 });

  it("prunes a trial whose best value so far is worse than the median at its step", () => {
    // Step 0 values of complete trials: 1.0, 1.2, 0.9 -> median 1.0.
    expect(decide(median, trial(3, [1.3]), completed)).toBe(true);
    expect(decide(median, trial(3, [0.95]), completed)).toBe(false);
    // Step 1 median of 0.8, 1.0, 0.7 is 0.8; the best so far is 0.95 (step 0) > 0.8.
    expect(decide(median, trial(3, [0.95, 1.5]), completed)).toBe(true);
    // Best so far 0.75 (step 1) < 0.8.
    expect(decide(median, trial(3, [0.95, 0.75]), completed)).toBe(false);
  });

  it("waits for the startup trials, the warm-up steps and the interval", () => {
    expect(decide(new MedianPruner({ nStartupTrials: 5 }), trial(3, [9]), completed)).toBe(false);
    const warm = new MedianPruner({ nStartupTrials: 1, nWarmupSteps: 2 });
    expect(decide(warm, trial(3, [9, 9]), completed)).toBe(false);
    expect(decide(warm, trial(3, [9, 9, 9]), completed)).toBe(true);
    // Pruning steps 0, 2, 4: step 1 and step 3 are skipped even though the trial is bad.
    const every2 = new MedianPruner({ nStartupTrials: 1, intervalSteps: 2 });
    expect(decide(every2, trial(3, [9, 9]), completed)).toBe(false);
    expect(decide(every2, trial(3, [9, 9, 9]), completed)).toBe(true);
    expect(decide(every2, trial(3, [9, 9, 9, 9]), completed)).toBe(false);
    // A trial that reported steps 0 and 3 only: step 3 is the first report after the boundary at 2.
    expect(decide(every2, trial(3, { 0: 0.1, 3: 9 }), completed)).toBe(false);
    expect(decide(every2, trial(3, { 0: 9, 3: 9 }), completed)).toBe(true);
  });

  it("needs complete trials that reported the step", () => {
    expect(decide(median, trial(3, [9]), [])).toBe(false);
    expect(
      decide(
        median,
        trial(3, [9]),
        completed.map((t) => ({ ...t, state: "pruned" as const })),
      ),
    ).toBe(false);
    expect(decide(median, trial(3, [1, 1, 1, 1, 1, 9]), completed)).toBe(false); // nobody reported step 5
    expect(decide(median, trial(3, []), completed)).toBe(false);
  });
});

describe("percentile pruner", () => {
  it("keeps the top quarter at the 25th percentile", () => {
    // Step 0 values sorted: 0.9, 1.0, 1.2; the 25th percentile interpolates at rank 0.5 -> 0.95.
    const p25 = new PercentilePruner({ percentile: 25, nStartupTrials: 0 });
    expect(decide(p25, trial(3, [0.97]), completed)).toBe(true);
    expect(decide(p25, trial(3, [0.93]), completed)).toBe(false);
    // The 75th percentile is at rank 1.5 -> 1.1.
    const p75 = new PercentilePruner({ percentile: 75, nStartupTrials: 0 });
    expect(decide(p75, trial(3, [1.05]), completed)).toBe(false);
    expect(decide(p75, trial(3, [1.15]), completed)).toBe(true);
  });

  it("requires nMinTrials values at the step", () => {
    const p = new PercentilePruner({ percentile: 50, nStartupTrials: 0, nMinTrials: 4 });
    expect(decide(p, trial(3, [9]), completed)).toBe(false);
  });

  it("rejects bad options with the value", () => {
    expect(() => new PercentilePruner({ percentile: 120 })).toThrow(
      "percentile must be in [0, 100], got 120",
    );
    expect(() => new PercentilePruner({ intervalSteps: 0 })).toThrow(
      "intervalSteps must be an integer >= 1, got 0",
    );
    expect(() => new MedianPruner({ percentile: 10 } as object)).toThrow(
      'Unknown option "percentile" for the median pruner',
    );
    expect(() => new PercentilePruner({ nWarmup: 3 } as object)).toThrow(
      'Unknown option "nWarmup" for the percentile pruner',
    );
  });
});

describe("ASHA pruner", () => {
  // reductionFactor 2, minResource 1: rungs at steps 1, 2, 4, 8...
  const asha = new AshaPruner({ minResource: 1, reductionFactor: 2 });

  it("promotes only the top 1/reductionFactor at a rung, as trials arrive one by one", () => {
    const others: TrialRecord[] = [];
    const arrive = (number: number, value: number): boolean => {
      const t = trial(number, [0, value]);
      const pruned = decide(asha, t, others);
      others.push(t);
      return pruned;
    };
    // Alone at rung 0: promoted.
    expect(arrive(0, 0.5)).toBe(false);
    // 2 values, promotable index floor(2/2)-1 = 0: must be the best (0.5) -> 0.6 pruned.
    expect(arrive(1, 0.6)).toBe(true);
    // 3 values, index 0: 0.4 is the best -> promoted.
    expect(arrive(2, 0.4)).toBe(false);
    // 4 values [0.4, 0.5, 0.55, 0.6], index 1 -> threshold 0.5: 0.55 pruned.
    expect(arrive(3, 0.55)).toBe(true);
    // 5 values [0.4, 0.45, 0.5, 0.55, 0.6], index 1 -> threshold 0.45: promoted.
    expect(arrive(4, 0.45)).toBe(false);
  });

  it("does nothing before the first rung and judges each rung it has passed", () => {
    const leader = trial(0, [0, 0.5, 0.2]);
    expect(decide(asha, trial(1, [9]), [leader])).toBe(false); // step 0 < first rung at 1
    // Rung 0 (step 1): 0.4 beats 0.5; rung 1 (step 2): 0.3 loses to 0.2 -> pruned.
    expect(decide(asha, trial(1, [0, 0.4, 0.3]), [leader])).toBe(true);
    expect(decide(asha, trial(1, [0, 0.4, 0.1]), [leader])).toBe(false);
    // Reports that skip the rung step: the value at the first step after it counts (step 3 for rungs 1 and 2).
    expect(decide(asha, trial(1, { 0: 0, 3: 0.1 }), [leader])).toBe(false);
  });

  it("shifts the first rung with minEarlyStoppingRate", () => {
    const late = new AshaPruner({ minResource: 1, reductionFactor: 2, minEarlyStoppingRate: 1 });
    expect(late.rungStep(0)).toBe(2);
    const leader = trial(0, [0, 0.1, 0.1]);
    expect(decide(late, trial(1, [0, 0.9]), [leader])).toBe(false);
    expect(decide(late, trial(1, [0, 0.9, 0.9]), [leader])).toBe(true);
  });

  it("rejects bad options", () => {
    expect(() => new AshaPruner({ reductionFactor: 1 })).toThrow(
      "reductionFactor must be an integer >= 2, got 1",
    );
    expect(() => new AshaPruner({ minResource: 0 })).toThrow("minResource must be an integer >= 1, got 0");
  });
});

describe("Hyperband pruner", () => {
  const hb = new HyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 }, 42);

  it("splits trials over floor(log_rf(max/min)) + 1 brackets in proportion to their budgets", () => {
    expect(hb.bracketCount(27)).toBe(4);
    // Budgets ceil(4 * 3^s / (s + 1)) for s = 3, 2, 1, 0: 27, 12, 6, 4 (of 49).
    const counts = [0, 0, 0, 0];
    for (let n = 0; n < 4900; n++) counts[hb.bracketOf(n)!]++;
    [2700, 1200, 600, 400].forEach((expected, i) => {
      expect(counts[i]).toBeGreaterThan(expected * 0.8);
      expect(counts[i]).toBeLessThan(expected * 1.2);
    });
    expect(hb.bracketOf(17)).toBe(hb.bracketOf(17));
  });

  it("lets a trial compete only with the trials of its own bracket", () => {
    const inBracket = (b: number): number[] => {
      const found: number[] = [];
      for (let n = 0; found.length < 2; n++) if (hb.bracketOf(n) === b) found.push(n);
      return found;
    };
    const [a, b] = inBracket(0);
    const [c] = inBracket(1);
    const star = trial(c, [0, 0.1]); // bracket 1: its first rung is at step 3
    const first = trial(a, [0, 0.5]);
    // Plain ASHA (rf 3) would prune 0.5 against 0.1; in bracket 0 the trial is alone at step 1.
    expect(new AshaPruner({ reductionFactor: 3 }).shouldPrune(first, [star, first], "minimize")).toBe(true);
    expect(decide(hb, first, [star])).toBe(false);
    // A second trial of bracket 0 with 0.7 loses to 0.5.
    expect(decide(hb, trial(b, [0, 0.7]), [star, first])).toBe(true);
    // Bracket 1 waits until step 3 whatever the value.
    expect(decide(hb, trial(c, [0, 9, 9]), [first])).toBe(false);
  });

  it("with maxResource auto, waits for a complete trial to size the brackets", () => {
    const auto = new HyperbandPruner({ reductionFactor: 3 }, 1);
    expect(auto.bracketOf(0, [])).toBeNull();
    expect(auto.shouldPrune(trial(1, [0, 9]), [trial(0, [0, 0.1])], "minimize")).toBe(false);
    const done = trial(0, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], "complete"); // last step 9 -> 3 brackets
    expect(auto.bracketOf(5, [done])).not.toBeNull();
    expect(auto.bracketCount(9)).toBe(3);
  });

  it("rejects bad options", () => {
    expect(() => new HyperbandPruner({ minResource: 10, maxResource: 5 })).toThrow(
      "maxResource (5) is smaller than minResource (10)",
    );
    expect(() => new HyperbandPruner({ maxResource: 2.5 })).toThrow(
      "maxResource must be an integer >= 1, got 2.5",
    );
  });
});

describe("every pruner", () => {
  it("prunes a trial whose latest value is NaN or infinite, except none", () => {
    for (const name of ["median", "percentile", "asha", "hyperband"] as const) {
      const pruner = createPruner(name === "hyperband" ? { name, maxResource: 9 } : name, 0);
      for (const bad of [NaN, Infinity, -Infinity]) {
        expect(pruner.shouldPrune(trial(3, [0.5, bad]), completed, "minimize")).toBe(true);
        expect(pruner.shouldPrune(trial(3, [0.5, bad]), completed, "maximize")).toBe(true);
      }
    }
    // On its own "none" never prunes; the Study adds the NaN rule for every pruner (see study.test.ts).
    expect(new NonePruner().shouldPrune()).toBe(false);
  });

  it("ignores NaN values of other trials", () => {
    const withNaN = [...completed, trial(5, [NaN, NaN], "pruned")];
    expect(
      new AshaPruner({ reductionFactor: 2 }).shouldPrune(
        trial(3, [0, 0.5]),
        [...withNaN, trial(3, [0, 0.5])],
        "minimize",
      ),
    ).toBe(false);
  });

  it("is built from names and option objects, rejecting unknown names", () => {
    expect(createPruner(undefined, 0).name).toBe("none");
    expect(createPruner("median", 0).name).toBe("median");
    expect((createPruner({ name: "asha", reductionFactor: 3 }, 0) as AshaPruner).reductionFactor).toBe(3);
    expect(() => createPruner("mean" as never, 0)).toThrow(
      'Unknown pruner "mean" (expected one of none, median, percentile, asha, hyperband)',
    );
  });
});

describe("learning-curve reads", () => {
  it("find the last step and the step before any step in one pass, as sorting the steps would", () => {
    const sorted = (t: TrialRecord) =>
      Object.keys(t.intermediate)
        .map(Number)
        .sort((a, b) => a - b);
    // Steps reported out of order and with gaps, as a restored or cross-validated trial may have them.
    const t = trial(0, { 7: 0.3, 2: 0.9, 12: 0.1, 0: 1, 30: 0.2 }, "running");
    expect(lastReport(t)).toEqual({ step: 30, value: 0.2 });
    for (const step of [0, 1, 2, 3, 12, 13, 30, 31]) {
      const earlier = sorted(t).filter((s) => s < step);
      expect(previousStep(t, step)).toBe(earlier.length > 0 ? earlier[earlier.length - 1] : -1);
    }
    expect(lastReport(trial(1, {}, "running"))).toBeNull();
    expect(previousStep(trial(1, {}, "running"), 5)).toBe(-1);
  });
});
