/**
 * CPU time and resident memory of the browser's renderer processes, read from /proc (Linux only).
 * Dedicated workers and V8's shared background threads (compilation, garbage collection) all live in
 * the renderer, so its CPU time over a wall-clock span says how many cores one worker's training
 * really keeps busy.
 */
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS_PER_SEC = 100; // USER_HZ: 100 on every Linux architecture Chromium ships for.

function readProc(pid: string, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return null; // The process ended while we looked.
  }
}

/** [parent pid, user + system ticks] from /proc/<pid>/stat (the command name may hold spaces). */
function parentAndTicks(stat: string): [number, number] {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return [Number(fields[1]), Number(fields[11]) + Number(fields[12])];
}

/** Pids and CPU ticks of the Chromium renderer processes started by this Node process, or null without /proc. */
function ourRenderers(): { pid: number; ticks: number }[] | null {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  const renderers: number[] = [];
  for (const pid of pids) {
    const stat = readProc(pid, "stat");
    if (!stat) continue;
    const [ppid, t] = parentAndTicks(stat);
    parent.set(Number(pid), ppid);
    ticks.set(Number(pid), t);
    if (readProc(pid, "cmdline")?.includes("--type=renderer")) renderers.push(Number(pid));
  }
  const ours = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p && hops < 16; p = parent.get(p), hops++) {
      if (p === process.pid) return true;
    }
    return false;
  };
  return renderers.filter(ours).map((pid) => ({ pid, ticks: ticks.get(pid) ?? 0 }));
}

/**
 * Seconds of CPU used so far by the Chromium renderer processes started by this Node process, or
 * null where /proc is not available.
 */
export function rendererCpuSeconds(): number | null {
  const renderers = ourRenderers();
  return renderers === null ? null : renderers.reduce((sum, r) => sum + r.ticks, 0) / CLOCK_TICKS_PER_SEC;
}

/** Thread name prefix Chromium gives a dedicated worker's thread (/proc shows the first 15 characters). */
const WORKER_THREAD = "DedicatedWorker";

/** Calls `visit` with the name and CPU ticks of every live thread of process `pid` (none if it has gone). */
function forEachThread(pid: number, visit: (name: string, ticks: number) => void): void {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  for (const tid of tids) {
    const stat = readProc(`${pid}/task/${tid}`, "stat");
    if (!stat) continue;
    visit(stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), parentAndTicks(stat)[1]);
  }
}

/**
 * Seconds of CPU used so far by the renderers' dedicated-worker threads (the trainers themselves)
 * and by all their other threads (V8's shared background threads for garbage collection and
 * compilation, the page's main thread, the compositor...), or null where /proc is not available.
 */
export function rendererThreadCpuSeconds(): { workers: number; other: number } | null {
  const renderers = ourRenderers();
  if (renderers === null) return null;
  let workers = 0;
  let all = 0;
  for (const { pid, ticks } of renderers) {
    all += ticks;
    forEachThread(pid, (name, threadTicks) => {
      if (name.startsWith(WORKER_THREAD)) workers += threadTicks;
    });
  }
  return { workers: workers / CLOCK_TICKS_PER_SEC, other: (all - workers) / CLOCK_TICKS_PER_SEC };
}

/**
 * Seconds of CPU used so far by the renderers' threads, summed by thread name (Chromium names them:
 * the page's main thread carries the executable's name (see rendererMainThreadCpuSeconds), DedicatedWorker a worker, "V8 DefaultWorke" V8's shared
 * background threads for garbage collection and compilation, ThreadPoolForeg/ThreadPoolBackg the
 * task pool, Compositor, Chrome_ChildIOT the IO thread...), or null where /proc is not available.
 * Threads that ended since an earlier reading drop out, so compare readings of one run only.
 */
export function rendererCpuSecondsByThread(): Map<string, number> | null {
  const renderers = ourRenderers();
  if (renderers === null) return null;
  const byName = new Map<string, number>();
  for (const { pid } of renderers) {
    forEachThread(pid, (name, ticks) => {
      byName.set(name, (byName.get(name) ?? 0) + ticks / CLOCK_TICKS_PER_SEC);
    });
  }
  return byName;
}

/**
 * Seconds of CPU used so far by the renderers' main threads (the thread whose id is the process's:
 * /proc names it after the executable, not CrRendererMain), where the page's own JavaScript runs;
 * null where /proc is not available.
 */
export function rendererMainThreadCpuSeconds(): number | null {
  const renderers = ourRenderers();
  if (renderers === null) return null;
  let ticks = 0;
  for (const { pid } of renderers) {
    const stat = readProc(`${pid}/task/${pid}`, "stat");
    if (stat) ticks += parentAndTicks(stat)[1];
  }
  return ticks / CLOCK_TICKS_PER_SEC;
}

/**
 * Resident memory (bytes) of the Chromium renderer processes started by this Node process: the page,
 * its workers and their WebAssembly memory all live there. Null where /proc is not available.
 */
export function rendererRssBytes(): number | null {
  const renderers = ourRenderers();
  if (renderers === null) return null;
  let total = 0;
  for (const { pid } of renderers) {
    const kb = readProc(String(pid), "status")?.match(/^VmRSS:\s+(\d+) kB/m)?.[1];
    if (kb) total += Number(kb) * 1024;
  }
  return total;
}
