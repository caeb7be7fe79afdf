/** The GP sampler's options: defaults, and checks that name the offending option and value. */
import { describeValue } from "../../describe-value";
import { checkOptionKeys } from "../options";

export interface GpOptions {
  /** Trials drawn at random before the model is used (default 10). */
  nStartupTrials: number;
  /** Quasi-random candidates scored by the acquisition function per proposal (default 1024). */
  candidates: number;
  /** How many of the best candidates are refined by local search (default 4; the best observed point is always refined too). */
  localSearches: number;
  /** Transform of the objective values before fitting: "power" (Yeo-Johnson, fitted) or "none" (standardise only). Default "power". */
  warping: "power" | "none";
}

export const GP_DEFAULTS: GpOptions = {
  nStartupTrials: 10,
  candidates: 1024,
  localSearches: 4,
  warping: "power",
};

const OWNER = "the gp sampler";

/** Largest value of each count option: far beyond real use, small enough that a proposal stays quick. */
export const GP_MAXIMA = { nStartupTrials: 100_000, candidates: 65_536, localSearches: 64 } as const;

/** Fills defaults and checks every given option. */
export function parseGpOptions(options: Record<string, unknown>): GpOptions {
  checkOptionKeys(OWNER, options, Object.keys(GP_DEFAULTS));
  const out: GpOptions = { ...GP_DEFAULTS };
  const given = options as Partial<Record<keyof GpOptions, unknown>>;
  out.nStartupTrials = intOption(
    given.nStartupTrials,
    "nStartupTrials",
    0,
    GP_MAXIMA.nStartupTrials,
    out.nStartupTrials,
  );
  out.candidates = intOption(given.candidates, "candidates", 1, GP_MAXIMA.candidates, out.candidates);
  out.localSearches = intOption(
    given.localSearches,
    "localSearches",
    0,
    GP_MAXIMA.localSearches,
    out.localSearches,
  );
  if (given.warping !== undefined) {
    if (given.warping !== "power" && given.warping !== "none") {
      throw new Error(
        `Option warping of ${OWNER} must be "power" or "none", got ${describeValue(given.warping)}`,
      );
    }
    out.warping = given.warping;
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
