/**
 * Asynchronous successive halving (ASHA, as Optuna's SuccessiveHalvingPruner). Rung k sits at
 * step minResource * reductionFactor^(minEarlyStoppingRate + k). When a trial reaches a rung it
 * is promoted only if its value there is within the top 1/reductionFactor of all values recorded
 * at that rung so far (by any trial); while fewer than reductionFactor trials have reached the
 * rung, only the best of them is promoted. A trial's value at a rung is its value at the first
 * step it reported at or after the rung's step, so the pruner needs no state of its own.
 */
import type { Direction, Pruner, TrialRecord } from "../types";
import { lastReport, scanCurves, valueAtOrAfter, type CurveReader } from "../curves";
import { checkPrunerOptions, intOption } from "./options";

export interface AshaOptions {
  /** Step of the first rung (default 1). */
  minResource?: number;
  /** Keep 1 in reductionFactor trials at each rung (default 4). */
  reductionFactor?: number;
  /** Shifts the first rung to minResource * reductionFactor^rate (default 0). */
  minEarlyStoppingRate?: number;
}

/** Whether `value` is in the promotable top of `competing` (which contains `value`). */
export function isPromotable(
  value: number,
  competing: number[],
  reductionFactor: number,
  direction: Direction,
): boolean {
  const sorted = [...competing].sort((a, b) => a - b);
  const index = Math.max(0, Math.floor(sorted.length / reductionFactor) - 1);
  return direction === "maximize" ? value >= sorted[sorted.length - 1 - index] : value <= sorted[index];
}

export class AshaPruner implements Pruner {
  readonly name: string = "asha";
  readonly minResource: number;
  readonly reductionFactor: number;
  readonly minEarlyStoppingRate: number;

  /** Checks every option and throws with the offending value. */
  constructor(options: AshaOptions = {}) {
    checkPrunerOptions("asha", options, ["minResource", "reductionFactor", "minEarlyStoppingRate"]);
    this.minResource = intOption("asha", "minResource", options.minResource, 1, 1);
    this.reductionFactor = intOption("asha", "reductionFactor", options.reductionFactor, 4, 2);
    this.minEarlyStoppingRate = intOption("asha", "minEarlyStoppingRate", options.minEarlyStoppingRate, 0, 0);
  }

  /** The step at which rung `rung` (0-based) is decided. */
  rungStep(rung: number): number {
    return this.minResource * this.reductionFactor ** (this.minEarlyStoppingRate + rung);
  }

  shouldPrune(
    trial: TrialRecord,
    trials: readonly TrialRecord[],
    direction: Direction,
    curves: CurveReader = scanCurves,
  ): boolean {
    const last = lastReport(trial, curves);
    if (last === null) return false;
    if (!Number.isFinite(last.value)) return true;
    for (let rung = 0; ; rung++) {
      const step = this.rungStep(rung);
      if (last.step < step) return false;
      const own = valueAtOrAfter(trial, step, curves) as number;
      if (!Number.isFinite(own)) return true;
      const competing = [own];
      for (const other of trials) {
        if (other.number === trial.number) continue;
        const v = valueAtOrAfter(other, step, curves);
        if (v !== undefined && Number.isFinite(v)) competing.push(v);
      }
      if (!isPromotable(own, competing, this.reductionFactor, direction)) return true;
    }
  }
}
