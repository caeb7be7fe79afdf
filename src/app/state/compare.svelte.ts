/**
 * The compare view's form: the parameter under study and its typed values, the optional nuisance
 * parameter and its values, the seeds, the score and the band. The typed texts are kept as they
 * are; `settings` is the comparison they make, or null with a message per refused field.
 */
import {
  checkRunBudget,
  compareParameter,
  formatValueList,
  MAX_NUISANCE_VALUES,
  MAX_VALUES,
  parameterOf,
  parseCompareQuery,
  parseSeeds,
  parseValueList,
  runCountText,
  serializeCompareQuery,
  type BandKind,
  type CompareMetric,
  type CompareSettings,
} from "../../core/compare";
import { defaultConfig, type PlaygroundConfig } from "../../core/playground-config";

export class CompareForm {
  base: PlaygroundConfig = $state.raw(defaultConfig());
  param = $state("lr");
  valuesText = $state("");
  /** Id of the nuisance parameter, or "" for none. */
  nuisance = $state("");
  nuisanceText = $state("");
  seedsText = $state("2");
  metric: CompareMetric = $state("best");
  band: BandKind = $state("range");
  /** What was refused from the link the view was opened with. */
  linkErrors: string[] = $state.raw([]);

  readonly valuesCheck = $derived(parseValueList(parameterOf(this.param), this.valuesText, MAX_VALUES));
  readonly nuisanceCheck = $derived.by(() => {
    if (this.nuisance === "") return null;
    if (this.nuisance === this.param) {
      return {
        ok: false as const,
        message: `The nuisance parameter must differ from the parameter under study, both are ${parameterOf(this.param).label}`,
      };
    }
    return parseValueList(parameterOf(this.nuisance), this.nuisanceText, MAX_NUISANCE_VALUES);
  });
  readonly seedsCheck = $derived(parseSeeds(this.seedsText));

  /** The comparison the form describes, ignoring the run budget (null while a field is refused). */
  readonly draft: CompareSettings | null = $derived.by(() => {
    const values = this.valuesCheck;
    const nuisance = this.nuisanceCheck;
    const seeds = this.seedsCheck;
    if (!values.ok || (nuisance && !nuisance.ok) || !seeds.ok) return null;
    return {
      base: this.base,
      param: this.param,
      values: values.value,
      nuisance: nuisance ? this.nuisance : null,
      nuisanceValues: nuisance?.ok ? nuisance.value : [],
      seeds: seeds.value,
      metric: this.metric,
      band: this.band,
    };
  });
  readonly budget = $derived(this.draft ? checkRunBudget(this.draft) : null);
  /** The comparison to run: the draft, when it is within the run budget. */
  readonly settings: CompareSettings | null = $derived(this.budget?.ok ? this.draft : null);
  readonly countText = $derived(this.draft ? runCountText(this.draft) : null);
  /** Why Run is refused, if it is. */
  readonly problem: string | null = $derived.by(() => {
    if (!this.valuesCheck.ok) return this.valuesCheck.message;
    if (this.nuisanceCheck && !this.nuisanceCheck.ok) return this.nuisanceCheck.message;
    if (!this.seedsCheck.ok) return this.seedsCheck.message;
    if (this.budget && !this.budget.ok) return this.budget.message;
    return null;
  });

  /** Replaces everything from a URL query; returns the canonical query. */
  load(query: string): string {
    const { settings, errors } = parseCompareQuery(query);
    this.base = settings.base;
    this.param = settings.param;
    // Shown with a space after each comma; the URL has none.
    const shown = (id: string, values: CompareSettings["values"]) =>
      formatValueList(parameterOf(id), values).replaceAll(",", ", ");
    this.valuesText = shown(settings.param, settings.values);
    this.nuisance = settings.nuisance ?? "";
    this.nuisanceText = settings.nuisance ? shown(settings.nuisance, settings.nuisanceValues) : "";
    this.seedsText = String(settings.seeds);
    this.metric = settings.metric;
    this.band = settings.band;
    this.linkErrors = errors;
    return serializeCompareQuery(settings);
  }

  /** The query of the form when every field is good (within the budget or not), else null. */
  get query(): string | null {
    return this.draft ? serializeCompareQuery(this.draft) : null;
  }

  /** Picks the parameter under study; its example values replace the typed ones. */
  chooseParam(id: string): void {
    const p = compareParameter(id);
    if (!p || id === this.param) return;
    this.param = id;
    this.valuesText = p.example;
    if (this.nuisance === id) this.chooseNuisance("");
  }

  /** Picks the nuisance parameter ("" for none); its example values replace the typed ones. */
  chooseNuisance(id: string): void {
    if (id === this.nuisance) return;
    this.nuisance = id;
    this.nuisanceText = id === "" ? "" : (compareParameter(id)?.example ?? "");
  }
}
