/**
 * A comparison's whole configuration (the base playground configuration, the parameter under
 * study and its values, an optional nuisance parameter re-tuned for each value, the seeds), its
 * URL form, and the grid of runs it makes. The URL holds the base's playground settings under
 * their own keys plus a few keys of its own, so a compare link reproduces the comparison.
 */
import {
  defaultConfig,
  parseConfig,
  PROPERTIES,
  serializeConfig,
  toTrainConfig,
  type PlaygroundConfig,
} from "../playground-config";
import type { TrainConfig } from "../../shared/train";
import { COMPARE_PARAMETERS, compareParameter, type CompareParameter, type ParamValue } from "./parameters";
import {
  formatValueList,
  MAX_NUISANCE_VALUES,
  MAX_VALUES,
  parseSeeds,
  parseValueList,
  type Checked,
} from "./values";

/** The score of a run: its lowest validation loss, or the one of its last epoch. */
export type CompareMetric = "best" | "final";
/** What the band around a mean shows: the lowest to highest seed, or a 95% confidence interval. */
export type BandKind = "range" | "ci";

export interface CompareSettings {
  base: PlaygroundConfig;
  /** Id of the parameter under study (scientific parameter). */
  param: string;
  values: ParamValue[];
  /** Id of the nuisance parameter re-tuned for each value, or null for none. */
  nuisance: string | null;
  nuisanceValues: ParamValue[];
  seeds: number;
  metric: CompareMetric;
  band: BandKind;
}

/** The keys of the comparison itself in the URL (the other keys are the playground's). */
export const COMPARE_KEYS = {
  param: "vary",
  values: "values",
  nuisance: "nuisance",
  nuisanceValues: "nuisanceValues",
  seeds: "seeds",
  metric: "metric",
  band: "band",
} as const;

/** Most runs of one comparison, and most epochs summed over its runs: more would take too long here. */
export const MAX_RUNS = 60;
export const MAX_TOTAL_EPOCHS = 12_000;

const DEFAULT_PARAM = "lr";

/** The default comparison of a base configuration: the learning rate at three values, two seeds. */
export function defaultCompareSettings(base: PlaygroundConfig = defaultConfig()): CompareSettings {
  const param = compareParameter(DEFAULT_PARAM) as CompareParameter;
  return {
    base,
    param: DEFAULT_PARAM,
    values: (parseValueList(param, param.example) as { value: ParamValue[] }).value,
    nuisance: null,
    nuisanceValues: [],
    seeds: 2,
    metric: "best",
    band: "range",
  };
}

/** The parameter of an id that is known to be good (a settings object's `param` or `nuisance`). */
export function parameterOf(id: string): CompareParameter {
  const p = compareParameter(id);
  if (!p) throw new Error(`Unknown compare parameter '${id}'`);
  return p;
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

const OWN_KEYS = new Set<string>(Object.values(COMPARE_KEYS));

/**
 * Reads a comparison from its URL query. Missing parts take their defaults; a bad part is
 * refused with a message (in `errors`) naming it and its value, and its default is used.
 */
export function parseCompareQuery(query: string): { settings: CompareSettings; errors: string[] } {
  const own = new Map<string, string>();
  const rest: string[] = [];
  const errors: string[] = [];
  for (const pair of query.replace(/^\?/, "").split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (name !== null && OWN_KEYS.has(name)) {
      const raw = decode(eq < 0 ? "" : pair.slice(eq + 1));
      if (raw === null) errors.push(`Could not read "${pair}" from the link (bad % escape); ignored`);
      else own.set(name, raw);
    } else {
      rest.push(pair);
    }
  }
  const parsedBase = parseConfig(rest.join("&"));
  errors.push(...parsedBase.errors);
  const settings = defaultCompareSettings(parsedBase.config);

  const paramText = own.get(COMPARE_KEYS.param);
  const ids = COMPARE_PARAMETERS.map((p) => p.id).join(", ");
  if (paramText !== undefined) {
    if (compareParameter(paramText)) {
      settings.param = paramText;
      const param = parameterOf(paramText);
      settings.values = (parseValueList(param, param.example) as { value: ParamValue[] }).value;
    } else {
      errors.push(
        `The parameter to vary must be one of ${ids}, got '${paramText}' (from "vary" in the link); using lr`,
      );
    }
  }
  const param = parameterOf(settings.param);
  const valuesText = own.get(COMPARE_KEYS.values);
  if (valuesText !== undefined) {
    const values = parseValueList(param, valuesText, MAX_VALUES);
    if (values.ok) settings.values = values.value;
    else errors.push(`${values.message} (from "values" in the link); using ${param.example}`);
  }

  const nuisanceText = own.get(COMPARE_KEYS.nuisance);
  if (nuisanceText !== undefined && nuisanceText !== "") {
    const nuisance = compareParameter(nuisanceText);
    if (!nuisance) {
      errors.push(
        `The nuisance parameter must be one of ${ids}, got '${nuisanceText}' (from "nuisance" in the link); using none`,
      );
    } else if (nuisance.id === settings.param) {
      errors.push(
        `The nuisance parameter must differ from the parameter under study, both are '${nuisanceText}'; using none`,
      );
    } else {
      const text = own.get(COMPARE_KEYS.nuisanceValues) ?? nuisance.example;
      const values = parseValueList(nuisance, text, MAX_NUISANCE_VALUES);
      settings.nuisance = nuisance.id;
      if (values.ok) {
        settings.nuisanceValues = values.value;
      } else {
        settings.nuisanceValues = (
          parseValueList(nuisance, nuisance.example) as { value: ParamValue[] }
        ).value;
        errors.push(`${values.message} (from "nuisanceValues" in the link); using ${nuisance.example}`);
      }
    }
  }

  const seedsText = own.get(COMPARE_KEYS.seeds);
  if (seedsText !== undefined) {
    const seeds = parseSeeds(seedsText);
    if (seeds.ok) settings.seeds = seeds.value;
    else errors.push(`${seeds.message} (from "seeds" in the link); using ${settings.seeds}`);
  }
  const metric = own.get(COMPARE_KEYS.metric);
  if (metric !== undefined) {
    if (metric === "best" || metric === "final") settings.metric = metric;
    else
      errors.push(`The score must be best or final, got '${metric}' (from "metric" in the link); using best`);
  }
  const band = own.get(COMPARE_KEYS.band);
  if (band !== undefined) {
    if (band === "range" || band === "ci") settings.band = band;
    else errors.push(`The band must be range or ci, got '${band}' (from "band" in the link); using range`);
  }
  const budget = checkRunBudget(settings);
  if (!budget.ok) errors.push(`${budget.message} (from the link)`);
  return { settings, errors };
}

/** Writes a comparison into a URL query: its own keys first, then every playground setting. */
export function serializeCompareQuery(s: CompareSettings): string {
  const enc = (t: string) => encodeURIComponent(t).replace(/%2C/g, ",");
  const own = [
    `${COMPARE_KEYS.param}=${enc(s.param)}`,
    `${COMPARE_KEYS.values}=${enc(formatValueList(parameterOf(s.param), s.values))}`,
  ];
  if (s.nuisance) {
    own.push(`${COMPARE_KEYS.nuisance}=${enc(s.nuisance)}`);
    own.push(
      `${COMPARE_KEYS.nuisanceValues}=${enc(formatValueList(parameterOf(s.nuisance), s.nuisanceValues))}`,
    );
  }
  own.push(
    `${COMPARE_KEYS.seeds}=${s.seeds}`,
    `${COMPARE_KEYS.metric}=${s.metric}`,
    `${COMPARE_KEYS.band}=${s.band}`,
  );
  return `${own.join("&")}&${serializeConfig(s.base)}`;
}

/** The link that opens the compare view on a playground query (the playground's "Compare…"). */
export function compareHrefOf(playgroundQuery: string): string {
  return `#/compare?${playgroundQuery}`;
}

/** Whether a URL key of the comparison collides with a playground setting's key (it must not). */
export function collidingKeys(): string[] {
  return PROPERTIES.map((p) => p.urlKey).filter((k) => OWN_KEYS.has(k));
}

/** How many runs a comparison makes: values × nuisance values (1 without) × seeds. */
export function runCount(s: CompareSettings): number {
  return s.values.length * Math.max(1, s.nuisance ? s.nuisanceValues.length : 1) * s.seeds;
}

/** The sum of the runs in words, e.g. "3 values × 2 seeds = 6 runs". */
export function runCountText(s: CompareSettings): string {
  const parts = [`${s.values.length} ${s.values.length === 1 ? "value" : "values"}`];
  if (s.nuisance)
    parts.push(`${s.nuisanceValues.length} nuisance ${s.nuisanceValues.length === 1 ? "value" : "values"}`);
  parts.push(`${s.seeds} ${s.seeds === 1 ? "seed" : "seeds"}`);
  const n = runCount(s);
  return `${parts.join(" × ")} = ${n} ${n === 1 ? "run" : "runs"}`;
}

/** Refuses a comparison with too many runs, or too many epochs in all, with a message saying so. */
export function checkRunBudget(s: CompareSettings): Checked<number> {
  const n = runCount(s);
  if (n > MAX_RUNS) {
    return {
      ok: false,
      message: `${runCountText(s)}: too many; at most ${MAX_RUNS} runs are allowed. Use fewer values or seeds.`,
    };
  }
  const epochs = n * s.base.epochs;
  if (epochs > MAX_TOTAL_EPOCHS) {
    return {
      ok: false,
      message:
        `${runCountText(s)} of ${s.base.epochs} epochs each is ${epochs} epochs in all: too many; ` +
        `at most ${MAX_TOTAL_EPOCHS} are allowed. Use fewer runs or epochs.`,
    };
  }
  return { ok: true, value: n };
}

/** One run of the grid: which value, which nuisance value, which seed, and what it trains. */
export interface PlannedRun {
  id: string;
  valueIndex: number;
  /** Index into the nuisance values; 0 when there is no nuisance parameter. */
  nuisanceIndex: number;
  seedIndex: number;
  seed: number;
  config: TrainConfig;
}

/**
 * Every run of a comparison: each value × each nuisance value × each seed (the base seed, then
 * the next ones). The decision boundary is not computed (the compare view does not draw it).
 */
export function planRuns(s: CompareSettings): PlannedRun[] {
  const param = parameterOf(s.param);
  const nuisance = s.nuisance ? parameterOf(s.nuisance) : null;
  const nuisanceValues: (ParamValue | null)[] = nuisance ? s.nuisanceValues : [null];
  const runs: PlannedRun[] = [];
  s.values.forEach((value, valueIndex) => {
    nuisanceValues.forEach((nv, nuisanceIndex) => {
      for (let seedIndex = 0; seedIndex < s.seeds; seedIndex++) {
        let config = param.apply(s.base, value);
        if (nuisance && nv !== null) config = nuisance.apply(config, nv);
        const seed = (s.base.seed + seedIndex) % 2147483648;
        const train = toTrainConfig({ ...config, seed });
        runs.push({
          id: `v${valueIndex}-n${nuisanceIndex}-s${seedIndex}`,
          valueIndex,
          nuisanceIndex,
          seedIndex,
          seed,
          config: { ...train, boundaryResolution: 0 },
        });
      }
    });
  });
  return runs;
}
