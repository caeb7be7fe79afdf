/**
 * The long-task part of the study benchmark's section: one row per run (several runs on 2 workers,
 * as the issue names it, and on 1 worker, which leaves a core free for the page, so the difference
 * shows how much of the long tasks is the page competing with training for the CPU), a sentence
 * holding every run against the aim, then what ran in each run's long animation frames.
 */
import type { Cause } from "./long-tasks";
import { fmtMs, fmtPercent, type DurationSummary } from "./stats";

export interface LongTaskOutcome {
  workers: number;
  /** 1 for the first run on this many workers, 2 for the second, ... */
  run: number;
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
    "| workers | run | trials | backend | study time | long tasks (> 50 ms) during the study | longest | median | total | main thread busy | long tasks while the page loaded and the study was set up |",
    "| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...outcomes.map(
      (o) =>
        `| ${o.workers} | ${o.run} | ${o.trials} | ${o.backend} | ${(o.studyMs / 1000).toFixed(1)} s | **${o.during.over}** | ` +
        `${fmtMs(o.during.maxMs)} ms | ${fmtMs(o.during.medianMs)} ms | ${fmtMs(o.during.totalMs)} ms | ` +
        `${fmtPercent(o.mainThreadBusyShare)} | ${o.before.count} (longest ${fmtMs(o.before.maxMs)} ms) |`,
    ),
  ];
  for (const o of outcomes) {
    if (o.causes.length === 0) continue;
    lines.push(
      "",
      `What ran in the ${o.longFrames} long animation frame${o.longFrames === 1 ? "" : "s"} during the study on ` +
        `${o.workers} worker${o.workers === 1 ? "" : "s"}, run ${o.run} (scripts grouped by where they start, through the build's source maps; longest total first):`,
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

/**
 * Every run against item 5's aim (no long task over 50 ms during the study), by worker count in
 * the order the runs were made: "On 2 workers: 0, 0 and 0 long tasks over 50 ms in 3 runs; ...".
 */
export function longTaskAimText(outcomes: readonly LongTaskOutcome[]): string {
  if (outcomes.length === 0) throw new Error("No long-task run to hold against the aim");
  const counts = [...new Set(outcomes.map((o) => o.workers))];
  const parts = counts.map((workers) => {
    const runs = outcomes.filter((o) => o.workers === workers);
    const overs = runs.map((o) => o.during.over);
    const listed =
      overs.length === 1 ? `${overs[0]}` : `${overs.slice(0, -1).join(", ")} and ${overs[overs.length - 1]}`;
    const missed = runs.filter((o) => o.during.over > 0);
    const verdict =
      missed.length === 0
        ? runs.length === 1
          ? "the aim is met"
          : "the aim is met in every run"
        : `the aim is missed in ${missed.length === runs.length ? "every run" : `run${missed.length === 1 ? "" : "s"} ${missed.map((o) => o.run).join(" and ")}`} ` +
          `(longest ${fmtMs(Math.max(...missed.map((o) => o.during.maxMs)))} ms)`;
    return `on ${workers} worker${workers === 1 ? "" : "s"}, ${listed} long task${overs.length === 1 && overs[0] === 1 ? "" : "s"} over 50 ms in ${runs.length} run${runs.length === 1 ? "" : "s"}: ${verdict}`;
  });
  const text = parts.join("; ");
  return `Against the aim (no main-thread task over 50 ms while the study runs): ${text}.`;
}
