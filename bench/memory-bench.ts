/**
 * Memory benchmark (item 7 of the suite), in headless Chromium on the app's production build: a
 * 200-trial study of a tiny model run through the app's page, sampled every few seconds: the page's
 * JavaScript heap after a full garbage collection (CDP), its DOM nodes, live tensors in each
 * training worker (read from TensorFlow.js's engine in the worker) and the renderer's resident
 * memory. Reports the growth per trial after the first 20 trials; then closes the study ("New
 * study"), runs a second one of the same size and closes it too, and compares the page's heap after
 * each with the heap before the first: what a study leaves behind once it is closed.
 *
 *   npx tsx bench/memory-bench.ts [--trials N] [--write | --no-write]
 * A run of 200 trials writes BENCHMARKS.md unless --no-write; another count only with --write.
 */
import { join } from "node:path";
import { chromium, type CDPSession, type Page } from "playwright-core";
import { chromiumArgs, chromiumPath } from "../e2e/chromium";
import { TINY_QUERY } from "./study/cases";
import { machineLine, watchLoad } from "./study/machine";
import { heapGroups, heapGrowth, takeHeapSnapshot, type HeapGroup } from "./study/heap-snapshot";
import {
  growthPerTrial,
  leftBehind,
  leftBehindText,
  memoryAimText,
  spreadSamples,
  tensorHalves,
  type TensorReading,
  type Growth,
  type MemorySample,
} from "./study/memory";
import { fmtMB } from "./study/stats";
import {
  backendInUse,
  defineStudy,
  openPlayground,
  pressRun,
  studyStatus,
  trialsEnded,
  waitForFinished,
  waitUntil,
} from "./study/ui";
import { rendererRssBytes } from "./train/cpu-usage";
import { updateBenchmarksFile } from "./train/report";
import { log } from "./train/runs";
import { buildAndServe, REPO_ROOT } from "./train/serve";

const HEADING = "## Memory over a long study";
const SAMPLE_EVERY_MS = 250;
const TENSOR_READING_MS = 20;

const WARM_UP_TRIALS = 20;
/** Studies run after the first, each closed, to see what closed studies leave in the heap. */
const LATER_STUDIES = 2;

function parseArgs(argv: string[]): { trials: number; write: boolean | undefined } {
  let trials = 200;
  let write: boolean | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--write") write = true;
    else if (arg === "--no-write") write = false;
    else if (arg === "--trials") {
      trials = Number(argv[++i]);
      if (!Number.isInteger(trials) || trials < 2 * WARM_UP_TRIALS) {
        throw new Error(
          `--trials needs an integer of at least ${2 * WARM_UP_TRIALS}, got "${argv[i] ?? ""}"`,
        );
      }
    } else
      throw new Error(
        `Unknown argument "${arg}" (the options are listed at the top of bench/memory-bench.ts)`,
      );
  }
  return { trials, write };
}

interface WorkerMemory {
  tensors: number | null;
  bytes: number | null;
  heap: number | null;
}

/** Elements under each chart and table of the page, by its accessible name. */
function domByPart(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll("[role=img][aria-label], table[aria-label], canvas[aria-label]")].map(
        (el) => [el.getAttribute("aria-label") ?? "", el.querySelectorAll("*").length + 1],
      ),
    ),
  );
}

function trainingWorkers(page: Page) {
  return page.workers().filter((w) => /train\.worker/.test(w.url()));
}

/** Run inside a training worker: its live tensors and their bytes, and its JavaScript heap. */
function workerMemory(): WorkerMemory {
  // TensorFlow.js keeps its engine on the global object; the worker's own module scope is out of reach.
  const engine = (globalThis as { _tfengine?: { state?: { numTensors: number; numBytes: number } } })
    ._tfengine;
  const memory = (performance as { memory?: { usedJSHeapSize: number } }).memory;
  return {
    tensors: engine?.state?.numTensors ?? null,
    bytes: engine?.state?.numBytes ?? null,
    heap: memory?.usedJSHeapSize ?? null,
  };
}

async function takeSample(page: Page, cdp: CDPSession, startedAt: number): Promise<MemorySample> {
  const trials = await trialsEnded(page);
  const workers = await Promise.all(
    // Training workers only: the dashboard's analysis worker (parameter importance) holds no tensors.
    trainingWorkers(page).map((w) =>
      w.evaluate(workerMemory).catch((): WorkerMemory => ({ tensors: null, bytes: null, heap: null })),
    ),
  );
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = await cdp.send("Runtime.getHeapUsage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  return {
    seconds: (Date.now() - startedAt) / 1000,
    trials,
    pageHeapBytes: heap.usedSize,
    domNodes: metrics.find((m) => m.name === "Nodes")?.value ?? NaN,
    workerTensors: workers.map((w) => w.tensors),
    workerTensorBytes: workers.map((w) => w.bytes),
    workerHeapBytes: workers.map((w) => w.heap),
    rendererRssBytes: rendererRssBytes(),
  };
}

const list = (values: readonly (number | null)[], f: (v: number) => string) =>
  values.length ? values.map((v) => (v === null ? "–" : f(v))).join(", ") : "no workers";

function growthCell(g: Growth | null, unit: (v: number) => string): string {
  if (!g) return "–";
  const sign = g.perTrial >= 0 ? "+" : "−";
  return `${sign}${unit(Math.abs(g.perTrial))} per trial (${unit(g.first)} → ${unit(g.last)})`;
}

/** Fewest and most live tensors in any worker once the warm-up is over: 0 between trials, the model's inside one. */
function tensorRange(samples: readonly MemorySample[]): string {
  const counts = samples
    .filter((s) => s.trials >= WARM_UP_TRIALS)
    .flatMap((s) => s.workerTensors)
    .filter((n): n is number => n !== null);
  return counts.length ? `${Math.min(...counts)}, ${Math.max(...counts)} (${counts.length} readings)` : "–";
}

/** The page's JavaScript heap after a full garbage collection (bytes). */
async function collectedHeap(cdp: CDPSession): Promise<number> {
  await cdp.send("HeapProfiler.collectGarbage");
  return (await cdp.send("Runtime.getHeapUsage")).usedSize;
}

/** "New study", as a person closes a finished study; waits for the new draft's Run button. */
async function closeStudy(page: Page): Promise<void> {
  await page.getByRole("button", { name: "New study", exact: true }).first().click();
  const run = page.getByRole("button", { name: "Run", exact: true });
  await waitUntil(
    async () => (await run.count()) === 1 && (await run.isEnabled()),
    "the new draft's Run",
    60_000,
  );
  // The dashboard and the closed study's workers go with the old study.
  await waitUntil(
    async () => trainingWorkers(page).length === 0,
    "the closed study's workers to end",
    60_000,
  );
}

/** The same study again, from the draft "New study" made: its budget, Run, until it finishes. */
async function runAgain(page: Page, trials: number): Promise<void> {
  await page.getByLabel("Trials", { exact: true }).fill(String(trials));
  await page.getByLabel("Workers", { exact: true }).selectOption("2");
  await pressRun(page);
  await waitForFinished(page, 60 * 60_000);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const write = options.write ?? options.trials === 200;
  const started = performance.now();
  const load = watchLoad();
  log("building and serving the app (production build)…");
  const server = await buildAndServe();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (err) => log(`page error: ${err.message}`));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    await openPlayground(page, server.baseUrl, TINY_QUERY);
    await defineStudy(page, options.trials, 2);
    const heapBefore = await collectedHeap(cdp);
    log(`memory: a ${options.trials}-trial study of the tiny model through the page…`);
    const runAt = Date.now();
    await pressRun(page);
    // Live tensors read every few tens of milliseconds besides the samples, so some readings fall
    // between two trials, where a tensor left behind by every trial would show.
    const tensorReadings: TensorReading[] = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const counts = await Promise.all(
          trainingWorkers(page).map((w) =>
            w.evaluate(workerMemory).then(
              (m) => m.tensors,
              () => null,
            ),
          ),
        );
        if (counts.length > 0) tensorReadings.push({ seconds: (Date.now() - runAt) / 1000, counts });
        await new Promise((r) => setTimeout(r, TENSOR_READING_MS));
      }
    })();
    const samples: MemorySample[] = [];
    let maxWorkers = 0;
    let backend = "";
    // A heap snapshot once the warm-up is well over, and one at the end, to name what grows.
    let early: { trials: number; groups: Map<string, HeapGroup>; dom: Record<string, number> } | null = null;
    for (;;) {
      const status = await studyStatus(page);
      const sample = await takeSample(page, cdp, runAt);
      maxWorkers = Math.max(maxWorkers, sample.workerTensors.length);
      if (sample.workerTensors.length > 0) {
        samples.push(sample);
        if (!/^[a-z]/i.test(backend)) backend = await backendInUse(page);
        log(
          `  ${sample.trials} trials: heap ${fmtMB(sample.pageHeapBytes)}, tensors ${list(sample.workerTensors, String)}`,
        );
      }
      if (early === null && sample.trials >= 2 * WARM_UP_TRIALS && status !== "Finished") {
        early = {
          trials: await trialsEnded(page),
          groups: heapGroups(await takeHeapSnapshot(cdp)),
          dom: await domByPart(page),
        };
      }
      if (status === "Paused" || status === "Stopped") throw new Error(`The study ended "${status}"`);
      if (status === "Finished") break;
      if (Date.now() - runAt > 60 * 60_000) throw new Error("The study did not finish within an hour");
      await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
    }
    reading = false;
    await reader;
    const end = await takeSample(page, cdp, runAt);
    const grown =
      early === null ? [] : heapGrowth(early.groups, heapGroups(await takeHeapSnapshot(cdp))).slice(0, 10);
    const domAtEnd = await domByPart(page);
    const stored = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? null);
    const heapAtEnd = await collectedHeap(cdp);
    log(`closing the study (New study), then ${LATER_STUDIES} more of the same size, each closed too…`);
    await closeStudy(page);
    const closed = [{ atEnd: heapAtEnd, closed: await collectedHeap(cdp) }];
    const firstClosed = heapGroups(await takeHeapSnapshot(cdp));
    for (let i = 0; i < LATER_STUDIES; i++) {
      await runAgain(page, options.trials);
      const atEnd = await collectedHeap(cdp);
      await closeStudy(page);
      closed.push({ atEnd, closed: await collectedHeap(cdp) });
    }
    const left = leftBehind(
      firstClosed,
      heapGroups(await takeHeapSnapshot(cdp)),
      LATER_STUDIES * options.trials,
    );

    const pageHeapGrowth = growthPerTrial(samples, (s) => s.pageHeapBytes, WARM_UP_TRIALS);
    const domGrowth = growthPerTrial(samples, (s) => s.domNodes, WARM_UP_TRIALS);
    const rssGrowth = growthPerTrial(samples, (s) => s.rendererRssBytes, WARM_UP_TRIALS);
    const kb = (v: number) => `${(v / 1000).toFixed(1)} KB`;
    const minutes = (performance.now() - started) / 60_000;
    const section = [
      HEADING,
      "",
      `Produced by \`npm run bench:memory\` (bench/memory-bench.ts) on ${machineLine(browser.version())} · ` +
        `1-min load average ${load.describe()}; ${minutes.toFixed(1)} min in all. The app's production build, ` +
        `driven as a person does: the playground with \`${TINY_QUERY}\`, "Tune this", ${options.trials} trials on ` +
        `2 workers (TPE, median pruner), Run. Every ${SAMPLE_EVERY_MS / 1000} s: live tensors in each training ` +
        "worker (TensorFlow.js's engine), the page's JavaScript heap after a full garbage collection " +
        "(CDP HeapProfiler.collectGarbage, Runtime.getHeapUsage), DOM nodes, and the resident memory of the " +
        `renderer processes (page, workers and WebAssembly memory); and every ${TENSOR_READING_MS} ms the live tensors ` +
        "alone, so that some readings fall between two trials. Growth is a least-squares slope over the " +
        `samples after the first ${WARM_UP_TRIALS} trials.`,
      "",
      `| backend | trials | live tensors per worker | tensors per worker after trial ${WARM_UP_TRIALS}: fewest, most (a sample falls between trials or inside one) | page heap, growth | DOM nodes, growth | renderer resident memory, growth | training workers left after the study | IndexedDB used at the end |`,
      "| --- | ---: | --- | --- | --- | --- | --- | ---: | ---: |",
      `| ${backend || "unknown"} | ${end.trials} | ${list(samples[samples.length - 1]?.workerTensors ?? [], String)} | ` +
        `**${tensorRange(samples)}** | **${growthCell(pageHeapGrowth, kb)}** | ` +
        `${growthCell(domGrowth, (v) => v.toFixed(1))} | ${growthCell(rssGrowth, kb)} | ${end.workerTensors.length} | ` +
        `${stored === null ? "–" : fmtMB(stored)} |`,
      "",
      "What a study leaves behind once it is closed: the page's heap (after a full garbage collection) on the " +
        `study page before the first study, then at the end of each ${options.trials}-trial study and after ` +
        `"New study" closed it, for the first study and ${LATER_STUDIES} more run after it in the same page. A leak ` +
        "would show as a heap that climbs from one closed study to the next.",
      "",
      `| before the first study | ${closed.map((_, i) => `study ${i + 1} at its end | study ${i + 1} closed`).join(" | ")} |`,
      `| ---: | ${closed.map(() => "---: | ---:").join(" | ")} |`,
      `| ${fmtMB(heapBefore)} | ${closed.map((c) => `${fmtMB(c.atEnd)} | ${fmtMB(c.closed)}`).join(" | ")} |`,
      "",
      leftBehindText(left, LATER_STUDIES, options.trials),
      "",
      memoryAimText(
        tensorHalves(
          tensorReadings,
          samples.find((x) => x.trials >= WARM_UP_TRIALS)?.seconds ?? Number.POSITIVE_INFINITY,
        ),
        WARM_UP_TRIALS,
        pageHeapGrowth?.perTrial ?? null,
        left,
      ),
      "",
      "| seconds | trials ended | page heap | DOM nodes | tensors per worker | tensor bytes per worker | worker heaps | renderer resident |",
      "| ---: | ---: | ---: | ---: | --- | --- | --- | ---: |",
      ...spreadSamples(samples, 11).map(
        (s) =>
          `| ${s.seconds.toFixed(0)} | ${s.trials} | ${fmtMB(s.pageHeapBytes)} | ${s.domNodes} | ` +
          `${list(s.workerTensors, String)} | ${list(s.workerTensorBytes, kb)} | ${list(s.workerHeapBytes, fmtMB)} | ` +
          `${s.rendererRssBytes === null ? "–" : fmtMB(s.rendererRssBytes)} |`,
      ),
      "",
      ...(early === null
        ? ["(No heap snapshot was taken: the study ended before the warm-up was over.)"]
        : [
            `What grew in the page's heap from trial ${early.trials} to the end (two heap snapshots, after garbage collection; objects by constructor, closures by name, the rest by kind):`,
            "",
            "| what | more objects | more bytes (self) | bytes per trial |",
            "| --- | ---: | ---: | ---: |",
            ...grown.map(
              (g) =>
                `| ${g.name.replace(/\|/g, "\\|") || "(anonymous)"} | ${g.count} | ${kb(g.selfBytes)} | ` +
                `${(g.selfBytes / Math.max(1, end.trials - early!.trials)).toFixed(0)} B |`,
            ),
            "",
            `Elements under each chart and table of the page, at trial ${early.trials} and at the end:`,
            "",
            "| part | elements then | at the end | per trial |",
            "| --- | ---: | ---: | ---: |",
            ...Object.entries(domAtEnd)
              .sort((a, b) => b[1] - (early!.dom[b[0]] ?? 0) - (a[1] - (early!.dom[a[0]] ?? 0)))
              .map(
                ([name, n]) =>
                  `| ${name} | ${early!.dom[name] ?? 0} | ${n} | ` +
                  `${((n - (early!.dom[name] ?? 0)) / Math.max(1, end.trials - early!.trials)).toFixed(1)} |`,
              ),
          ]),
      "",
    ].join("\n");
    console.log("\n" + section);
    if (maxWorkers === 0) log("warning: no training worker was ever seen; the tensor counts are missing");
    if (write) {
      updateBenchmarksFile(join(REPO_ROOT, "BENCHMARKS.md"), section, HEADING);
      log(`wrote the "${HEADING.slice(3)}" section of BENCHMARKS.md`);
    } else log("BENCHMARKS.md left unchanged (a run of another length writes it only with --write)");
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
