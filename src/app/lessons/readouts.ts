/** The numbers a lesson's readout table shows for each run, computed from its epoch reports. */
import { argMin, generalisationGap, tailMean } from "../../core/lessons";
import type { RunRecord } from "./experiment.svelte";

export interface ReadoutColumn {
  /** Stable key, used in the page's data attributes (the e2e tests read cells by it). */
  key: string;
  label: string;
  value: (run: RunRecord) => number;
  /** How to show the value; 3 significant digits by default. */
  format?: (v: number) => string;
  /**
   * The text for a run with reports but no value. By default "diverged" (a loss that became NaN);
   * a column whose value comes later (at the run's end) says what to show until then.
   */
  missing?: string;
}

/** Epochs averaged for an end-of-training value, so one noisy epoch does not decide a lesson. */
const TAIL = 3;

const trainLosses = (r: RunRecord) => r.reports.map((e) => e.trainLoss);
const valLosses = (r: RunRecord) => r.reports.map((e) => e.valLoss);

export const finalTrainLoss: ReadoutColumn = {
  key: "final-train-loss",
  label: "Final training loss",
  value: (r) => tailMean(trainLosses(r), TAIL),
};
export const finalValLoss: ReadoutColumn = {
  key: "final-val-loss",
  label: "Final validation loss",
  value: (r) => tailMean(valLosses(r), TAIL),
};
export const trainValGap: ReadoutColumn = {
  key: "gap",
  label: "Gap (val − train)",
  value: (r) => (r.reports.length ? generalisationGap(trainLosses(r), valLosses(r), TAIL) : NaN),
};
export const bestValLoss: ReadoutColumn = {
  key: "best-val-loss",
  label: "Best validation loss",
  value: (r) => {
    const i = argMin(valLosses(r));
    return i < 0 ? NaN : r.reports[i].valLoss;
  },
};
export const bestEpoch: ReadoutColumn = {
  key: "best-epoch",
  label: "Best epoch",
  value: (r) => {
    const i = argMin(valLosses(r));
    return i < 0 ? NaN : r.reports[i].epoch;
  },
  format: String,
};
export const epochsRun: ReadoutColumn = {
  key: "epochs",
  label: "Epochs trained",
  value: (r) => r.reports.length,
  format: String,
};
/** The validation loss of the weights the model ends with (the restored best ones when asked). */
export const keptValLoss: ReadoutColumn = {
  key: "kept-val-loss",
  label: "Val. loss of kept weights",
  value: (r) => r.result?.finalValLoss ?? NaN,
};
export const finalValAccuracy: ReadoutColumn = {
  key: "final-val-accuracy",
  label: "Final val. accuracy",
  value: (r) =>
    tailMean(
      r.reports.map((e) => e.valMetric),
      TAIL,
    ),
  format: (v) => `${(v * 100).toFixed(1)}%`,
};

/** A value as the readout shows it: "—" while unknown, "diverged" when not finite. */
export function formatReadout(column: ReadoutColumn, run: RunRecord): string {
  if (run.reports.length === 0) return "—";
  const v = column.value(run);
  if (!Number.isFinite(v)) return column.missing ?? "diverged";
  return column.format ? column.format(v) : String(Number(v.toPrecision(3)));
}
