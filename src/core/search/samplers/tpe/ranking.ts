/**
 * Which trials TPE learns from and how they are ranked: complete trials by value; running trials
 * (constant liar) just after them as if they had the worst value; pruned trials after those,
 * deeper ones (more steps reported) first, then by their last intermediate value. Failed trials
 * are ignored.
 */
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
export function scoreTrials(trials: readonly TrialRecord[], direction: Direction, constantLiar: boolean): ScoredTrial[] {
  const sign = direction === "maximize" ? -1 : 1;
  const scored: ScoredTrial[] = [];
  for (const trial of trials) {
    if (trial.state === "complete") {
      if (typeof trial.value !== "number" || Number.isNaN(trial.value)) continue;
      scored.push({ trial, stepKey: -Infinity, loss: sign * trial.value });
    } else if (trial.state === "pruned") {
      const last = lastIntermediate(trial);
      if (last === null) scored.push({ trial, stepKey: Infinity, loss: 0 });
      else scored.push({ trial, stepKey: -last.step, loss: Number.isNaN(last.value) ? Infinity : sign * last.value });
    } else if (trial.state === "running" && constantLiar) {
      scored.push({ trial, stepKey: -Infinity, loss: Infinity });
    }
  }
  return scored.sort((a, b) => a.trial.number - b.trial.number);
}

/** The intermediate value at the largest step, or null if none was reported. */
export function lastIntermediate(trial: TrialRecord): { step: number; value: number } | null {
  let best: { step: number; value: number } | null = null;
  for (const key of Object.keys(trial.intermediate ?? {})) {
    const step = Number(key);
    if (!Number.isFinite(step)) continue;
    if (best === null || step > best.step) best = { step, value: trial.intermediate[step] };
  }
  return best;
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

/** Splits scored trials (chronological) into the best `nBelow` and the rest, each kept chronological. */
export function splitBelowAbove(scored: readonly ScoredTrial[], nBelow: number): { below: ScoredTrial[]; above: ScoredTrial[] } {
  const ranked = scored.slice().sort(compareScored);
  const byNumber = (a: ScoredTrial, b: ScoredTrial): number => a.trial.number - b.trial.number;
  return { below: ranked.slice(0, nBelow).sort(byNumber), above: ranked.slice(nBelow).sort(byNumber) };
}
