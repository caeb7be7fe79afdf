/**
 * A comparison's runs as CSV (RFC 4180, as the study's CSV export writes it), in long form: one row
 * per run and epoch, with the value under study, the nuisance value, the seed and the epoch's
 * losses, metrics and learning rate, so that a spreadsheet or pandas can group it any way.
 */
import { csvField } from "../export/csv";
import { taskOfBase } from "../study/study-config";
import type { CompareSettings } from "./settings";

/** What the CSV needs of one epoch. */
export interface CompareCsvEpoch {
  epoch: number;
  lr: number;
  trainLoss: number;
  valLoss: number;
  trainMetric: number;
  valMetric: number;
}

/** What the CSV needs of one run. */
export interface CompareCsvRun {
  valueIndex: number;
  nuisanceIndex: number;
  seed: number;
  /** "done", "failed", "training" or "waiting": a run not yet ended has the epochs it has so far. */
  status: string;
  epochs: readonly CompareCsvEpoch[];
}

/** The header and rows; runs without an epoch have one row with their status only. */
export function compareRunsCsv(s: CompareSettings, runs: readonly CompareCsvRun[]): string {
  const metric = taskOfBase(s.base) === "regression" ? "rmse" : "accuracy";
  const header = [
    s.param,
    ...(s.nuisance ? [s.nuisance] : []),
    "seed",
    "status",
    "epoch",
    "learning_rate",
    "train_loss",
    "val_loss",
    `train_${metric}`,
    `val_${metric}`,
  ];
  const lines = [header.map(csvField).join(",")];
  for (const run of runs) {
    const value = s.values[run.valueIndex];
    if (value === undefined)
      throw new Error(`Run value index ${run.valueIndex} is outside the ${s.values.length} values`);
    const head = [value, ...(s.nuisance ? [s.nuisanceValues[run.nuisanceIndex]] : []), run.seed, run.status];
    const rows = run.epochs.length > 0 ? run.epochs : [null];
    for (const e of rows) {
      const cells = e
        ? [e.epoch, e.lr, e.trainLoss, e.valLoss, e.trainMetric, e.valMetric]
        : [null, null, null, null, null, null];
      lines.push([...head, ...cells].map((v) => csvField(v)).join(","));
    }
  }
  return lines.join("\r\n") + "\r\n";
}
