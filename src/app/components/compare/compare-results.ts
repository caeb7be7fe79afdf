/**
 * What the compare charts and table show, from the runs so far: each cell's summary, the
 * isolation points (each value at its best nuisance value) and the curves of those cells.
 */
import {
  bandOverSeeds,
  bestPointIndex,
  cellSummaries,
  formatParamValue,
  isolationPoints,
  parameterOf,
  type BandKind,
  type CellSummary,
  type CompareMetric,
  type CompareSettings,
  type IsolationPoint,
} from "../../../core/compare";
import type { BandSeries } from "../../charts/BandChart.svelte";
import type { CompareRunRecord } from "../../state/compare-run.svelte";
import { valueColor } from "./compare-colors";

export interface CompareResults {
  settings: CompareSettings;
  cells: CellSummary[];
  points: IsolationPoint[];
  /** Index into `points` of the lowest mean, or -1. */
  best: number;
  curves: BandSeries[];
}

/** The label of value `index` of the parameter under study, e.g. "0.03" or "Adam". */
export function valueText(s: CompareSettings, index: number): string {
  return formatParamValue(parameterOf(s.param), s.values[index]);
}

/** The label of nuisance value `index`, e.g. "learning rate 0.03"; "" without a nuisance parameter. */
export function nuisanceText(s: CompareSettings, index: number): string {
  if (!s.nuisance) return "";
  const p = parameterOf(s.nuisance);
  return `${p.short.toLowerCase()} ${formatParamValue(p, s.nuisanceValues[index])}`;
}

/** Aggregates the runs of a comparison with a score and a band (which may differ from when it ran). */
export function compareResults(
  settings: CompareSettings,
  runs: CompareRunRecord[],
  metric: CompareMetric,
  band: BandKind,
): CompareResults {
  const cells = cellSummaries(runs, settings.seeds, metric, band);
  const points = isolationPoints(cells);
  const curves = points.map((p) => {
    const curvesOfCell = runs
      .filter((r) => r.valueIndex === p.valueIndex && r.nuisanceIndex === p.nuisanceIndex)
      .map((r) => r.valLosses);
    return {
      name: `value-${p.valueIndex}`,
      color: valueColor(p.valueIndex),
      points: bandOverSeeds(curvesOfCell, band).map((b) => ({
        x: b.epoch,
        mean: b.mean,
        low: b.low,
        high: b.high,
      })),
    };
  });
  return { settings, cells, points, best: bestPointIndex(points), curves };
}
