/**
 * First-load benchmark (item 6 of the suite), in headless Chromium on the app's production build:
 * the JavaScript the page fetches before its controls are ready (compressed bytes as served; aim
 * under 300 KB, and no TensorFlow.js, which only the training worker may load), and how soon the
 * controls answer: an input sent as soon as the "Learning rate" field exists, timed by Event Timing.
 * Every repetition is a cold load in a fresh browser context.
 *
 *   npx tsx bench/load-bench.ts [--reps N] [--write | --no-write]
 */
import { join } from "node:path";
import { chromium } from "playwright-core";
import { chromiumArgs, chromiumPath } from "../e2e/chromium";
import { builtAssets, type BuiltAsset } from "./load/assets";
import {
  installLoadRecorder,
  readLoadTiming,
  readWorkerFetches,
  splitByThread,
  type FetchedResource,
  type LoadTiming,
  type WorkerFetches,
} from "./load/first-load";
import {
  causesOf,
  installLongTaskRecorder,
  readRecorded,
  SourceLocator,
  type Cause,
} from "./study/long-tasks";
import { machineLine, watchLoad } from "./study/machine";
import { fmtKB, fmtMs } from "./study/stats";
import { waitUntil } from "./study/ui";
import { median } from "./train/measure";
import { updateBenchmarksFile } from "./train/report";
import { log } from "./train/runs";
import { buildAndServe, REPO_ROOT } from "./train/serve";

const HEADING = "## First load";
const BUDGET_BYTES = 300_000;

function parseArgs(argv: string[]): { reps: number; write: boolean } {
  let reps = 5;
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--write") write = true;
    else if (arg === "--no-write") write = false;
    else if (arg === "--reps") {
      reps = Number(argv[++i]);
      if (!Number.isInteger(reps) || reps < 1)
        throw new Error(`--reps needs a positive integer, got "${argv[i] ?? ""}"`);
    } else
      throw new Error(`Unknown argument "${arg}" (the options are listed at the top of bench/load-bench.ts)`);
  }
  return { reps, write };
}

interface LoadRun {
  timing: LoadTiming;
  /** Workers running once the page had settled, with what each fetched. */
  workers: WorkerFetches[];
  /** What ran in the load's long animation frames. */
  causes: Cause[];
}

/** Fetched files, with what the build knows of each. */
function withAssets(resources: FetchedResource[], assets: BuiltAsset[]) {
  return resources.map((r) => {
    const path = new URL(r.url).pathname.replace(/^\//, "");
    return { ...r, path, asset: assets.find((a) => a.path === path) ?? null };
  });
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const load = watchLoad();
  log("building and serving the app (production build)…");
  const server = await buildAndServe({ hiddenSourcemaps: true });
  const assets = builtAssets(server.outDir);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const runs: LoadRun[] = [];
    for (let rep = 1; rep <= options.reps; rep++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.addInitScript(installLoadRecorder);
      await page.addInitScript(installLongTaskRecorder);
      await page.goto(new URL("#/playground", server.baseUrl).href, { waitUntil: "commit" });
      // The first input goes in as soon as the field can take it.
      await page.getByLabel("Learning rate", { exact: true }).click();
      await page.keyboard.press("End");
      await page.keyboard.type("1");
      await waitUntil(
        async () => (await page.evaluate(() => document.readyState)) === "complete",
        "the page's load event",
        60_000,
      );
      await waitUntil(
        async () => (await readLoadTiming(page)).controlsReady !== null,
        "Train enabled",
        60_000,
      );
      await page.waitForTimeout(1000);
      const frames = (await readRecorded(page)).frames.filter((f) => f.blockingDuration > 0);
      const run = {
        timing: await readLoadTiming(page),
        workers: await Promise.all(page.workers().map(readWorkerFetches)),
        causes: causesOf(frames, new SourceLocator(server.outDir)),
      };
      runs.push(run);
      const t = run.timing;
      log(
        `load ${rep}: controls ready at ${fmtMs(t.controlsReady ?? NaN)} ms, first input handled after ` +
          `${fmtMs(t.firstInput ? t.firstInput.processingStart - t.firstInput.startTime : NaN)} ms`,
      );
      await context.close();
    }

    const first = runs[0].timing;
    const split = splitByThread(first.resources, runs[0].workers);
    const allPage = withAssets(split.page, assets);
    const beforeReady = allPage.filter((r) => r.responseEnd <= (first.controlsReady ?? Infinity));
    const inWorkers = withAssets(split.workers, assets);
    const tfjsInWorkers = inWorkers.filter((r) => r.asset?.holdsTfjs);
    const jsBytes = beforeReady.reduce((s, r) => s + r.encodedBytes, 0);
    const jsRaw = beforeReady.reduce((s, r) => s + r.decodedBytes, 0);
    const tfjsOnPage = allPage.filter((r) => r.asset?.holdsTfjs);
    const ms = (pick: (t: LoadTiming) => number | null | undefined) =>
      median(runs.map((r) => pick(r.timing) ?? NaN).filter((x) => Number.isFinite(x)));
    const fi = (t: LoadTiming) => t.firstInput;

    const minutes = (performance.now() - started) / 60_000;
    const fileRows = allPage.map(
      (r) =>
        `| ${r.path} | ${fmtKB(r.encodedBytes)} | ${fmtKB(r.decodedBytes)} | ${r.asset?.holdsTfjs ? "**yes**" : "no"} | ` +
        `${r.responseEnd <= (first.controlsReady ?? Infinity) ? "yes" : "no"} |`,
    );
    const workerRows = inWorkers.map(
      (r) =>
        `| ${r.path} | ${fmtKB(r.encodedBytes)} | ${fmtKB(r.decodedBytes)} | ${r.asset?.holdsTfjs ? "yes" : "no"} |`,
    );
    const fetched = [...allPage, ...inWorkers];
    const deferred = assets.filter((a) => !fetched.some((r) => r.path === a.path));
    const section = [
      HEADING,
      "",
      `Produced by \`npm run bench:load\` (bench/load-bench.ts) on ${machineLine(browser.version())} · ` +
        `1-min load average ${load.describe()}; ${options.reps} cold loads in fresh browser contexts, ` +
        `${minutes.toFixed(1)} min in all. The app's production build is served by \`vite preview\` (gzip), ` +
        'opened at `#/playground`; "controls ready" is when the Train button is first enabled; the first input is ' +
        'a click into "Learning rate" sent as soon as the field exists, then a key press.',
      "",
      "| JavaScript on the page before the controls are ready (gzip as served) | uncompressed | files | TensorFlow.js on the page | workers started by the load (TensorFlow.js in them) | controls ready | first contentful paint | first input sent at | first input's delay | slowest interaction to next paint | long tasks during the load |",
      "| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
      `| **${fmtKB(jsBytes)}** (aim < ${fmtKB(BUDGET_BYTES)}) | ${fmtKB(jsRaw)} | ${beforeReady.length} | ` +
        `${tfjsOnPage.length ? `**yes**: ${tfjsOnPage.map((r) => r.path).join(", ")}` : "no"} | ` +
        `${Math.max(...runs.map((r) => r.workers.length))} (${tfjsInWorkers.length ? `yes: ${tfjsInWorkers.map((r) => r.path).join(", ")}` : "no"}) | ` +
        `${fmtMs(ms((t) => t.controlsReady))} ms | ` +
        `${fmtMs(ms((t) => t.firstContentfulPaint))} ms | ${fmtMs(ms((t) => fi(t)?.startTime))} ms | ` +
        `${fmtMs(ms((t) => (fi(t) ? fi(t)!.processingStart - fi(t)!.startTime : null)))} ms | ` +
        `${fmtMs(ms((t) => t.longestEventMs))} ms | ` +
        `${runs.map((r) => r.timing.longTasks.length).join(", ")} (longest ${fmtMs(Math.max(0, ...runs.flatMap((r) => r.timing.longTasks)))} ms) |`,
      "",
      "Times are medians over the loads, from the start of navigation. The page's JavaScript:",
      "",
      "| file | gzip as served | uncompressed | holds TensorFlow.js | before controls ready |",
      "| --- | ---: | ---: | --- | --- |",
      ...fileRows,
      "",
      "What ran in the long animation frames of the first load (scripts grouped by where they start, through the build's source maps):",
      "",
      "| where | invoked by | times | total ms | longest ms |",
      "| --- | --- | ---: | ---: | ---: |",
      ...runs[0].causes
        .slice(0, 8)
        .map((c) => `| ${c.where} | ${c.invoker} | ${c.count} | ${fmtMs(c.totalMs)} | ${fmtMs(c.maxMs)} |`),
      "",
      "Scripts of the workers the load started (fetched off the main thread; the page never runs them). The capability probe is a training worker that reports which backends work, so it loads TensorFlow.js:",
      "",
      "| file | gzip as served | uncompressed | holds TensorFlow.js |",
      "| --- | ---: | ---: | --- |",
      ...workerRows,
      "",
      "Built JavaScript and WebAssembly the first load does not fetch (gzip -6 computed here); the training worker loads them when training starts:",
      "",
      "| file | gzip | uncompressed | holds TensorFlow.js |",
      "| --- | ---: | ---: | --- |",
      ...deferred
        .slice(0, 12)
        .map(
          (a) => `| ${a.path} | ${fmtKB(a.gzipBytes)} | ${fmtKB(a.bytes)} | ${a.holdsTfjs ? "yes" : "no"} |`,
        ),
      "",
    ].join("\n");
    console.log("\n" + section);
    if (options.write) {
      updateBenchmarksFile(join(REPO_ROOT, "BENCHMARKS.md"), section, HEADING);
      log(`wrote the "${HEADING.slice(3)}" section of BENCHMARKS.md`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
