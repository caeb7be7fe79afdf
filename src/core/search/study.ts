/**
 * A study: the record of every trial of one search, plus the sampler that proposes the next
 * trial and the pruner that stops poor ones early. It is driven from outside (ask, report,
 * shouldPrune, tell) so that several trials can run at once in workers, and it serialises to
 * plain JSON from which it continues exactly where it was.
 */
import { CurveIndex } from "./curves";
import {
  createPruner,
  lastReportIsNonFinite,
  normalizePrunerChoice,
  type PrunerChoice,
  type PrunerOptions,
} from "./pruners/index";
import {
  createSampler,
  normalizeSamplerChoice,
  type SamplerChoice,
  type SamplerOptions,
} from "./samplers/index";
import { checkParams, validateSpace } from "./space";
import { copyTrial, trialFromJSON, trialToJSON, type TrialJSON } from "./trial-json";
import type { Direction, Params, Pruner, Sampler, SearchSpace, TrialRecord } from "./types";

export interface StudyOptions {
  space: SearchSpace;
  /** Default "random". */
  sampler?: SamplerChoice;
  /** Default "none". */
  pruner?: PrunerChoice;
  /** Default "minimize". */
  direction?: Direction;
  /** Seeds the sampler (and Hyperband's bracket assignment). Default 0. */
  seed?: number;
}

/** What `ask` hands out: the trial's number (its id in report/tell) and its parameters. */
export interface AskedTrial {
  number: number;
  params: Params;
}

/** How a trial ended: a number (its objective value), or an explicit state. */
export type TellResult =
  | number
  | { state: "complete"; value: number }
  | { state: "pruned"; reason?: string }
  | { state: "failed"; reason?: string };

export interface StudyJSON {
  format: "tunelab-study";
  version: 1;
  space: SearchSpace;
  sampler: SamplerOptions;
  pruner: PrunerOptions;
  direction: Direction;
  seed: number;
  exhausted: boolean;
  samplerState: unknown;
  trials: TrialJSON[];
}

/** Thrown by `ask` when the sampler has nothing left to propose (a finished grid). */
export class StudyExhaustedError extends Error {
  constructor(sampler: string, trials: number) {
    super(`The ${sampler} sampler has no new points left after ${trials} trials`);
    this.name = "StudyExhaustedError";
  }
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class Study {
  readonly space: SearchSpace;
  readonly direction: Direction;
  readonly seed: number;
  readonly samplerOptions: SamplerOptions;
  readonly prunerOptions: PrunerOptions;
  private readonly sampler: Sampler;
  private readonly pruner: Pruner;
  private readonly records: TrialRecord[] = [];
  /** The records' curves as the pruner reads them, kept up to date by `report`. */
  private readonly curves = new CurveIndex();
  /** Ended trials' JSON: an ended trial never changes again, so `toJSON` converts each once (frozen, shared). */
  private readonly endedJSON = new WeakMap<TrialRecord, TrialJSON>();
  private exhaustedFlag = false;

  /** Validates the options and builds the sampler and the pruner; see `createStudy`. */
  constructor(options: StudyOptions) {
    if (typeof options !== "object" || options === null) {
      throw new Error(`Study options must be an object, got ${JSON.stringify(options)}`);
    }
    validateSpace(options.space);
    const direction = options.direction ?? "minimize";
    if (direction !== "minimize" && direction !== "maximize") {
      throw new Error(`Direction must be "minimize" or "maximize", got ${JSON.stringify(options.direction)}`);
    }
    const seed = options.seed ?? 0;
    if (typeof seed !== "number" || !Number.isFinite(seed)) {
      throw new Error(`Seed must be a finite number, got ${JSON.stringify(options.seed)}`);
    }
    this.space = clone(options.space);
    this.direction = direction;
    this.seed = seed;
    this.samplerOptions = clone(normalizeSamplerChoice(options.sampler ?? "random"));
    this.prunerOptions = clone(normalizePrunerChoice(options.pruner));
    this.sampler = createSampler(this.samplerOptions, seed);
    this.pruner = createPruner(this.prunerOptions, seed);
  }

  /** Copies of all trials, by number. */
  get trials(): TrialRecord[] {
    return this.records.map(copyTrial);
  }

  /** A copy of one trial; throws if there is no such trial. */
  trial(number: number): TrialRecord {
    return copyTrial(this.find(number));
  }

  /** The complete trial with the best value (lowest number on ties), or null. */
  get bestTrial(): TrialRecord | null {
    let best: TrialRecord | null = null;
    for (const t of this.records) {
      if (t.state !== "complete" || t.value === undefined) continue;
      if (best === null || (this.direction === "minimize" ? t.value < best.value! : t.value > best.value!))
        best = t;
    }
    return best === null ? null : copyTrial(best);
  }

  /** Whether the sampler has nothing left to propose (only a grid runs out). */
  get isExhausted(): boolean {
    return this.exhaustedFlag || (this.sampler.exhausted?.(this.space, this.records) ?? false);
  }

  /** Proposes the next trial and records it as running. Throws StudyExhaustedError when the grid is done. */
  ask(): AskedTrial {
    if (this.isExhausted) throw new StudyExhaustedError(this.sampler.name, this.records.length);
    const params = this.sampler.sample(this.space, this.records, this.direction, this.curves);
    if (params === null) {
      this.exhaustedFlag = true;
      throw new StudyExhaustedError(this.sampler.name, this.records.length);
    }
    try {
      checkParams(this.space, params);
    } catch (e) {
      throw new Error(
        `The ${this.sampler.name} sampler proposed invalid parameters: ${(e as Error).message}`,
        { cause: e },
      );
    }
    const number = this.records.length;
    this.records.push({ number, params: { ...params }, state: "running", intermediate: {} });
    return { number, params: { ...params } };
  }

  /** Records an intermediate value (e.g. validation loss after an epoch) of a running trial. NaN and ±Infinity are kept. */
  report(number: number, step: number, value: number): void {
    const trial = this.findRunning(number, "report on");
    if (typeof step !== "number" || !Number.isInteger(step) || step < 0) {
      throw new Error(`Trial ${number}: step must be a non-negative integer, got ${JSON.stringify(step)}`);
    }
    if (typeof value !== "number")
      throw new Error(`Trial ${number}: reported value must be a number, got ${JSON.stringify(value)}`);
    if (Object.hasOwn(trial.intermediate, step)) {
      throw new Error(
        `Trial ${number}: step ${step} was already reported (value ${trial.intermediate[step]})`,
      );
    }
    this.curves.add(trial.intermediate, step, value);
  }

  /**
   * Whether a running trial should stop now. A trial whose latest report is NaN or ±Infinity is
   * always pruned, whatever the pruner ("none" included): its training has diverged and cannot
   * give a usable value, and letting it run only costs time.
   */
  shouldPrune(number: number): boolean {
    const trial = this.findRunning(number, "ask about pruning");
    if (lastReportIsNonFinite(trial, this.curves)) return true;
    // The pruners only read: the trial goes as it is, like the records beside it (no copy per epoch).
    return this.pruner.shouldPrune(trial, this.records, this.direction, this.curves);
  }

  /**
   * Ends a running trial: a finite number completes it; NaN or ±Infinity fails it; `{ state: "pruned" }`
   * keeps its last finite reported value; `{ state: "failed", reason }` records why.
   */
  tell(number: number, result: TellResult): void {
    const trial = this.findRunning(number, "tell");
    const finish = (
      state: TrialRecord["state"],
      value: number | undefined,
      reason: string | undefined,
    ): void => {
      trial.state = state;
      if (value !== undefined) trial.value = value;
      if (reason !== undefined) trial.reason = reason;
    };
    if (typeof result === "number") {
      if (Number.isFinite(result)) finish("complete", result, undefined);
      else finish("failed", undefined, `objective value was ${result}`);
      return;
    }
    if (typeof result !== "object" || result === null) {
      throw new Error(
        `Trial ${number}: tell needs a number or { state, ... }, got ${JSON.stringify(result)}`,
      );
    }
    const reason = (result as { reason?: unknown }).reason;
    if (reason !== undefined && typeof reason !== "string") {
      throw new Error(`Trial ${number}: reason must be a string, got ${JSON.stringify(reason)}`);
    }
    switch (result.state) {
      case "complete":
        if (typeof result.value !== "number") {
          throw new Error(
            `Trial ${number}: a complete trial needs a numeric value, got ${JSON.stringify(result.value)}`,
          );
        }
        return this.tell(number, result.value);
      case "pruned":
        return finish("pruned", this.lastFiniteReport(trial), result.reason);
      case "failed":
        return finish("failed", undefined, result.reason ?? "failed");
      default:
        throw new Error(
          `Trial ${number}: unknown state ${JSON.stringify((result as { state: unknown }).state)} (expected complete, pruned or failed)`,
        );
    }
  }

  /**
   * The whole study as plain JSON; `Study.fromJSON` continues from it exactly. Ended trials' entries
   * are frozen and shared between calls (a save takes it after every trial: only new trials cost).
   */
  toJSON(): StudyJSON {
    return {
      format: "tunelab-study",
      version: 1,
      space: clone(this.space),
      sampler: clone(this.samplerOptions),
      pruner: clone(this.prunerOptions),
      direction: this.direction,
      seed: this.seed,
      exhausted: this.exhaustedFlag,
      samplerState: clone(this.sampler.state() ?? null),
      trials: this.records.map((t) => this.trialJSON(t)),
    };
  }

  private trialJSON(trial: TrialRecord): TrialJSON {
    if (trial.state === "running") return trialToJSON(trial);
    let json = this.endedJSON.get(trial);
    if (json === undefined) {
      json = trialToJSON(trial);
      Object.freeze(json.params);
      Object.freeze(json.intermediate);
      Object.freeze(json);
      this.endedJSON.set(trial, json);
    }
    return json;
  }

  /** Rebuilds a study saved by `toJSON` (also after JSON.stringify/parse); throws on a malformed one. */
  static fromJSON(json: unknown): Study {
    if (typeof json !== "object" || json === null)
      throw new Error(`A saved study must be an object, got ${JSON.stringify(json)}`);
    const j = json as Partial<StudyJSON>;
    if (j.format !== "tunelab-study")
      throw new Error(`Not a saved study: format is ${JSON.stringify(j.format)}`);
    if (j.version !== 1)
      throw new Error(`Unsupported saved study version ${JSON.stringify(j.version)} (expected 1)`);
    if (!Array.isArray(j.trials)) throw new Error("The saved study has no trial list");
    const study = new Study({
      space: j.space as SearchSpace,
      sampler: j.sampler as SamplerOptions,
      pruner: j.pruner as PrunerOptions,
      direction: j.direction,
      seed: j.seed,
    });
    j.trials.forEach((t, i) => {
      const record = trialFromJSON(t, i);
      try {
        checkParams(study.space, record.params);
      } catch (e) {
        throw new Error(`Trial ${i} in the saved study: ${(e as Error).message}`, { cause: e });
      }
      study.records.push(record);
    });
    if (j.samplerState !== undefined && j.samplerState !== null) study.sampler.restore(clone(j.samplerState));
    study.exhaustedFlag = j.exhausted === true;
    return study;
  }

  private find(number: number): TrialRecord {
    const trial = Number.isInteger(number) ? this.records[number] : undefined;
    if (trial === undefined) {
      const known =
        this.records.length === 0
          ? "the study has no trials yet"
          : `trials are 0..${this.records.length - 1}`;
      throw new Error(`Unknown trial number ${JSON.stringify(number)} (${known})`);
    }
    return trial;
  }

  private findRunning(number: number, action: string): TrialRecord {
    const trial = this.find(number);
    if (trial.state !== "running")
      throw new Error(`Cannot ${action} trial ${number}: it has already ended (${trial.state})`);
    return trial;
  }

  private lastFiniteReport(trial: TrialRecord): number | undefined {
    const steps = this.curves.steps(trial);
    for (let i = steps.length - 1; i >= 0; i--) {
      const value = trial.intermediate[steps[i]];
      if (Number.isFinite(value)) return value;
    }
    return undefined;
  }
}

/** Creates a study; throws with a clear message on a bad space, sampler, pruner, direction or seed. */
export function createStudy(options: StudyOptions): Study {
  return new Study(options);
}

/** Rebuilds a study from `study.toJSON()` (or its JSON text parsed). */
export function loadStudy(json: unknown): Study {
  return Study.fromJSON(json);
}
