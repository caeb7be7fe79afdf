/**
 * From the runs of a comparison to what its charts draw: the mean validation loss per epoch over
 * seeds with a band (lowest to highest seed, or a 95% confidence interval), each run's score, and
 * the isolation plot of the tuning playbook: for each value of the parameter under study, the
 * best result over the nuisance values.
 */
import { meanConfidenceInterval } from "../lessons/stats";
import type { ParamValue } from "./parameters";
import type { BandKind, CompareMetric } from "./settings";

/** What the aggregation needs of a run: its place in the grid and its validation loss per epoch. */
export interface RunOutcome {
  valueIndex: number;
  nuisanceIndex: number;
  seedIndex: number;
  /** Validation loss of epoch 1, 2, … so far. */
  valLosses: number[];
  /** The run has ended (completed, early-stopped or diverged). */
  ended: boolean;
  /** The run diverged (its loss became infinite or not a number). */
  diverged: boolean;
}

/** Mean and band of a sample of numbers. */
export interface Spread {
  mean: number;
  low: number;
  high: number;
  n: number;
}

/**
 * The mean of a sample and its band: lowest to highest value ("range"), or the Student-t 95%
 * interval of the mean ("ci"; with one value the band is the value itself). Any infinite value
 * (a diverged run) makes the mean infinite.
 */
export function spreadOf(values: number[], band: BandKind): Spread {
  if (values.length === 0) throw new Error("spreadOf needs at least one value, got none");
  if (values.some((v) => Number.isNaN(v)))
    throw new Error(`spreadOf needs numbers, got ${values.join(", ")}`);
  const n = values.length;
  if (values.some((v) => !Number.isFinite(v))) return { mean: Infinity, low: Infinity, high: Infinity, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (band === "range" || n < 2) return { mean, low: Math.min(...values), high: Math.max(...values), n };
  const ci = meanConfidenceInterval(values, 0.95);
  return { mean, low: ci.low, high: ci.high, n };
}

/** One epoch of a curve over seeds. */
export interface BandPoint extends Spread {
  epoch: number;
}

/**
 * Mean and band per epoch over the curves of several seeds. At each epoch only the seeds that
 * reached it with a finite loss count (a diverged or early-stopped run ends its curve).
 */
export function bandOverSeeds(curves: number[][], band: BandKind): BandPoint[] {
  const longest = Math.max(0, ...curves.map((c) => c.length));
  const out: BandPoint[] = [];
  for (let i = 0; i < longest; i++) {
    const values = curves.map((c) => c[i]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (values.length === 0) continue;
    out.push({ epoch: i + 1, ...spreadOf(values, band) });
  }
  return out;
}

/**
 * A run's score: its lowest ("best") or last ("final") validation loss. A diverged run, or one
 * with a non-finite loss, scores Infinity (worse than any finite loss); a run with no epoch yet, NaN.
 */
export function runScore(run: RunOutcome, metric: CompareMetric): number {
  if (run.diverged || run.valLosses.some((v) => !Number.isFinite(v))) return Infinity;
  if (run.valLosses.length === 0) return NaN;
  return metric === "best" ? Math.min(...run.valLosses) : (run.valLosses.at(-1) as number);
}

/** One value × nuisance value of the grid: its seeds' scores and their mean and band. */
export interface CellSummary extends Spread {
  valueIndex: number;
  nuisanceIndex: number;
  /** Score of each seed that has at least one epoch, in seed order. */
  scores: number[];
  /** Every seed's run has ended. */
  complete: boolean;
}

/** The summary of every cell (value × nuisance value) that has at least one epoch, in grid order. */
export function cellSummaries(
  runs: RunOutcome[],
  seeds: number,
  metric: CompareMetric,
  band: BandKind,
): CellSummary[] {
  const cells = new Map<string, RunOutcome[]>();
  for (const r of runs) {
    const key = `${r.valueIndex}/${r.nuisanceIndex}`;
    cells.set(key, [...(cells.get(key) ?? []), r]);
  }
  const out: CellSummary[] = [];
  for (const group of cells.values()) {
    const ordered = [...group].sort((a, b) => a.seedIndex - b.seedIndex);
    const scores = ordered.map((r) => runScore(r, metric)).filter((v) => !Number.isNaN(v));
    if (scores.length === 0) continue;
    out.push({
      valueIndex: group[0].valueIndex,
      nuisanceIndex: group[0].nuisanceIndex,
      scores,
      complete: ordered.length === seeds && ordered.every((r) => r.ended),
      ...spreadOf(scores, band),
    });
  }
  return out.sort((a, b) => a.valueIndex - b.valueIndex || a.nuisanceIndex - b.nuisanceIndex);
}

/** A point of the isolation plot: a value of the parameter under study at its best nuisance value. */
export interface IsolationPoint extends CellSummary {
  /** Every cell of this value (one per nuisance value with an epoch), to show what was beaten. */
  cells: CellSummary[];
}

/**
 * The isolation plot: for each value of the parameter under study, the cell with the lowest
 * mean score over its nuisance values (ties: the first). Values with no epoch yet are left out.
 */
export function isolationPoints(cells: CellSummary[]): IsolationPoint[] {
  const byValue = new Map<number, CellSummary[]>();
  for (const c of cells) byValue.set(c.valueIndex, [...(byValue.get(c.valueIndex) ?? []), c]);
  const out: IsolationPoint[] = [];
  for (const [, group] of [...byValue.entries()].sort((a, b) => a[0] - b[0])) {
    const best = group.reduce((a, b) => (b.mean < a.mean ? b : a));
    out.push({ ...best, cells: group });
  }
  return out;
}

/** Index (into `points`) of the point with the lowest finite mean, or -1 when there is none. */
export function bestPointIndex(points: Spread[]): number {
  let best = -1;
  points.forEach((p, i) => {
    if (Number.isFinite(p.mean) && (best < 0 || p.mean < points[best].mean)) best = i;
  });
  return best;
}

/**
 * The points whose best nuisance value is the lowest or highest number tried (with three or more
 * numeric nuisance values): there the nuisance range may be too narrow, and the value is perhaps
 * not seen at its best (the playbook's warning about the edges of a search space).
 */
export function nuisanceAtEdge(points: CellSummary[], nuisanceValues: readonly ParamValue[]): CellSummary[] {
  if (nuisanceValues.length < 3 || nuisanceValues.some((v) => typeof v !== "number")) return [];
  const numbers = nuisanceValues as number[];
  const lo = Math.min(...numbers);
  const hi = Math.max(...numbers);
  return points.filter((p) => {
    const v = numbers[p.nuisanceIndex];
    return Number.isFinite(p.mean) && (v === lo || v === hi);
  });
}
