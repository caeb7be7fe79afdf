/**
 * Study benchmark, in headless Chromium on the app's production build:
 *  4. the study's own cost per trial (engine calls, IndexedDB writes, epoch callbacks, worker idle
 *     time) against the training time, from the app's StudyDriver run on an instrumented page;
 *  5. main-thread long tasks while a 20-trial study runs through the app's own page, with the
 *     scripts behind any long animation frame traced back to source files: on 2 workers (the
 *     issue's study) and on 1, which leaves a core free for the page, to show how much of what is
 *     left is the page competing with training for the machine's 2 cores.
 * Prints a markdown section and writes it into BENCHMARKS.md under "## Studies: overhead and smoothness".
 *
 *   npx tsx bench/study-bench.ts [--quick] [--only overhead|long-tasks] [--workers 2,1] [--long-task-runs N]
 *                                [--write | --no-write]
 * --workers picks the long-task runs' worker counts (2 and 1 by default); each count runs N times
 * (3 by default, 1 with --quick), the counts in turn.
 * A full run writes BENCHMARKS.md unless --no-write; a --quick or --only run only with --write.
 */
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { chromiumArgs, chromiumPath } from "../e2e/chromium";
import { studyOf, defaultBase, tinyBase } from "./study/cases";
import { causesOf, installLongTaskRecorder, pageNow, readRecorded, SourceLocator } from "./study/long-tasks";
import {
  longTaskAimText,
  longTaskSection,
  parseWorkerCounts,
  type LongTaskOutcome,
} from "./study/long-task-report";
import { machineLine, watchLoad } from "./study/machine";
import type { StudyRunMeasurement } from "./study/measurement";
import {
  engineCallTable,
  medianRun,
  overheadAimText,
  overheadTable,
  summarizeOverhead,
  type OverheadRuns,
  type OverheadSummary,
} from "./study/overhead";
import { fmtMs, fmtPercent, summarizeDurations, within } from "./study/stats";
import {
  backendInUse,
  defineStudy,
  openPlayground,
  runButton,
  trialsEnded,
  waitForFinished,
} from "./study/ui";
import { rendererMainThreadCpuSeconds } from "./train/cpu-usage";
import { updateBenchmarksFile } from "./train/report";
import { log } from "./train/runs";
import { buildAndServe, REPO_ROOT, type BuiltServer } from "./train/serve";

const HEADING = "## Studies: overhead and smoothness";

interface Options {
  quick: boolean;
  overhead: boolean;
  longTasks: boolean;
  /** The long-task runs' worker counts, in order. */
  workers: number[];
  /** How many long-task runs per worker count (null: 3, or 1 with --quick). */
  longTaskRuns: number | null;
  write: boolean | undefined;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    quick: false,
    overhead: true,
    longTasks: true,
    workers: [2, 1],
    longTaskRuns: null,
    write: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") options.quick = true;
    else if (arg === "--write") options.write = true;
    else if (arg === "--no-write") options.write = false;
    else if (arg === "--workers") options.workers = parseWorkerCounts(argv[++i] ?? "");
    else if (arg === "--long-task-runs") {
      const text = argv[++i] ?? "";
      if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 10) {
        throw new Error(`--long-task-runs takes a whole number from 1 to 10, got "${text}"`);
      }
      options.longTaskRuns = Number(text);
    } else if (arg === "--only") {
      const part = argv[++i];
      if (part !== "overhead" && part !== "long-tasks") {
        throw new Error(`--only takes "overhead" or "long-tasks", got "${part ?? ""}"`);
      }
      options.overhead = part === "overhead";
      options.longTasks = part === "long-tasks";
    } else
      throw new Error(
        `Unknown argument "${arg}" (the options are listed at the top of bench/study-bench.ts)`,
      );
  }
  return options;
}

/** How many times each study case runs for item 4 (the median run is reported), with --quick and without. */
const OVERHEAD_RUNS = { quick: 1, full: 5 };

/**
 * Item 4: the app's StudyDriver on the instrumented page, `runs` times per study case, in turn (the
 * first run of the first case is the first study after the page loaded, with the code not yet
 * optimised by the JavaScript engine).
 */
async function measureOverhead(browser: Browser, trials: number, runs: number): Promise<OverheadRuns[]> {
  log("building and serving the study-overhead page…");
  const server = await buildAndServe({ input: join(REPO_ROOT, "bench/study/index.html") });
  const page = await browser.newPage();
  page.on("pageerror", (err) => log(`page error: ${err.message}`));
  try {
    await page.goto(new URL("bench/study/index.html", server.baseUrl).href);
    await page.waitForFunction(() => "studyBench" in window);
    const cases = [
      {
        label: `default study (circle 500 points, 4-2 network, 100 epochs), TPE + median pruner`,
        base: defaultBase(),
      },
      { label: `tiny model (circle 200 points, 4 units, 6 epochs), TPE + median pruner`, base: tinyBase() },
    ];
    const byCase = cases.map(() => [] as OverheadSummary[]);
    for (let run = 1; run <= runs; run++) {
      for (const [i, c] of cases.entries()) {
        log(`overhead, run ${run} of ${runs}: ${trials} trials of the ${c.label}…`);
        const config = studyOf(c.base, trials);
        const cpuBefore = rendererMainThreadCpuSeconds();
        const measurement = (await page.evaluate(
          (cfg) => window.studyBench.run(cfg),
          config,
        )) as StudyRunMeasurement;
        const cpuAfter = rendererMainThreadCpuSeconds();
        const mainThreadCpuMs =
          cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) * 1000;
        const row = summarizeOverhead({ label: c.label, measurement, mainThreadCpuMs });
        log(
          `  ${fmtMs(row.trainMsPerTrial)} ms training/trial; study ${fmtPercent(row.mainThreadShare)} ` +
            `(${fmtPercent(row.withCommitShare)} counting commits): per trial, engine ` +
            `${fmtMs(row.engineMsPerTrial)} ms (ask ${fmtMs(row.engineByCall.ask ?? 0)}), writes ` +
            `${fmtMs(row.dbSyncMsPerTrial + row.idbCallsMsPerTrial)} ms; ` +
            `workers lose ${fmtPercent(row.workerLossShare)} (${(measurement.wallMs / 1000).toFixed(1)} s)`,
        );
        byCase[i].push(row);
      }
    }
    return byCase.map(medianRun);
  } finally {
    await page.close();
    await server.close();
  }
}

/** Item 5: a study on `workers` workers through the app's page, with every long task recorded. */
async function measureLongTasks(
  browser: Browser,
  server: BuiltServer,
  trials: number,
  workers: number,
  runNumber: number,
): Promise<LongTaskOutcome> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on("pageerror", (err) => log(`page error: ${err.message}`));
  await page.addInitScript(installLongTaskRecorder);
  try {
    await openPlayground(page, server.baseUrl, "");
    await defineStudy(page, trials, workers);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const busy = async () => {
      const { metrics } = await cdp.send("Performance.getMetrics");
      return metrics.find((m) => m.name === "TaskDuration")?.value ?? NaN;
    };
    log(
      `long tasks, run ${runNumber}: a ${trials}-trial default study on ${workers} worker(s) through the page…`,
    );
    // Found before the clock starts: finding a button by its role walks the page's accessibility
    // tree (~100 ms of the page's main thread), the driver's work, not the app's.
    const run = await runButton(page);
    const busyBefore = await busy();
    const runAt = await pageNow(page);
    await run.click();
    await waitForFinished(page, 30 * 60_000);
    const finishedAt = await pageNow(page);
    const busyAfter = await busy();
    const recorded = await readRecorded(page);
    const duringTasks = within(recorded.longTasks, runAt, finishedAt);
    const duringFrames = within(recorded.frames, runAt, finishedAt).filter((f) => f.blockingDuration > 0);
    const beforeTasks = recorded.longTasks.filter((t) => t.startTime < runAt);
    const outcome: LongTaskOutcome = {
      workers,
      run: runNumber,
      trials: await trialsEnded(page),
      backend: await backendInUse(page),
      studyMs: finishedAt - runAt,
      during: summarizeDurations(duringTasks.map((t) => t.duration)),
      before: summarizeDurations(beforeTasks.map((t) => t.duration)),
      mainThreadBusyShare: ((busyAfter - busyBefore) * 1000) / (finishedAt - runAt),
      causes: causesOf(duringFrames, new SourceLocator(server.outDir)),
      longFrames: duringFrames.length,
    };
    log(
      `  ${outcome.during.count} long tasks during the study, ${outcome.during.over} over 50 ms ` +
        `(longest ${fmtMs(outcome.during.maxMs)} ms)`,
    );
    return outcome;
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const write = options.write ?? (!options.quick && options.overhead && options.longTasks);
  const started = performance.now();
  const load = watchLoad();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const overhead = options.overhead
      ? await measureOverhead(
          browser,
          options.quick ? 8 : 30,
          options.quick ? OVERHEAD_RUNS.quick : OVERHEAD_RUNS.full,
        )
      : null;
    const longTasks: LongTaskOutcome[] = [];
    if (options.longTasks) {
      log("building and serving the app (production build)…");
      const server = await buildAndServe({ hiddenSourcemaps: true });
      try {
        const runs = options.longTaskRuns ?? (options.quick ? 1 : 3);
        for (let run = 1; run <= runs; run++) {
          for (const workers of options.workers) {
            longTasks.push(await measureLongTasks(browser, server, options.quick ? 6 : 20, workers, run));
          }
        }
      } finally {
        await server.close();
      }
    }
    const minutes = (performance.now() - started) / 60_000;
    const parts = [
      HEADING,
      "",
      `Produced by \`npm run bench:study\` (bench/study-bench.ts) on ${machineLine(browser.version())} · ` +
        `1-min load average ${load.describe()}${options.quick ? " · --quick" : ""}; ${minutes.toFixed(1)} min in all.`,
      "",
    ];
    if (overhead) {
      parts.push(
        "**The study's own cost per trial.** The app's StudyDriver runs the study with the app's worker pool " +
          "and IndexedDB history on an instrumented page (bench/study/page.ts; the same production build " +
          "settings as the app): the engine's calls (ask, report, shouldPrune, tell, trial, toJSON) are timed on " +
          "the main thread; each history write (one IndexedDB transaction, which saves every trial start, epoch " +
          "and trial end since the last) for its synchronous part on the main thread, for the IndexedDB calls it " +
          "makes on the main thread after that part (each put or add clones its record there), and from call to " +
          "commit (the study does not wait for commits; IndexedDB works on the browser's own threads meanwhile); " +
          "training is the page's train() call to its result. Each study runs 5 times, the two cases in turn on the " +
          "same page (the first run is the first study after the page loaded, before the JavaScript engine has " +
          "optimised the code); the table shows the run of median main-thread share, and the last column every " +
          "run's share in order. " +
          '"study ÷ training, main thread" is (engine + the writes\' synchronous part + their later IndexedDB ' +
          "calls) ÷ training: the aim is under " +
          '1 %. "counting commits" puts the writes\' whole call-to-commit time in instead, an upper bound. The last ' +
          "columns show what the workers wait for: the per-epoch callback they await (store the report, ask the " +
          'pruner) and their idle time between two trials. "The main thread\'s whole CPU time" is the CPU time /proc ' +
          "gives the page's main thread over the run (in 10 ms ticks) ÷ training: everything it did, the study's " +
          "calls and also receiving every epoch from the workers and answering them, and the timing itself.",
        "",
        overheadTable(overhead),
        "",
        overheadAimText(overhead),
        "",
        "Engine time per trial, by call (ms):",
        "",
        engineCallTable(overhead),
        "",
      );
    }
    if (longTasks.length > 0) {
      parts.push(
        `**Main-thread long tasks during a ${longTasks[0].trials}-trial study.** The app's production build, driven as a ` +
          `person does: playground defaults, "Tune this", ${longTasks[0].trials} trials on ` +
          `${options.workers.join(" or ")} workers, Run, until the status reads ` +
          'Finished. A PerformanceObserver records every "longtask" entry (aim: none over 50 ms); ' +
          "\"main thread busy\" is the renderer main thread's task time (CDP Performance.getMetrics) over the study's time. " +
          "The same study on 1 worker leaves one of the 2 cores to the page: long tasks that remain on 2 workers but not on 1 " +
          "are the page waiting for the CPU, not work of its own. Each worker count runs " +
          `${longTasks.length / options.workers.length} time${longTasks.length === options.workers.length ? "" : "s"}, the counts in turn, each in a fresh page.`,
        "",
        ...longTaskSection(longTasks),
        "",
        longTaskAimText(longTasks),
        "",
      );
    }
    const section = parts.join("\n");
    console.log("\n" + section);
    if (write) {
      updateBenchmarksFile(join(REPO_ROOT, "BENCHMARKS.md"), section, HEADING);
      log(`wrote the "${HEADING.slice(3)}" section of BENCHMARKS.md`);
    } else log("BENCHMARKS.md left unchanged (a partial or --quick run writes it only with --write)");
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
