/** Text of the live readouts: plain numbers a person (and a test) can read back. */

/** A loss or metric with four decimals ("0.9521"); "–" before there is one. */
export function formatMetric(v: number | null | undefined): string {
  if (v === null || v === undefined) return "–";
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e6 ? v.toExponential(3) : v.toFixed(4);
}

/** A duration as "45 s", "3 min 20 s" or "1 h 5 min". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A learning rate as typed in the controls would show it (0.03, 1e-5). */
export function formatRate(v: number): string {
  if (v === 0) return "0";
  return v >= 1e-3 ? String(Number(v.toPrecision(4))) : v.toExponential(2).replace(/\.?0+e/, "e");
}
