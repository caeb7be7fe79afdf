/**
 * What the renderer's threads do during parallel trials on WebAssembly: a Chromium trace (V8 garbage
 * collection and compilation categories) of N trials on one or two workers, the thread CPU time of
 * its complete events summed per thread name and event name, per trial. Nested events count twice,
 * so read the names as "where", not as a partition; ThreadPool_RunTask is the whole of a V8
 * background task. With --js-flags "--trace-deopt" (or "--trace-opt") and DEBUG=pw:browser, V8's
 * own log of what it (de)optimises and why goes to stderr; --no-minify keeps the functions' names.
 *
 *   npx tsx bench/train/thread-trace.ts [--trials N] [--workers 1|2] [--case small-trial|medium-trial]
 *       [--epochs N] [--dense-method fused|transposed [--host-kernels on|off]] [--js-flags "..."]
 *       [--no-minify] [--keep]
 */
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { chromiumArgs, chromiumPath } from "../../e2e/chromium";
import type { DenseMethod } from "../../workers/dense-op";
import { parallelTrialCases, type ThroughputCase } from "./cases";
import { serveBenchPage } from "./serve";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

interface TraceEvent {
  ph: string;
  name: string;
  cat: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

async function main(): Promise<void> {
  const trials = Number(arg("--trials", "16"));
  const workers = Number(arg("--workers", "1"));
  const caseId = arg("--case", "small-trial");
  const jsFlags = arg("--js-flags", "");
  const found = parallelTrialCases(false).find((c) => c.id === caseId);
  if (!found) throw new Error(`Unknown case "${caseId}"`);
  const trial = { ...found, epochs: Number(arg("--epochs", String(found.epochs))) };
  const server = await serveBenchPage({ minify: !process.argv.includes("--no-minify") });
  const args = jsFlags ? [...chromiumArgs, `--js-flags=${jsFlags}`] : chromiumArgs;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args });
  const traceFile = join(tmpdir(), `tunelab-thread-trace-${process.pid}.json`);
  try {
    const page = await browser.newPage();
    await page.goto(server.pageUrl);
    await page.waitForFunction(() => "trainBench" in window);
    // --dense-method: one worker forced to that dense product (bench/train/dense-method.worker.ts).
    const method = arg("--dense-method", "") as DenseMethod | "";
    if (method) {
      const host = arg("--host-kernels", "");
      await page.evaluate((a) => window.trainBench.openDenseMethods("wasm", [a.method], [a.trial], a.host), {
        method,
        trial,
        host: host === "" ? null : host === "on",
      });
    } else {
      await page.evaluate((t) => window.trainBench.openPool(2, [t as ThroughputCase]), trial);
    }
    await browser.startTracing(page, {
      path: traceFile,
      categories: [
        "v8",
        "v8.wasm",
        "disabled-by-default-v8.gc",
        "disabled-by-default-v8.compile",
        "toplevel",
        "devtools.timeline",
      ],
    });
    const started = performance.now();
    if (method) {
      for (let i = 0; i < trials; i++) {
        await page.evaluate((a) => window.trainBench.runDenseMethod(a.method, a.trial), { method, trial });
      }
    } else {
      await page.evaluate(
        (a) => window.trainBench.runParallel(a.workers, a.perWorker, a.trial as ThroughputCase),
        { workers, perWorker: Math.ceil(trials / workers), trial },
      );
    }
    const wall = performance.now() - started;
    await browser.stopTracing();
    const { traceEvents } = JSON.parse(readFileSync(traceFile, "utf8")) as { traceEvents: TraceEvent[] };
    const threadNames = new Map<string, string>();
    for (const e of traceEvents) {
      if (e.ph === "M" && e.name === "thread_name") threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? "?");
    }
    const n = workers * Math.ceil(trials / workers);
    const byKey = new Map<string, { ms: number; count: number }>();
    for (const e of traceEvents) {
      if (e.ph !== "X" || e.dur === undefined) continue;
      const thread = (threadNames.get(`${e.pid}:${e.tid}`) ?? "?").replace(/\d+$/, "");
      const key = `${thread} | ${e.name}`;
      const entry = byKey.get(key) ?? { ms: 0, count: 0 };
      entry.ms += (e.tdur ?? e.dur) / 1000;
      entry.count++;
      byKey.set(key, entry);
    }
    console.log(`${n} ${trial.id}s on ${workers} worker(s) in ${wall.toFixed(0)} ms; per trial:`);
    const rows = [...byKey.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40);
    for (const [key, { ms, count }] of rows) {
      console.log(`  ${(ms / n).toFixed(2).padStart(8)} ms  ${(count / n).toFixed(1).padStart(7)}×  ${key}`);
    }
  } finally {
    await browser.close();
    await server.close();
    if (process.argv.includes("--keep")) console.log(`trace kept in ${traceFile}`);
    else rmSync(traceFile, { force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
