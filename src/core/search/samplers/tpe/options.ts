/** The TPE sampler's options: defaults, and checks that name the offending option and value. */
import { describeValue } from "../../describe-value";
import { checkOptionKeys } from "../options";

export interface TpeOptions {
  /** Trials drawn at random before the model is used (default 10). */
  nStartupTrials: number;
  /** Candidates drawn from the "good" density per proposal; the best l(x)/g(x) wins (default 24). */
  nEiCandidates: number;
  /**
   * Joint (product-kernel) densities per group of parameters that are active together (default
   * true). false gives Optuna's default univariate TPE: one density per parameter.
   */
  multivariate: boolean;
  /** Multivariate bandwidths: "scott" (Scott's rule on the observations' spread, default) or "optuna" (a fixed fraction of the range). */
  bandwidth: "scott" | "optuna";
  /**
   * Weights of the good trials: "rank" (1 for the best down to 1/m), "uniform" (Optuna's), or
   * "auto" (the default: rank when multivariate, uniform when univariate).
   */
  weighting: "auto" | "rank" | "uniform";
  /** Count running trials as the worst observations so parallel workers spread out (default true). */
  constantLiar: boolean;
  /** Weight of the broad prior kernel (default 1). */
  priorWeight: number;
  /** Lower bound on bandwidths: range / min(100, kernels + 1) (default true). */
  considerMagicClip: boolean;
  /** Interval ends count as neighbours of the outermost observations when setting bandwidths (default false). */
  considerEndpoints: boolean;
  /** Fraction of observations deemed "good" (default 0.1) ... */
  gammaRatio: number;
  /** ... but at most this many (default 25). */
  gammaMax: number;
}

export const TPE_DEFAULTS: TpeOptions = {
  nStartupTrials: 10,
  nEiCandidates: 24,
  multivariate: true,
  bandwidth: "scott",
  weighting: "auto",
  constantLiar: true,
  priorWeight: 1,
  considerMagicClip: true,
  considerEndpoints: false,
  gammaRatio: 0.1,
  gammaMax: 25,
};

const OWNER = "the tpe sampler";

/** Largest value of each count option: far beyond real use, small enough that a proposal stays quick. */
export const TPE_MAXIMA = { nStartupTrials: 100_000, nEiCandidates: 10_000, gammaMax: 100_000 } as const;

/** Fills defaults and checks every given option. */
export function parseTpeOptions(options: Record<string, unknown>): TpeOptions {
  checkOptionKeys(OWNER, options, Object.keys(TPE_DEFAULTS));
  const out: TpeOptions = { ...TPE_DEFAULTS };
  const given = options as Partial<Record<keyof TpeOptions, unknown>>;
  out.nStartupTrials = intOption(
    given.nStartupTrials,
    "nStartupTrials",
    0,
    TPE_MAXIMA.nStartupTrials,
    out.nStartupTrials,
  );
  out.nEiCandidates = intOption(
    given.nEiCandidates,
    "nEiCandidates",
    1,
    TPE_MAXIMA.nEiCandidates,
    out.nEiCandidates,
  );
  out.gammaMax = intOption(given.gammaMax, "gammaMax", 1, TPE_MAXIMA.gammaMax, out.gammaMax);
  out.multivariate = boolOption(given.multivariate, "multivariate", out.multivariate);
  out.constantLiar = boolOption(given.constantLiar, "constantLiar", out.constantLiar);
  out.considerMagicClip = boolOption(given.considerMagicClip, "considerMagicClip", out.considerMagicClip);
  out.considerEndpoints = boolOption(given.considerEndpoints, "considerEndpoints", out.considerEndpoints);
  out.bandwidth = choiceOption(given.bandwidth, "bandwidth", ["scott", "optuna"] as const, out.bandwidth);
  out.weighting = choiceOption(
    given.weighting,
    "weighting",
    ["auto", "rank", "uniform"] as const,
    out.weighting,
  );
  if (given.priorWeight !== undefined) {
    const w = given.priorWeight;
    if (typeof w !== "number" || !Number.isFinite(w) || w <= 0) {
      throw new Error(`Option priorWeight of ${OWNER} must be a positive number, got ${describeValue(w)}`);
    }
    out.priorWeight = w;
  }
  if (given.gammaRatio !== undefined) {
    const g = given.gammaRatio;
    if (typeof g !== "number" || !(g > 0 && g <= 1)) {
      throw new Error(`Option gammaRatio of ${OWNER} must be a number in (0, 1], got ${describeValue(g)}`);
    }
    out.gammaRatio = g;
  }
  return out;
}

function intOption(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new Error(`Option ${name} of ${OWNER} must be an integer >= ${min}, got ${describeValue(value)}`);
  }
  if (value > max) throw new Error(`Option ${name} of ${OWNER} must be at most ${max}, got ${value}`);
  return value;
}

function boolOption(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean")
    throw new Error(`Option ${name} of ${OWNER} must be true or false, got ${describeValue(value)}`);
  return value;
}

function choiceOption<T extends string>(value: unknown, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw new Error(
      `Option ${name} of ${OWNER} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${describeValue(value)}`,
    );
  }
  return value as T;
}
