/**
 * Comparing studies: each study's best objective value so far over its trial numbers, read from
 * the history, and which studies the History page's link asks to compare.
 */
import { optimizationHistory } from "../../core/plots/history";
import type { Direction } from "../../core/search/types";
import { taskOfStudy, type StudyConfig } from "../../core/study/study-config";
import type { StudyDb, StudyRecord, TrialRecord } from "../db/index";

/** One study's line on the compare chart. */
export interface ComparedStudy {
  id: string;
  name: string;
  direction: Direction;
  /** What the objective is, e.g. "validation loss (best epoch)". */
  objective: string;
  /** The best value after each complete trial, by trial number: a step line. */
  best: { number: number; value: number }[];
  /** The study's highest trial number, where its line ends; null without trials. */
  lastTrial: number | null;
}

/** The objective of a study in words: "validation loss (best epoch)", "validation accuracy (final epoch)". */
export function objectiveLabelOf(config: StudyConfig): string {
  const { metric, reduce } = config.objective;
  let what = "validation loss";
  if (metric === "valMetric") {
    let task: string;
    try {
      task = taskOfStudy(config);
    } catch {
      task = "binary";
    }
    what = task === "regression" ? "validation RMSE" : "validation accuracy";
  }
  return `${what} (${reduce === "best" ? "best" : "final"} epoch)`;
}

/** A study's best-so-far line. */
export function comparedStudyOf(study: StudyRecord, trials: readonly TrialRecord[]): ComparedStudy {
  const plotted = trials.map((t) => ({ ...t, worker: t.workerIndex ?? undefined }));
  const history = optimizationHistory(plotted, study.direction);
  const lastTrial = trials.length === 0 ? null : Math.max(...trials.map((t) => t.number));
  return {
    id: study.id,
    name: study.name,
    direction: study.direction,
    objective: objectiveLabelOf(study.config),
    best: history.best,
    lastTrial,
  };
}

/** The best-so-far lines of the studies `ids` (in that order); ids no longer stored are skipped. */
export async function loadComparison(db: StudyDb, ids: readonly string[]): Promise<ComparedStudy[]> {
  const out: ComparedStudy[] = [];
  for (const id of ids) {
    const [study, trials] = await Promise.all([db.getStudy(id), db.getTrials(id)]);
    if (study) out.push(comparedStudyOf(study, trials));
  }
  return out;
}

/** The study ids in a History link's query ("compare=id1,id2"), without repeats. */
export function compareIdsOf(query: string): string[] {
  const pair = query.split("&").find((p) => p.startsWith("compare="));
  if (pair === undefined) return [];
  let raw: string;
  try {
    raw = decodeURIComponent(pair.slice("compare=".length).replace(/\+/g, " "));
  } catch {
    return [];
  }
  const ids = raw.split(",").map((s) => s.trim());
  return ids.filter((id, i) => id !== "" && ids.indexOf(id) === i);
}

/** The History link's query that compares `ids` (empty when there is nothing to compare). */
export function compareQueryOf(ids: readonly string[]): string {
  return ids.length === 0 ? "" : `compare=${ids.map(encodeURIComponent).join(",")}`;
}
