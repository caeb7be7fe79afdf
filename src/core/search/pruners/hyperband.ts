/**
 * Hyperband (as Optuna's HyperbandPruner): several ASHA brackets with first rungs at
 * minResource * reductionFactor^i, i = 0 .. brackets-1, from the most aggressive to the most
 * patient. Each trial belongs to one bracket, chosen by a hash of its number and the seed in
 * proportion to the bracket budgets, and competes only with the trials of its bracket.
 */
import type { Direction, Pruner, TrialRecord } from "../types";
import { AshaPruner } from "./asha";
import { lastReportIsNonFinite, scanCurves, type CurveReader } from "../curves";
import { checkPrunerOptions, intOption } from "./options";

export interface HyperbandOptions {
  /** Step of the first rung of the most aggressive bracket (default 1). */
  minResource?: number;
  /** The largest step a trial reports (e.g. the epoch count), or "auto" (default): the largest step any complete trial reported. */
  maxResource?: number | "auto";
  /** Keep 1 in reductionFactor trials at each rung (default 3). */
  reductionFactor?: number;
}

function hash32(a: number, b: number): number {
  let x = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

export class HyperbandPruner implements Pruner {
  readonly name = "hyperband";
  readonly minResource: number;
  readonly maxResource: number | "auto";
  readonly reductionFactor: number;
  private readonly seed: number;

  /** Checks every option and throws with the offending value; `seed` varies the bracket assignment. */
  constructor(options: HyperbandOptions = {}, seed = 0) {
    checkPrunerOptions("hyperband", options, ["minResource", "maxResource", "reductionFactor"]);
    this.minResource = intOption("hyperband", "minResource", options.minResource, 1, 1);
    this.reductionFactor = intOption("hyperband", "reductionFactor", options.reductionFactor, 3, 2);
    const max = options.maxResource ?? "auto";
    if (max !== "auto") {
      intOption("hyperband", "maxResource", max, 1, 1);
      if (max < this.minResource) {
        throw new Error(
          `The hyperband pruner's maxResource (${max}) is smaller than minResource (${this.minResource})`,
        );
      }
    }
    this.maxResource = max;
    this.seed = Math.floor(seed) >>> 0;
  }

  /** Number of brackets for a given largest resource: floor(log_rf(max / min)) + 1. */
  bracketCount(maxResource: number): number {
    const ratio = Math.log(maxResource / this.minResource) / Math.log(this.reductionFactor);
    return Math.floor(ratio + 1e-9) + 1;
  }

  /** The bracket (0 = most aggressive) of trial `number`, or null while maxResource is "auto" and unknown. */
  bracketOf(number: number, trials: readonly TrialRecord[] = []): number | null {
    const max = this.resolveMaxResource(trials);
    return max === null ? null : this.bracketFor(number, max);
  }

  private bracketFor(number: number, maxResource: number): number {
    const n = this.bracketCount(maxResource);
    // Budget of bracket i as in Hyperband: ceil(n * rf^s / (s + 1)) with s = n - 1 - i.
    const budgets = Array.from({ length: n }, (_, i) => {
      const s = n - 1 - i;
      return Math.ceil((n * this.reductionFactor ** s) / (s + 1));
    });
    let ticket = hash32(number, this.seed) % budgets.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n; i++) {
      if (ticket < budgets[i]) return i;
      ticket -= budgets[i];
    }
    return n - 1;
  }

  shouldPrune(
    trial: TrialRecord,
    trials: readonly TrialRecord[],
    direction: Direction,
    curves: CurveReader = scanCurves,
  ): boolean {
    const max = this.resolveMaxResource(trials, curves);
    if (max === null) return lastReportIsNonFinite(trial, curves);
    const bracket = this.bracketFor(trial.number, max);
    const asha = new AshaPruner({
      minResource: this.minResource,
      reductionFactor: this.reductionFactor,
      minEarlyStoppingRate: bracket,
    });
    const peers = trials.filter(
      (t) => t.number === trial.number || this.bracketFor(t.number, max) === bracket,
    );
    return asha.shouldPrune(trial, peers, direction, curves);
  }

  private resolveMaxResource(
    trials: readonly TrialRecord[],
    curves: CurveReader = scanCurves,
  ): number | null {
    if (this.maxResource !== "auto") return this.maxResource;
    let max = 0;
    for (const t of trials) {
      if (t.state !== "complete") continue;
      const steps = curves.steps(t);
      if (steps.length > 0) max = Math.max(max, steps[steps.length - 1]);
    }
    return max >= this.minResource ? max : null;
  }
}
