/** Small pure summaries the study, load and memory benchmarks report. */

export interface DurationSummary {
  count: number;
  /** How many are over the threshold (50 ms for long tasks). */
  over: number;
  totalMs: number;
  maxMs: number;
  medianMs: number;
}

/** Count, total, maximum and median of some durations, and how many exceed `thresholdMs`. */
export function summarizeDurations(durations: readonly number[], thresholdMs = 50): DurationSummary {
  for (const d of durations) {
    if (!Number.isFinite(d) || d < 0) throw new Error(`A duration must be a finite number >= 0, got ${d}`);
  }
  const sorted = [...durations].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return {
    count: sorted.length,
    over: sorted.filter((d) => d > thresholdMs).length,
    totalMs: sorted.reduce((s, d) => s + d, 0),
    maxMs: sorted.length ? sorted[sorted.length - 1] : 0,
    medianMs: sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
  };
}

export interface LinearFit {
  slope: number;
  intercept: number;
}

/** Least-squares straight line through (xs[i], ys[i]); needs two distinct xs. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
  if (xs.length !== ys.length) throw new Error(`linearFit: ${xs.length} xs but ${ys.length} ys`);
  const n = xs.length;
  if (n < 2) throw new Error(`linearFit needs at least 2 points, got ${n}`);
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  if (sxx === 0) throw new Error(`linearFit needs at least two distinct x values, got only ${xs[0]}`);
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** Entries that start within [from, to] (page clock). */
export function within<T extends { startTime: number }>(
  entries: readonly T[],
  from: number,
  to: number,
): T[] {
  return entries.filter((e) => e.startTime >= from && e.startTime <= to);
}

/** 1-based line and 0-based column of a 0-based character offset in `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  if (!Number.isInteger(offset) || offset < 0 || offset > text.length) {
    throw new Error(`Offset ${offset} is outside a text of ${text.length} characters`);
  }
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart };
}

/** Milliseconds with a precision that suits their size. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  if (ms >= 100) return Math.round(ms).toLocaleString("en-US");
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

/** A fraction as a percentage with two significant decimals for small values. */
export function fmtPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return "–";
  const p = fraction * 100;
  return `${p >= 10 ? p.toFixed(1) : p >= 1 ? p.toFixed(2) : p.toFixed(3)} %`;
}

/** Bytes as KB (1,000 bytes), one decimal. */
export function fmtKB(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

/** Bytes as MB (1,000,000 bytes), one decimal. */
export function fmtMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
