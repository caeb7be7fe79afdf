/** Words and numbers of the list of studies: sampler names, dates and best values as a person reads them. */
import type { Direction } from "../../../core/search/types";
import { formatMetric } from "../../format";

const SAMPLER_LABELS: Record<string, string> = {
  grid: "Grid",
  random: "Random",
  qmc: "Quasi-random (Sobol)",
  tpe: "TPE",
  gp: "Gaussian process",
};

/** The search strategy of a sampler name ("tpe" → "TPE"); an unknown name as it is. */
export function samplerLabel(name: string): string {
  return SAMPLER_LABELS[name] ?? name;
}

const DATE_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const TIME_FORMAT = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

/** A stored time (ms since 1970) as a local date and a local time, e.g. ["1 Mar 2025", "10:30"]. */
export function formatDateTime(ms: number): [string, string] {
  if (!Number.isFinite(ms)) return ["–", ""];
  const date = new Date(ms);
  return [DATE_FORMAT.format(date), TIME_FORMAT.format(date)];
}

/**
 * A dataset label cut for two lines at its first ", ": the dataset's name, then its details
 * ("Spiral", "500 points"); a label without details is all name.
 */
export function splitDatasetLabel(label: string): [string, string] {
  const at = label.indexOf(", ");
  return at < 0 ? [label, ""] : [label.slice(0, at), label.slice(at + 2)];
}

/** "lower is better" / "higher is better". */
export function directionWords(direction: Direction): string {
  return direction === "minimize" ? "lower is better" : "higher is better";
}

/** A study's best value for the table, "–" before any trial completes. */
export function formatBest(value: number | undefined): string {
  return formatMetric(value);
}
