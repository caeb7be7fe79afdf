/** The machine line every section of the app benchmarks starts with, and the 1-minute load average. */
import { availableParallelism, loadavg } from "node:os";
import { describeMachine } from "../train/report";

export interface LoadWatch {
  /** Samples the 1-minute load average now. */
  sample(): void;
  /** "0.4 at start, 1.2–1.9 during, 1.7 at the end", marked when it exceeded the core count. */
  describe(): string;
}

/** Starts watching the load average: one sample now and one every 15 s until `describe()`. */
export function watchLoad(): LoadWatch {
  const samples = [loadavg()[0]];
  const timer = setInterval(() => samples.push(loadavg()[0]), 15_000);
  timer.unref();
  return {
    sample: () => void samples.push(loadavg()[0]),
    describe() {
      clearInterval(timer);
      samples.push(loadavg()[0]);
      const during = samples.slice(1, -1);
      const range = during.length
        ? `, ${Math.min(...during).toFixed(1)}–${Math.max(...during).toFixed(1)} during`
        : "";
      const text = `${samples[0].toFixed(1)} at start${range}, ${samples[samples.length - 1].toFixed(1)} at the end`;
      // More runnable jobs than cores: other work shared the machine, so the figures are noisy.
      return Math.max(...samples) > availableParallelism() ? `${text} — **measured under load**` : text;
    },
  };
}

/** "2026-11-22 07:40 UTC · AMD EPYC, 2 cores, 24 GiB · Chromium … (headless) · Node …". */
export function machineLine(chromiumVersion: string): string {
  const m = describeMachine(chromiumVersion, loadavg()[0]);
  return `${m.date} · ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · Chromium ${m.chromium} (headless) · Node ${m.node}`;
}
