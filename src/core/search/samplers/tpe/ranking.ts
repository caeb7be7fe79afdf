/**
 * Which trials TPE learns from and how they are ranked: complete trials by value; running trials
 * (constant liar) just after them as if they had the worst value; pruned trials after those,
 * deeper ones (more steps reported) first, then by their last intermediate value. Failed trials
 * are ignored.
 */
import { lastReport, scanCurves, type CurveReader } from "../../curves";
import type { Direction, TrialRecord } from "../../types";

/** A trial with its sort key: ascending (stepKey, loss) is best first. */
export interface ScoredTrial {
  trial: TrialRecord;
  /** -Infinity for complete and running trials, minus the last step for pruned ones, +Infinity if nothing was reported. */
  stepKey: number;
  /** The value as a loss (negated when maximising); +Infinity for running trials and NaN reports. */
  loss: number;
}

/** The trials usable as observations, in chronological order, with their ranking keys. */
export function scoreTrials(
  trials: readonly TrialRecord[],
  direction: Direction,
  constantLiar: boolean,
  curves: CurveReader = scanCurves,
): ScoredTrial[] {
  const sign = direction === "maximize" ? -1 : 1;
  const scored: ScoredTrial[] = [];
  for (const trial of trials) {
    if (trial.state === "complete") {
      if (typeof trial.value !== "number" || Number.isNaN(trial.value)) continue;
      scored.push({ trial, stepKey: -Infinity, loss: sign * trial.value });
    } else if (trial.state === "pruned") {
      const last = lastReport(trial, curves);
      if (last === null) scored.push({ trial, stepKey: Infinity, loss: 0 });
      else
        scored.push({
          trial,
          stepKey: -last.step,
          loss: Number.isNaN(last.value) ? Infinity : sign * last.value,
        });
    } else if (trial.state === "running" && constantLiar) {
      scored.push({ trial, stepKey: -Infinity, loss: Infinity });
    }
  }
  return scored.sort((a, b) => a.trial.number - b.trial.number);
}

/** Best first: by step key, then loss, then trial number for a stable order. */
export function compareScored(a: ScoredTrial, b: ScoredTrial): number {
  if (a.stepKey !== b.stepKey) return a.stepKey < b.stepKey ? -1 : 1;
  if (a.loss !== b.loss) return a.loss < b.loss ? -1 : 1;
  return a.trial.number - b.trial.number;
}

/** Optuna's default number of "good" trials: ceil(ratio * n), at most `cap`. */
export function gammaCount(n: number, ratio: number, cap: number): number {
  return Math.min(Math.ceil(ratio * n), cap);
}

/**
 * Optuna's default observation weights, oldest first: 1 for the newest 25, a linear ramp from
 * 1/n up to 1 for the older ones, so that old trials fade from the "bad" density.
 */
export function defaultWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  if (n < 25) return w;
  const ramp = n - 25;
  for (let i = 0; i < ramp; i++) w[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1);
  return w;
}

/** Each scored trial's rank, 0 for the best, by compareScored. */
export function rankPositions(scored: readonly ScoredTrial[]): Int32Array {
  const order = scored.map((_, i) => i).sort((a, b) => compareScored(scored[a], scored[b]));
  const rank = new Int32Array(scored.length);
  order.forEach((i, r) => (rank[i] = r));
  return rank;
}

/** Splits indices (chronological) into the `nBelow` of best rank and the rest, each kept chronological. */
export function splitByRank(
  indices: readonly number[],
  rank: Int32Array,
  nBelow: number,
): { below: number[]; above: number[] } {
  const byRank = indices.slice().sort((a, b) => rank[a] - rank[b]);
  const chosen = new Set(byRank.slice(0, nBelow));
  return { below: indices.filter((i) => chosen.has(i)), above: indices.filter((i) => !chosen.has(i)) };
}

/**
 * Linearly decreasing weights by rank among the given (good) trials: 1 for the best down to 1/m
 * for the m-th, so the good density concentrates on the best points; scale-free and robust to
 * outliers. Returned in the order of `indices`.
 */
export function rankWeights(indices: readonly number[], rank: Int32Array): Float64Array {
  const m = indices.length;
  const order = indices.map((_, j) => j).sort((a, b) => rank[indices[a]] - rank[indices[b]]);
  const w = new Float64Array(m);
  order.forEach((j, r) => (w[j] = (m - r) / m));
  return w;
}
