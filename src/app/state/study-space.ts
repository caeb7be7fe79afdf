/**
 * Editing a study's search space the way the Study view offers it: each tunable setting is fixed
 * (it keeps the base value), a range, or a list of choices; the network's depth and widths follow
 * the layer rules of the study configuration (a shared width, or one width per layer that exists
 * only in trials deep enough to have that layer). Every function returns a new configuration.
 */
import {
  checkNumber,
  formatValue,
  plainNumber,
  propertyOf,
  type ConfigKey,
  type ValidationResult,
} from "../../core/playground-config";
import type { ParamSpec, ParamValue, SearchSpace } from "../../core/search/index";
import type { StudyConfig } from "../../core/study/study-config";
import {
  MAX_LAYERS,
  TUNABLE,
  defaultParamSpec,
  layerOfUnits,
  setsConfigField,
  tunableOf,
  type NumericTunable,
  type Tunable,
} from "../../core/study/tunables";

export type ParamMode = "fixed" | "range" | "choices";
export type UnitsMode = "fixed" | "shared" | "perLayer";

/** Tunables edited one by one (everything but the layer parameters, which have their own editor). */
export const SETTING_TUNABLES: readonly Tunable[] = TUNABLE.filter(
  (t) => t.key !== "layers" && t.key !== "units" && layerOfUnits(t.key) === null,
);

/** How a parameter is searched in `space`. */
export function paramMode(space: SearchSpace, key: string): ParamMode {
  const spec = space[key];
  if (!spec) return "fixed";
  return spec.type === "categorical" ? "choices" : "range";
}

/** The modes a tunable offers: choices only for categorical settings; the depth only fixed or a range (per-layer widths depend on it numerically). */
export function modesOf(tunable: Tunable): ParamMode[] {
  if (tunable.kind === "categorical") return ["fixed", "choices"];
  if (tunable.key === "layers") return ["fixed", "range"];
  return ["fixed", "range", "choices"];
}

/** The base value of a setting, as the page shows it ("0.03", "adam", "8,8"). */
export function baseValueText(config: StudyConfig, key: string): string {
  if (key === "layers") return String(config.base.hiddenLayers.length);
  const k = layerOfUnits(key);
  if (k !== null || key === "units") {
    const layers = config.base.hiddenLayers;
    if (k === null) return layers.length > 0 ? layers.join(", ") : "none";
    return layers[k - 1] !== undefined ? String(layers[k - 1]) : `${layers.at(-1) ?? 8} (as the last layer)`;
  }
  if (!setsConfigField(key)) return "";
  const prop = propertyOf(key as ConfigKey);
  return formatValue(prop, config.base[key as ConfigKey]);
}

function withSpace(config: StudyConfig, space: SearchSpace): StudyConfig {
  return { ...config, space: fixLayerParams(space, config) };
}

/** The deepest network a layers spec allows (the base depth when the depth is fixed). */
export function maxLayerCount(space: SearchSpace, config: StudyConfig): number {
  const spec = space.layers;
  if (!spec) return config.base.hiddenLayers.length;
  if (spec.type === "categorical")
    return Math.max(0, ...spec.choices.filter((c): c is number => typeof c === "number"));
  return Math.max(0, Math.min(MAX_LAYERS, Math.floor(spec.high)));
}

/** How the widths are searched: fixed (base widths), one shared range (`units`), or per layer (`units_k`). */
export function unitsMode(space: SearchSpace): UnitsMode {
  if (space.units) return "shared";
  return Object.keys(space).some((k) => layerOfUnits(k) !== null) ? "perLayer" : "fixed";
}

/**
 * Makes the layer parameters consistent: per-layer widths exist for layers 1..max depth only, and
 * each is conditional on the depth when the depth is tuned (unconditional otherwise).
 */
export function fixLayerParams(space: SearchSpace, config: StudyConfig): SearchSpace {
  const out: SearchSpace = {};
  const tunedDepth = Object.hasOwn(space, "layers");
  const max = maxLayerCount(space, config);
  for (const [key, spec] of Object.entries(space)) {
    const k = layerOfUnits(key);
    if (k === null) {
      out[key] = spec;
      continue;
    }
    if (k > max) continue;
    const { condition: _condition, ...rest } = spec;
    out[key] = (tunedDepth ? { ...rest, condition: { param: "layers", min: k } } : rest) as ParamSpec;
  }
  return out;
}

/** The range or choices a person starts from when switching a parameter to `mode`. */
function startingSpec(config: StudyConfig, key: string, mode: Exclude<ParamMode, "fixed">): ParamSpec {
  const tunable = tunableOf(key);
  if (!tunable) throw new Error(`"${key}" is not a tunable setting`);
  const range = defaultParamSpec(key, config.base, config.space);
  if (mode === "range" || range.type === "categorical") return range;
  // Choices of a numeric setting: the ends and the middle of its starting range.
  const mid = range.log ? Math.sqrt(range.low * range.high) : (range.low + range.high) / 2;
  const round = (v: number) => (tunable.kind === "int" ? Math.round(v) : Number(v.toPrecision(2)));
  const choices = [...new Set([range.low, round(mid), range.high])];
  return { type: "categorical", choices };
}

/** Switches a parameter to fixed, a range or choices (keeping its spec if it already has that mode). */
export function setParamMode(config: StudyConfig, key: string, mode: ParamMode): StudyConfig {
  const space = { ...config.space };
  if (mode === "fixed") {
    delete space[key];
  } else if (paramMode(space, key) !== mode) {
    space[key] = startingSpec(config, key, mode);
  }
  let next = withSpace(config, space);
  // Per-layer widths follow the depth: new layers of a deeper range get a width range too.
  if (key === "layers" && unitsMode(config.space) === "perLayer") next = setUnitsMode(next, "perLayer");
  return next;
}

/** Replaces the spec of a tuned parameter (its condition is managed here, not by the caller). */
export function setParamSpec(config: StudyConfig, key: string, spec: ParamSpec): StudyConfig {
  const hadPerLayer = unitsMode(config.space) === "perLayer";
  let next = withSpace(config, { ...config.space, [key]: spec });
  if (key === "layers" && hadPerLayer) next = setUnitsMode(next, "perLayer");
  return next;
}

/** Switches how the widths are searched; per layer adds a width range for every layer the depth allows. */
export function setUnitsMode(config: StudyConfig, mode: UnitsMode): StudyConfig {
  const space: SearchSpace = {};
  for (const [key, spec] of Object.entries(config.space)) {
    if (key === "units" && mode !== "shared") continue;
    if (layerOfUnits(key) !== null && mode !== "perLayer") continue;
    space[key] = spec;
  }
  if (mode === "shared" && !space.units) space.units = defaultParamSpec("units", config.base, space);
  if (mode === "perLayer") {
    const max = maxLayerCount(space, config);
    const widest = Math.max(0, ...config.base.hiddenLayers);
    for (let k = 1; k <= max; k++) {
      const key = `units_${k}`;
      if (space[key]) continue;
      const spec = defaultParamSpec(key, config.base, space);
      if (spec.type === "int") spec.high = Math.max(spec.high, widest);
      space[key] = spec;
    }
  }
  return withSpace(config, space);
}

/** The numeric tunable of a key (ranges exist only for those). */
export function numericTunable(key: string): NumericTunable {
  const t = tunableOf(key);
  if (!t || t.kind === "categorical") throw new Error(`"${key}" is not a numeric tunable setting`);
  return t;
}

/** Checks one bound or step typed for a numeric parameter against the setting's own limits. */
export function checkBound(tunable: NumericTunable, what: string, raw: string): ValidationResult<number> {
  return checkNumber(`${tunable.label} ${what}`, raw, tunable.min, tunable.max, tunable.kind === "int");
}

/** Checks a step typed for a range: empty for none, else a positive number (a whole one for int settings). */
export function checkStep(tunable: NumericTunable, raw: string): ValidationResult<number | null> {
  if (raw.trim() === "") return { ok: true, value: null };
  const result = checkNumber(
    `${tunable.label} step`,
    raw,
    0,
    tunable.max - tunable.min,
    tunable.kind === "int",
  );
  if (result.ok && result.value > 0) return result;
  return {
    ok: false,
    message: `${tunable.label} step must be empty (no step) or ${tunable.kind === "int" ? "a whole number" : "a number"} above 0 and at most ${plainNumber(tunable.max - tunable.min)}, got '${raw}'`,
  };
}

/** Reads a comma-separated list of values for a numeric setting; the message names the setting, its limits and the text. */
export function parseNumericChoices(tunable: NumericTunable, raw: string): ValidationResult<number[]> {
  const parts = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const values: number[] = [];
  for (const part of parts) {
    const v = checkNumber(tunable.label, part, tunable.min, tunable.max, tunable.kind === "int");
    if (!v.ok) {
      return {
        ok: false,
        message: `${tunable.label} choices must be ${tunable.kind === "int" ? "whole numbers" : "numbers"} from ${plainNumber(tunable.min)} to ${plainNumber(tunable.max)} separated by commas; '${part}' is not, in '${raw}'`,
      };
    }
    if (!values.includes(v.value)) values.push(v.value);
  }
  if (values.length === 0) {
    return { ok: false, message: `${tunable.label} needs at least one choice, got '${raw}'` };
  }
  return { ok: true, value: values };
}

/** The text of a list of choices as the page shows it. */
export function choicesText(choices: readonly ParamValue[]): string {
  return choices.map((c) => (typeof c === "number" ? plainNumber(c) : String(c))).join(", ");
}

/** The label of a choice of a categorical setting ("Adam" for "adam"), from the playground's table. */
export function choiceLabel(key: string, value: ParamValue): string {
  if (typeof value === "boolean") return value ? "on" : "off";
  if (!setsConfigField(key)) return String(value);
  const prop = propertyOf(key as ConfigKey);
  if (prop.kind === "choice") return prop.choices.find((c) => c.value === value)?.label ?? String(value);
  return String(value);
}

/** A short description of a parameter's spec, for summaries ("0.001 – 0.1, log", "adam, sgd"). */
export function describeSpec(spec: ParamSpec): string {
  if (spec.type === "categorical") return choicesText(spec.choices);
  const parts = [`${plainNumber(spec.low)} – ${plainNumber(spec.high)}`];
  if (spec.log) parts.push("log");
  if (spec.step !== undefined) parts.push(`step ${plainNumber(spec.step)}`);
  return parts.join(", ");
}
