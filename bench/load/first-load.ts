/**
 * Item 6 of the benchmark suite, in the page: what the page fetched (Resource Timing, same origin so
 * sizes are exposed), when the playground's controls were ready (Train enabled), and how the first
 * input was handled (Event Timing).
 */
import type { Page, Worker } from "playwright-core";

export interface FetchedResource {
  url: string;
  initiatorType: string;
  /** Bytes of the body as sent (compressed). */
  encodedBytes: number;
  decodedBytes: number;
  responseEnd: number;
}

export interface LoadTiming {
  resources: FetchedResource[];
  firstContentfulPaint: number | null;
  domContentLoaded: number;
  /** When the Train button first existed and was enabled. */
  controlsReady: number | null;
  firstInput: { startTime: number; processingStart: number; processingEnd: number; name: string } | null;
  /** The longest event-timing entry of the interactions (their time to the next paint). */
  longestEventMs: number;
  longTasks: number[];
}

/** Installed before the page's scripts: notes when Train is enabled, and the first input and events. */
export function installLoadRecorder(): void {
  const w = window as unknown as {
    __loadBench: { controlsReady: number | null; events: number[]; longTasks: number[] };
  };
  w.__loadBench = { controlsReady: null, events: [], longTasks: [] };
  // No named inner functions: the bench runs through tsx, whose name-keeping helper does not exist in the page.
  const observer = new MutationObserver(() => {
    const train = [...document.querySelectorAll("button")].find((b) => b.textContent?.trim() === "Train");
    if (!train || train.disabled) return;
    w.__loadBench.controlsReady = performance.now();
    observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__loadBench.events.push(e.duration);
  }).observe({ type: "event", buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__loadBench.longTasks.push(e.duration);
  }).observe({ type: "longtask", buffered: true });
}

/** Reads what the recorder and the browser's timelines hold. */
export async function readLoadTiming(page: Page): Promise<LoadTiming> {
  return page.evaluate(() => {
    const r = (
      window as unknown as {
        __loadBench: { controlsReady: number | null; events: number[]; longTasks: number[] };
      }
    ).__loadBench;
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const resources = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).map((e) => ({
      url: e.name,
      initiatorType: e.initiatorType,
      encodedBytes: e.encodedBodySize,
      decodedBytes: e.decodedBodySize,
      responseEnd: e.responseEnd,
    }));
    if (nav) {
      resources.unshift({
        url: nav.name,
        initiatorType: "navigation",
        encodedBytes: nav.encodedBodySize,
        decodedBytes: nav.decodedBodySize,
        responseEnd: nav.responseEnd,
      });
    }
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    const fi = performance.getEntriesByType("first-input")[0] as PerformanceEventTiming | undefined;
    return {
      resources,
      firstContentfulPaint: fcp ? fcp.startTime : null,
      domContentLoaded: nav ? nav.domContentLoadedEventEnd : NaN,
      controlsReady: r.controlsReady,
      firstInput: fi
        ? {
            startTime: fi.startTime,
            processingStart: fi.processingStart,
            processingEnd: fi.processingEnd,
            name: fi.name,
          }
        : null,
      longestEventMs: Math.max(0, ...r.events),
      longTasks: [...r.longTasks],
    };
  });
}

/** Whether a fetched URL is JavaScript (a script or a module preload). */
export function isJavaScript(url: string): boolean {
  return /\.m?js$/.test(new URL(url).pathname);
}

/** A worker the load started: its script's URL and what it fetched itself (its own Resource Timing). */
export interface WorkerFetches {
  url: string;
  resources: FetchedResource[];
}

/**
 * Splits what the load fetched into the page's own scripts and the workers' scripts. A worker's
 * main script is fetched by the page (it shows in the page's Resource Timing) but runs off the
 * main thread; what a worker imports shows only in the worker's own timeline.
 */
export function splitByThread(
  pageResources: readonly FetchedResource[],
  workers: readonly WorkerFetches[],
): { page: FetchedResource[]; workers: FetchedResource[] } {
  const workerUrls = new Set(workers.map((w) => w.url));
  const page = pageResources.filter((r) => isJavaScript(r.url) && !workerUrls.has(r.url));
  const seen = new Set<string>();
  const inWorkers: FetchedResource[] = [];
  for (const w of workers) {
    const own = pageResources.find((r) => r.url === w.url);
    for (const r of [...(own ? [own] : []), ...w.resources]) {
      if (!isJavaScript(r.url) && !/\.wasm$/.test(new URL(r.url).pathname)) continue;
      if (seen.has(r.url)) continue;
      seen.add(r.url);
      inWorkers.push(r);
    }
  }
  return { page, workers: inWorkers };
}

/** The resources a worker fetched, read from inside the worker. */
export async function readWorkerFetches(worker: Worker): Promise<WorkerFetches> {
  const resources = await worker.evaluate(() =>
    (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).map((e) => ({
      url: e.name,
      initiatorType: e.initiatorType,
      encodedBytes: e.encodedBodySize,
      decodedBytes: e.decodedBodySize,
      responseEnd: e.responseEnd,
    })),
  );
  return { url: worker.url(), resources };
}
