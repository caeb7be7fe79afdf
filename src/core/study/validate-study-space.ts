/**
 * Checks of a study's search space beyond the engine's own: every parameter is a tunable setting,
 * within that setting's bounds or choices, and the layer parameters follow their rules.
 */
import { toTrainConfig, type PlaygroundConfig } from "../playground-config";
import { validateSpace } from "../search/space";
import type { ParamSpec, ParamValue, SearchSpace } from "../search/types";
import { FieldErrors, childPath, describeValue, isPlainObject } from "./json-checks";
import type { StudyDataKind } from "./study-dataset";
import { TUNABLE, layerOfUnits, tunableFitsData, tunableOf, type Tunable } from "./tunables";

/** A value of a tuned setting: a member of its choices, or a number within its bounds (an integer for int settings). */
function fitsTunable(tunable: Tunable, v: ParamValue): boolean {
  if (tunable.kind === "categorical") return tunable.choices.includes(v);
  return (
    typeof v === "number" &&
    v >= tunable.min &&
    v <= tunable.max &&
    (tunable.kind === "float" || Number.isInteger(v))
  );
}

const KIND_WORDS: Record<StudyDataKind, string> = { "2d": "2D points", table: "a table", image: "images" };

function checkTunedParam(
  name: string,
  spec: ParamSpec,
  base: PlaygroundConfig | null,
  kind: StudyDataKind | null,
  path: string,
  errors: FieldErrors,
): void {
  const tunable = tunableOf(name);
  if (!tunable) {
    errors.add(path, `is not a tunable setting (tunable: ${TUNABLE.map((t) => t.key).join(", ")})`);
    return;
  }
  if (kind !== null && !tunableFitsData(tunable, kind)) {
    const fits = (tunable.dataKinds ?? []).map((k) => KIND_WORDS[k]).join(" or ");
    errors.add(
      path,
      `(${tunable.label}) can only be tuned on ${fits}; the base trains on ${KIND_WORDS[kind]}`,
    );
    return;
  }
  if ((name === "convFilters" || name === "convKernel") && base !== null && kind === "image") {
    const blocks = toTrainConfig(base).model.conv ?? [];
    if (blocks.length === 0) {
      errors.add(path, `(${tunable.label}) is tuned but the base network has no conv blocks`);
      return;
    }
  }
  if (spec.type === "categorical") {
    for (const [i, choice] of spec.choices.entries()) {
      if (!fitsTunable(tunable, choice)) {
        const what =
          tunable.kind === "categorical"
            ? `one of ${tunable.choices.map((c) => JSON.stringify(c)).join(", ")}`
            : `${tunable.kind === "int" ? "an integer" : "a number"} from ${tunable.min} to ${tunable.max}`;
        errors.add(childPath(childPath(path, "choices"), i), `must be ${what}, got ${describeValue(choice)}`);
      }
    }
    return;
  }
  if (tunable.kind === "categorical") {
    errors.add(
      childPath(path, "type"),
      `must be "categorical" for ${tunable.label}, got ${describeValue(spec.type)}`,
    );
    return;
  }
  if (tunable.kind === "int" && spec.type === "float") {
    errors.add(childPath(path, "type"), `must be "int" (or "categorical") for ${tunable.label}, got "float"`);
    return;
  }
  if (spec.low < tunable.min) {
    errors.add(
      childPath(path, "low"),
      `must be at least ${tunable.min} for ${tunable.label}, got ${spec.low}`,
    );
  }
  if (spec.high > tunable.max) {
    errors.add(
      childPath(path, "high"),
      `must be at most ${tunable.max} for ${tunable.label}, got ${spec.high}`,
    );
  }
}

/** The layer rules: shared `units` or per-layer `units_k`, and `units_k` conditional on `layers >= k` when the count is tuned. */
function checkLayerParams(
  space: SearchSpace,
  base: PlaygroundConfig | null,
  path: string,
  errors: FieldErrors,
): void {
  const perLayer = Object.keys(space).filter((n) => layerOfUnits(n) !== null);
  const tunedLayers = Object.hasOwn(space, "layers");
  if (Object.hasOwn(space, "units") && perLayer.length > 0) {
    errors.add(path, `tunes both units and ${perLayer.join(", ")}: choose a shared width or one per layer`);
  }
  if (Object.hasOwn(space, "units") && !tunedLayers && base && base.hiddenLayers.length === 0) {
    errors.add(
      childPath(path, "units"),
      "is tuned but the base network has no hidden layers and layers is not tuned",
    );
  }
  for (const name of perLayer) {
    const k = layerOfUnits(name)!;
    const cond = space[name].condition;
    const where = childPath(childPath(path, name), "condition");
    if (tunedLayers) {
      const exact =
        cond !== undefined &&
        cond.param === "layers" &&
        cond.min === k &&
        cond.max === undefined &&
        cond.values === undefined;
      if (!exact) {
        errors.add(
          where,
          `must be {"param":"layers","min":${k}} so that ${name} exists only in trials with at least ${k} layers, got ${describeValue(cond)}`,
        );
      }
    } else {
      if (cond !== undefined)
        errors.add(where, `must be absent while layers is not tuned, got ${describeValue(cond)}`);
      if (base && k > base.hiddenLayers.length) {
        errors.add(
          childPath(path, name),
          `is tuned but the base network has ${base.hiddenLayers.length} hidden layer${base.hiddenLayers.length === 1 ? "" : "s"} and layers is not tuned`,
        );
      }
    }
  }
}

/** Checks the search space (by the engine, then against the tunable settings); returns it when valid, else null. */
export function checkSpace(
  value: unknown,
  base: PlaygroundConfig | null,
  kind: StudyDataKind | null,
  path: string,
  errors: FieldErrors,
): SearchSpace | null {
  if (!isPlainObject(value)) {
    errors.add(path, `must be an object of parameters, got ${describeValue(value)}`);
    return null;
  }
  const space = value as SearchSpace;
  try {
    validateSpace(space);
  } catch (e) {
    errors.add(path, `is not a valid search space: ${(e as Error).message}`);
    return null;
  }
  const before = errors.messages.length;
  for (const [name, spec] of Object.entries(space))
    checkTunedParam(name, spec, base, kind, childPath(path, name), errors);
  checkLayerParams(space, base, path, errors);
  return errors.messages.length === before ? space : null;
}
