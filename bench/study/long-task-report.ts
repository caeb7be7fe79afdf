/**
 * The long-task part of the study benchmark's section: one row per run (2 workers, as the issue
 * names it, and 1 worker, which leaves a core free for the page, so the difference shows how much
 * of the long tasks is the page competing with training for the CPU), then what ran in each run's
 * long animation frames.
 */
import type { Cause } from "./long-tasks";
import { fmtMs, fmtPercent, type DurationSummary } from "./stats";

export interface LongTaskOutcome {
  workers: number;
  trials: number;
  backend: string;
  studyMs: number;
  during: DurationSummary;
  before: DurationSummary;
  mainThreadBusyShare: number;
  causes: Cause[];
  longFrames: number;
}

/** The worker counts of the long-task runs: `--workers 2,1` style, each a whole number from 1 to 8, no repeats. */
export function parseWorkerCounts(text: string): number[] {
  const parts = text.split(",").map((p) => p.trim());
  const counts = parts.map(Number);
  for (let i = 0; i < parts.length; i++) {
    if (!/^\d+$/.test(parts[i]) || counts[i] < 1 || counts[i] > 8) {
      throw new Error(`--workers takes whole numbers from 1 to 8 separated by commas, got "${text}"`);
    }
  }
  if (new Set(counts).size !== counts.length) throw new Error(`--workers names a count twice: "${text}"`);
  return counts;
}

/** The runs' table, and per run the scripts behind its long animation frames (the 10 longest in total). */
export function longTaskSection(outcomes: readonly LongTaskOutcome[]): string[] {
  const lines = [
    "| workers | trials | backend | study time | long tasks (> 50 ms) during the study | longest | median | total | main thread busy | long tasks while the page loaded and the study was set up |",
    "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...outcomes.map(
      (o) =>
        `| ${o.workers} | ${o.trials} | ${o.backend} | ${(o.studyMs / 1000).toFixed(1)} s | **${o.during.over}** | ` +
        `${fmtMs(o.during.maxMs)} ms | ${fmtMs(o.during.medianMs)} ms | ${fmtMs(o.during.totalMs)} ms | ` +
        `${fmtPercent(o.mainThreadBusyShare)} | ${o.before.count} (longest ${fmtMs(o.before.maxMs)} ms) |`,
    ),
  ];
  for (const o of outcomes) {
    if (o.causes.length === 0) continue;
    lines.push(
      "",
      `What ran in the ${o.longFrames} long animation frame${o.longFrames === 1 ? "" : "s"} during the study on ` +
        `${o.workers} worker${o.workers === 1 ? "" : "s"} (scripts grouped by where they start, through the build's source maps; longest total first):`,
      "",
      "| where | invoked by | times | total ms | longest ms |",
      "| --- | --- | ---: | ---: | ---: |",
      ...o.causes
        .slice(0, 10)
        .map((c) => `| ${c.where} | ${c.invoker} | ${c.count} | ${fmtMs(c.totalMs)} | ${fmtMs(c.maxMs)} |`),
    );
  }
  return lines;
}
