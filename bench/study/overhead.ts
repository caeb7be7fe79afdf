/**
 * Item 4 of the benchmark suite: the study's own cost per trial against the training time, from the
 * measurements of the study-overhead page (page.ts). Pure, so the arithmetic is unit-tested.
 */
import { DB_WRITES, ENGINE_CALLS, type StudyRunMeasurement } from "./measurement";
import { fmtMs, fmtPercent } from "./stats";
import { sum, workerGaps } from "./timing";

export interface OverheadCase {
  label: string;
  measurement: StudyRunMeasurement;
  /** CPU time of the page's main thread over the run, all its work (read from /proc), or null where unknown. */
  mainThreadCpuMs?: number | null;
}

export interface OverheadSummary {
  label: string;
  trials: number;
  epochs: number;
  states: string;
  backend: string;
  /** Mean training time per trial: the page's train() call to its result, epoch callbacks included. */
  trainMsPerTrial: number;
  /** Per trial: ask, report, shouldPrune, tell, trial, toJSON of the engine (main thread). */
  engineMsPerTrial: number;
  /** The same, per engine call, in ENGINE_CALLS order. */
  engineByCall: Record<string, number>;
  /** History writes (one IndexedDB transaction each) per trial. */
  dbWritesPerTrial: number;
  /** Per trial: the history writes from call to commit (mostly waiting on IndexedDB, off the main thread). */
  dbMsPerTrial: number;
  /** Per trial: the synchronous part of those writes (main thread). */
  dbSyncMsPerTrial: number;
  /**
   * Per trial: the IndexedDB calls on the main thread (transaction, put, add, get..., cloning
   * included) made after the writes' synchronous part, once they awaited: main-thread work of the
   * writes that their synchronous part misses, counted in the main-thread share.
   */
  idbCallsMsPerTrial: number;
  /** Per trial: how many IndexedDB calls the page made (each costs the main thread about the same, however little it stores). */
  idbCallsPerTrial: number;
  /** Per trial: the epoch callbacks the worker waits for (store the report, ask the pruner). */
  callbackMsPerTrial: number;
  /** Per trial: the time a worker waits between two of its trials. */
  gapMsPerTrial: number;
  /** (engine + the writes' synchronous part + their later IndexedDB calls) / training: the study's main-thread time, aim < 1 %. */
  mainThreadShare: number;
  /** (engine + the writes from call to commit) / training: counts IndexedDB's own work in full. */
  withCommitShare: number;
  /** (callbacks + worker gaps) / training: the time the workers lose to the study. */
  workerLossShare: number;
  /**
   * The page main thread's whole CPU time over the run / training: everything it did, the workers'
   * epoch messages and the timing itself included (null where /proc is not available).
   */
  mainThreadCpuShare: number | null;
}

const totalOf = (times: Record<string, number[]>, names: readonly string[]): number =>
  sum(names.map((n) => sum(times[n] ?? [])));

/** Per-trial figures of one run of the study-overhead page. */
export function summarizeOverhead(c: OverheadCase): OverheadSummary {
  const m = c.measurement;
  if (m.error !== null) throw new Error(`The ${c.label} study ended on an error: ${m.error}`);
  if (m.trials === 0 || m.spans.length === 0) throw new Error(`The ${c.label} study trained no trial`);
  const perTrial = (ms: number) => ms / m.trials;
  const trainMs = sum(m.spans.map((s) => s.end - s.start));
  const engineMs = totalOf(m.engine, ENGINE_CALLS);
  const dbMs = totalOf(m.db, DB_WRITES);
  const dbSyncMs = totalOf(
    m.db,
    DB_WRITES.map((n) => `${n}:sync`),
  );
  const gapMs = sum(workerGaps(m.spans));
  const callbackMs = sum(m.epochCallbacks);
  const engineByCall: Record<string, number> = {};
  for (const n of ENGINE_CALLS) engineByCall[n] = perTrial(sum(m.engine[n] ?? []));
  return {
    label: c.label,
    trials: m.trials,
    epochs: m.epochs,
    states: Object.entries(m.states)
      .map(([s, n]) => `${n} ${s}`)
      .join(", "),
    backend: m.backend?.name ?? "unknown",
    trainMsPerTrial: trainMs / m.spans.length,
    engineMsPerTrial: perTrial(engineMs),
    engineByCall,
    dbWritesPerTrial: perTrial(sum(DB_WRITES.map((n) => m.db[n]?.length ?? 0))),
    dbMsPerTrial: perTrial(dbMs),
    dbSyncMsPerTrial: perTrial(dbSyncMs),
    idbCallsMsPerTrial: perTrial(sum(m.idbCalls ?? [])),
    idbCallsPerTrial: perTrial(m.idbCallCount),
    callbackMsPerTrial: perTrial(callbackMs),
    gapMsPerTrial: perTrial(gapMs),
    mainThreadShare: (engineMs + dbSyncMs + sum(m.idbCalls ?? [])) / trainMs,
    withCommitShare: (engineMs + dbMs) / trainMs,
    workerLossShare: (callbackMs + gapMs) / trainMs,
    mainThreadCpuShare: c.mainThreadCpuMs == null ? null : c.mainThreadCpuMs / trainMs,
  };
}

/** Several runs of one study case: the run of median main-thread share, and every run's share in order. */
export interface OverheadRuns {
  median: OverheadSummary;
  /** Each run's main-thread share, in the order they ran (the first is the first study after the page loaded). */
  shares: number[];
}

/** The run of median main-thread share (the lower middle one of an even count) and the shares in run order. */
export function medianRun(runs: readonly OverheadSummary[]): OverheadRuns {
  if (runs.length === 0) throw new Error("No run of the study to summarise");
  const sorted = [...runs].sort((a, b) => a.mainThreadShare - b.mainThreadShare);
  return { median: sorted[Math.floor((sorted.length - 1) / 2)], shares: runs.map((r) => r.mainThreadShare) };
}

/** The markdown table of item 4: each case's median run, and every run's share. */
export function overheadTable(cases: readonly OverheadRuns[]): string {
  const lines = [
    "| study | trials (epochs) | backend | training ms/trial | engine ms/trial | history writes/trial " +
      "| writes' synchronous part ms/trial | IndexedDB calls/trial | writes' later IndexedDB calls (cloning included) ms/trial " +
      "| writes' call-to-commit ms/trial | study ÷ training, main thread " +
      "| study ÷ training, counting commits | epoch callbacks ms/trial | worker idle between trials ms/trial " +
      "| workers' time lost | the main thread's whole CPU time ÷ training | every run's main-thread share, in order |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const { median: r, shares } of cases) {
    lines.push(
      `| ${r.label} | ${r.trials} (${r.epochs}): ${r.states} | ${r.backend} | ${fmtMs(r.trainMsPerTrial)} | ` +
        `${fmtMs(r.engineMsPerTrial)} | ${r.dbWritesPerTrial.toFixed(2)} | ${fmtMs(r.dbSyncMsPerTrial)} | ` +
        `${r.idbCallsPerTrial.toFixed(1)} | ${fmtMs(r.idbCallsMsPerTrial)} | ` +
        `${fmtMs(r.dbMsPerTrial)} | **${fmtPercent(r.mainThreadShare)}** | ${fmtPercent(r.withCommitShare)} | ` +
        `${fmtMs(r.callbackMsPerTrial)} | ${fmtMs(r.gapMsPerTrial)} | ${fmtPercent(r.workerLossShare)} | ` +
        `${r.mainThreadCpuShare === null ? "n/a" : fmtPercent(r.mainThreadCpuShare)} | ` +
        `${shares.map(fmtPercent).join(", ")} |`,
    );
  }
  return lines.join("\n");
}

/** Where the engine's time goes, per trial and call (in each case's median run). */
export function engineCallTable(cases: readonly OverheadRuns[]): string {
  const rows = cases.map((c) => c.median);
  const engineCalls = ENGINE_CALLS;
  return [
    `| study | ${engineCalls.join(" | ")} |`,
    `| --- | ${engineCalls.map(() => "---:").join(" | ")} |`,
    ...rows.map(
      (r) => `| ${r.label} | ${engineCalls.map((n) => fmtMs(r.engineByCall[n] ?? 0)).join(" | ")} |`,
    ),
  ].join("\n");
}

/**
 * The sentence that holds item 4's figures against its aim (under 1 %): the first case is the study
 * a person gets from "Tune this" on the playground's defaults, which the aim is judged on; every
 * case also gets its main-thread cost per trial in milliseconds and the training time per trial
 * from which that cost is under 1 % (100 times it), since the cost hardly depends on the trial's
 * length while the share does.
 */
export function overheadAimText(cases: readonly OverheadRuns[]): string {
  if (cases.length === 0) throw new Error("No study case to hold against the aim");
  const costMs = (r: OverheadSummary): number => r.mainThreadShare * r.trainMsPerTrial;
  const [aim, ...others] = cases.map((c) => c.median);
  const met = aim.mainThreadShare < 0.01;
  const parts = [
    `Against the aim (under 1 %): the ${aim.label.split(" (")[0]} costs the main thread ` +
      `**${fmtPercent(aim.mainThreadShare)}** of its training time in the median run, so the aim is ` +
      `${met ? "**met**" : "**not met**"} (${fmtMs(costMs(aim))} ms a trial against ${fmtMs(aim.trainMsPerTrial)} ms of training).`,
  ];
  for (const r of others) {
    const cost = costMs(r);
    parts.push(
      `The ${r.label.split(" (")[0]}'s trials train in ${fmtMs(r.trainMsPerTrial)} ms and the study costs ` +
        `${fmtMs(cost)} ms a trial (${fmtPercent(r.mainThreadShare)}): that cost is under 1 % of trials that ` +
        `train for ${Math.ceil(cost * 100)} ms or more, so trials this short ${r.mainThreadShare < 0.01 ? "stay under the aim" : "are above it"}.`,
    );
  }
  return parts.join(" ");
}
