/**
 * Item 5 of the benchmark suite: main-thread long tasks while a study runs. An init script records
 * every PerformanceObserver "longtask" entry (the measure the issue names) and every
 * "long-animation-frame" entry with its scripts (which say what ran); the scripts are mapped back to
 * source files through the build's hidden source maps, so a long task names its cause.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import type { Page } from "playwright-core";
import { REPO_ROOT } from "../train/serve";
import { lineColumnAt } from "./stats";

export interface LongTaskEntry {
  startTime: number;
  duration: number;
}

export interface FrameScript {
  invoker: string;
  invokerType: string;
  sourceURL: string;
  sourceFunctionName: string;
  sourceCharPosition: number;
  duration: number;
  forcedStyleAndLayoutDuration: number;
}

export interface LongFrameEntry {
  startTime: number;
  duration: number;
  blockingDuration: number;
  /** Time spent in style and layout at the end of the frame. */
  renderMs: number;
  scripts: FrameScript[];
}

interface Recorded {
  longTasks: LongTaskEntry[];
  frames: LongFrameEntry[];
}

/** Installed before the page's own scripts: records long tasks and long animation frames from the start. */
export function installLongTaskRecorder(): void {
  const w = window as unknown as { __perfBench: Recorded };
  w.__perfBench = { longTasks: [], frames: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      w.__perfBench.longTasks.push({ startTime: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const f = e as PerformanceEntry & {
          blockingDuration: number;
          renderStart: number;
          scripts: (FrameScript & { startTime: number })[];
        };
        w.__perfBench.frames.push({
          startTime: f.startTime,
          duration: f.duration,
          blockingDuration: f.blockingDuration,
          renderMs: f.renderStart > 0 ? f.startTime + f.duration - f.renderStart : 0,
          scripts: f.scripts.map((s) => ({
            invoker: s.invoker,
            invokerType: s.invokerType,
            sourceURL: s.sourceURL,
            sourceFunctionName: s.sourceFunctionName,
            sourceCharPosition: s.sourceCharPosition,
            duration: s.duration,
            forcedStyleAndLayoutDuration: s.forcedStyleAndLayoutDuration,
          })),
        });
      }
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch {
    // Older browsers have no long-animation-frame entries: the long tasks alone are still recorded.
  }
}

/** What the recorder has so far, and the page's clock now. */
export async function readRecorded(page: Page): Promise<Recorded & { now: number }> {
  return page.evaluate(() => {
    const r = (window as unknown as { __perfBench: Recorded }).__perfBench;
    return { longTasks: [...r.longTasks], frames: [...r.frames], now: performance.now() };
  });
}

/** The page clock now. */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Maps a script position of the build (its URL on the preview server) to a source file and line. */
export class SourceLocator {
  private readonly maps = new Map<string, { map: TraceMap; text: string } | null>();
  constructor(private readonly outDir: string) {}

  /** "src/app/x.svelte:12 (fn)", or the built file's name and offset when no map says more. */
  locate(sourceURL: string, charPosition: number): string {
    if (!sourceURL) return "(no script: style, layout or a browser task)";
    let path: string;
    try {
      path = new URL(sourceURL).pathname.replace(/^\//, "");
    } catch {
      return sourceURL;
    }
    if (!this.maps.has(path)) {
      try {
        const text = readFileSync(join(this.outDir, path), "utf8");
        const map = new TraceMap(readFileSync(join(this.outDir, `${path}.map`), "utf8"));
        this.maps.set(path, { map, text });
      } catch {
        this.maps.set(path, null);
      }
    }
    const entry = this.maps.get(path);
    if (!entry || charPosition < 0 || charPosition > entry.text.length) return `${path}@${charPosition}`;
    const { line, column } = lineColumnAt(entry.text, charPosition);
    const pos = originalPositionFor(entry.map, { line, column });
    if (!pos.source) return `${path}@${charPosition}`;
    // Sources are relative to the map, which sits in a temporary folder: name them from the repository.
    const absolute = resolve(dirname(join(this.outDir, path)), pos.source);
    const source = relative(REPO_ROOT, absolute).replace(/^.*node_modules\//, "node_modules/");
    return `${source}:${pos.line}${pos.name ? ` (${pos.name})` : ""}`;
  }
}

export interface Cause {
  where: string;
  invoker: string;
  count: number;
  totalMs: number;
  maxMs: number;
}

/** The scripts of the long frames, grouped by where they start, longest total first. */
export function causesOf(frames: readonly LongFrameEntry[], locator: SourceLocator): Cause[] {
  const byKey = new Map<string, Cause>();
  for (const f of frames) {
    const scripts = f.scripts.length
      ? f.scripts
      : [
          {
            invoker: "rendering",
            invokerType: "",
            sourceURL: "",
            sourceFunctionName: "",
            sourceCharPosition: -1,
            duration: f.renderMs,
            forcedStyleAndLayoutDuration: 0,
          },
        ];
    for (const s of scripts) {
      const where = locator.locate(s.sourceURL, s.sourceCharPosition);
      // The server's origin (a random port) and query strings would split one cause into many.
      const invoker = s.invoker.replace(/https?:\/\/[^/\s]+\//g, "").replace(/\?[^ ]*/, "");
      const key = `${where}|${invoker}`;
      const c = byKey.get(key) ?? { where, invoker, count: 0, totalMs: 0, maxMs: 0 };
      c.count++;
      c.totalMs += s.duration;
      c.maxMs = Math.max(c.maxMs, s.duration);
      byKey.set(key, c);
    }
  }
  return [...byKey.values()].sort((a, b) => b.totalMs - a.totalMs);
}
