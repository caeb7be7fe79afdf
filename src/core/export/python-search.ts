/**
 * The Python part of the exported script generated from a study's search: the search space as
 * Optuna suggest calls (conditional parameters inside `if` blocks), and the sampler and pruner as
 * Optuna's counterparts with the study's options.
 */
import { gridValues, topologicalOrder } from "../search/space";
import { DEFAULT_GRID_POINTS } from "../search/samplers/grid";
import { GP_DEFAULTS } from "../search/samplers/gp/options";
import { TPE_DEFAULTS } from "../search/samplers/tpe/options";
import type { Condition, ParamSpec, ParamValue, SearchSpace } from "../search/types";
import type { StudyConfig } from "../study/study-config";
import { pyLiteral, pyNumber, pyString, pyTuple } from "./python-literals";

/** The Optuna call that suggests one parameter. */
export function pySuggestCall(name: string, spec: ParamSpec): string {
  const n = pyString(name);
  if (spec.type === "categorical") return `trial.suggest_categorical(${n}, ${pyLiteral(spec.choices)})`;
  const method = spec.type === "float" ? "suggest_float" : "suggest_int";
  const extra: string[] = [];
  if (spec.step !== undefined && !(spec.type === "int" && spec.step === 1))
    extra.push(`step=${pyNumber(spec.step)}`);
  if (spec.log) extra.push("log=True");
  const args = [n, pyNumber(spec.low), pyNumber(spec.high), ...extra].join(", ");
  return `trial.${method}(${args})`;
}

/** The Python test of a condition on `params` (false when the parent itself was not suggested). */
export function pyCondition(cond: Condition): string {
  const parent = `params[${pyString(cond.param)}]`;
  const parts = [`${pyString(cond.param)} in params`];
  if (cond.values !== undefined) parts.push(`${parent} in ${pyTuple(cond.values)}`);
  if (cond.min !== undefined) parts.push(`${parent} >= ${pyNumber(cond.min)}`);
  if (cond.max !== undefined) parts.push(`${parent} <= ${pyNumber(cond.max)}`);
  return parts.join(" and ");
}

/** `def suggest_params(trial)`: parents before the parameters that depend on them. */
export function pySuggestParams(space: SearchSpace): string {
  const lines = [
    "def suggest_params(trial):",
    '    """Asks the trial for every tuned parameter; a conditional one only when its condition holds."""',
    "    params = {}",
  ];
  for (const name of topologicalOrder(space)) {
    const spec = space[name];
    const assign = `params[${pyString(name)}] = ${pySuggestCall(name, spec)}`;
    if (spec.condition === undefined) {
      lines.push(`    ${assign}`);
    } else {
      lines.push(`    if ${pyCondition(spec.condition)}:`, `        ${assign}`);
    }
  }
  lines.push("    return params");
  return lines.join("\n");
}

/** Keyword arguments as Python source, one per line. */
function kwargs(args: Record<string, string>, indent: string): string {
  return Object.entries(args)
    .map(([k, v]) => `${indent}${k}=${v},`)
    .join("\n");
}

function option<T>(options: Record<string, unknown>, key: string, fallback: T): T {
  return (Object.hasOwn(options, key) ? options[key] : fallback) as T;
}

function tpeSampler(options: Record<string, unknown>, indent: string): string {
  const o = { ...TPE_DEFAULTS, ...options } as typeof TPE_DEFAULTS;
  const args: Record<string, string> = {
    seed: "seed",
    n_startup_trials: pyNumber(o.nStartupTrials),
    n_ei_candidates: pyNumber(o.nEiCandidates),
    multivariate: pyLiteral(o.multivariate),
    // Tunelab's multivariate TPE models each group of parameters that are active together, as Optuna's group=True.
    group: pyLiteral(o.multivariate),
    constant_liar: pyLiteral(o.constantLiar),
    prior_weight: pyNumber(o.priorWeight),
    consider_magic_clip: pyLiteral(o.considerMagicClip),
    consider_endpoints: pyLiteral(o.considerEndpoints),
    gamma: `lambda n: min(int(math.ceil(${pyNumber(o.gammaRatio)} * n)), ${pyNumber(o.gammaMax)})`,
  };
  return `optuna.samplers.TPESampler(\n${kwargs(args, `${indent}    `)}\n${indent})`;
}

function gridSampler(space: SearchSpace, options: Record<string, unknown>): string {
  const n = option(options, "n", DEFAULT_GRID_POINTS);
  const explicit = option<Record<string, ParamValue[]>>(options, "values", {});
  const lines = topologicalOrder(space).map((name) => {
    const values = Object.hasOwn(explicit, name) ? [...new Set(explicit[name])] : gridValues(space[name], n);
    return `        ${pyString(name)}: ${pyLiteral(values)},`;
  });
  return [
    "    # Optuna's grid is the product of every list, conditional parameters included, so a space with",
    "    # conditions has more (partly repeated) points here than in Tunelab, which expands them only",
    "    # where their condition holds.",
    "    grid = {",
    ...lines,
    "    }",
    "    return optuna.samplers.GridSampler(grid, seed=seed)",
  ].join("\n");
}

/** `def make_sampler(seed)`: Optuna's counterpart of the study's sampler. */
export function pyMakeSampler(config: StudyConfig): string {
  const { name, ...options } = config.sampler;
  const head = [
    "def make_sampler(seed):",
    '    """The study\'s sampler, as configured in Tunelab."""',
    // JSON escapes every line break, so the options stay on this one comment line.
    `    # Tunelab: ${JSON.stringify(config.sampler)}`,
  ];
  let body: string;
  switch (name) {
    case "random":
      body = "    return optuna.samplers.RandomSampler(seed=seed)";
      break;
    case "qmc":
      body = [
        "    # Scrambled Sobol' points as Tunelab's; conditional parameters are drawn at random by Optuna.",
        '    return optuna.samplers.QMCSampler(qmc_type="sobol", scramble=True, seed=seed)',
      ].join("\n");
      break;
    case "grid":
      body = gridSampler(config.space, options);
      break;
    case "tpe":
      body = `    return ${tpeSampler(options, "    ")}`;
      break;
    case "gp": {
      const startup = pyNumber(option(options, "nStartupTrials", GP_DEFAULTS.nStartupTrials));
      body = [
        "    # Optuna's GP sampler has no counterpart of Tunelab's candidates and localSearches options.",
        '    if hasattr(optuna.samplers, "GPSampler"):  # Optuna 3.6 and later',
        `        return optuna.samplers.GPSampler(seed=seed, n_startup_trials=${startup})`,
        '    print("This Optuna has no GPSampler (added in 3.6): using TPESampler instead.", file=sys.stderr)',
        `    return optuna.samplers.TPESampler(seed=seed, n_startup_trials=${startup})`,
      ].join("\n");
      break;
    }
    default:
      throw new Error(`Unknown sampler ${JSON.stringify(name)}`);
  }
  return [...head, body].join("\n");
}

/** `def make_pruner()`: Optuna's counterpart of the study's pruner, with Tunelab's defaults made explicit. */
export function pyMakePruner(config: StudyConfig): string {
  const { name, ...o } = config.pruner;
  const percentileArgs = (percentile: number | null): string =>
    [
      ...(percentile === null ? [] : [pyNumber(percentile)]),
      `n_startup_trials=${pyNumber(option(o, "nStartupTrials", 5))}`,
      `n_warmup_steps=${pyNumber(option(o, "nWarmupSteps", 0))}`,
      `interval_steps=${pyNumber(option(o, "intervalSteps", 1))}`,
      `n_min_trials=${pyNumber(option(o, "nMinTrials", 1))}`,
    ].join(", ");
  let call: string;
  switch (name) {
    case "none":
      call = "optuna.pruners.NopPruner()";
      break;
    case "median":
      call = `optuna.pruners.MedianPruner(${percentileArgs(null)})`;
      break;
    case "percentile":
      call = `optuna.pruners.PercentilePruner(${percentileArgs(option(o, "percentile", 50))})`;
      break;
    case "asha":
      call =
        `optuna.pruners.SuccessiveHalvingPruner(min_resource=${pyNumber(option(o, "minResource", 1))}, ` +
        `reduction_factor=${pyNumber(option(o, "reductionFactor", 4))}, ` +
        `min_early_stopping_rate=${pyNumber(option(o, "minEarlyStoppingRate", 0))})`;
      break;
    case "hyperband":
      call =
        `optuna.pruners.HyperbandPruner(min_resource=${pyNumber(option(o, "minResource", 1))}, ` +
        `max_resource=${pyLiteral(option(o, "maxResource", "auto"))}, ` +
        `reduction_factor=${pyNumber(option(o, "reductionFactor", 3))})`;
      break;
    default:
      throw new Error(`Unknown pruner ${JSON.stringify(name)}`);
  }
  return [
    "def make_pruner():",
    '    """The study\'s pruner; steps are epochs, counted from 1."""',
    `    return ${call}`,
  ].join("\n");
}
