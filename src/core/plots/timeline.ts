/**
 * Timeline: when each trial ran and on which worker, one lane per worker, so a person can see
 * whether the workers are busy and how long trials take. Times are relative to the first start.
 */
import {
  byNumber,
  checkTrials,
  describe,
  isFiniteNumber,
  type PlotTrial,
  type PlotTrialState,
} from "./trials";

export interface TimelineLane {
  /** Worker index, or null for trials recorded without one. */
  worker: number | null;
  label: string;
}

export interface TimelineBar {
  number: number;
  /** Index into `lanes`. */
  lane: number;
  state: PlotTrialState;
  /** Milliseconds since `origin`. */
  start: number;
  end: number;
  /** Still running: `end` is "now" and will move. */
  open: boolean;
  value?: number;
  reason?: string;
}

export interface TimelineData {
  /** Epoch milliseconds of the earliest start (0 when no trial has a start time). */
  origin: number;
  /** Milliseconds from origin to the latest end (or now, while trials run). */
  span: number;
  lanes: TimelineLane[];
  /** By start time. */
  bars: TimelineBar[];
  /** Numbers of the trials that have no start time and so cannot be placed. */
  untimed: number[];
}

/** Extracts the timeline bars of the trials; `now` (epoch ms) closes the bars of running trials. */
export function trialTimeline(trials: readonly PlotTrial[], now: number): TimelineData {
  checkTrials(trials);
  if (!isFiniteNumber(now))
    throw new Error(`Timeline: now must be a finite time in ms, got ${describe(now)}`);
  const timed: PlotTrial[] = [];
  const untimed: number[] = [];
  for (const t of byNumber(trials)) {
    if (t.startedAt === undefined) {
      untimed.push(t.number);
      continue;
    }
    if (!isFiniteNumber(t.startedAt)) {
      throw new Error(
        `Trial ${t.number}: startedAt must be a finite time in ms, got ${describe(t.startedAt)}`,
      );
    }
    if (t.endedAt !== undefined && !(isFiniteNumber(t.endedAt) && t.endedAt >= t.startedAt)) {
      throw new Error(
        `Trial ${t.number}: endedAt (${describe(t.endedAt)}) must be a finite time not before startedAt (${t.startedAt})`,
      );
    }
    if (t.worker !== undefined && !(Number.isInteger(t.worker) && t.worker >= 0)) {
      throw new Error(`Trial ${t.number}: worker must be an integer >= 0, got ${describe(t.worker)}`);
    }
    timed.push(t);
  }
  const origin = timed.length === 0 ? 0 : Math.min(...timed.map((t) => t.startedAt as number));
  const workers = [...new Set(timed.map((t) => t.worker ?? null))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a - b,
  );
  const lanes = workers.map((w) => ({ worker: w, label: w === null ? "No worker" : `Worker ${w}` }));
  const bars = timed.map((t): TimelineBar => {
    const start = (t.startedAt as number) - origin;
    const open = t.state === "running" && t.endedAt === undefined;
    // A trial that stopped without an end time (e.g. interrupted by a reload) gets a zero-width bar.
    const endAt = t.endedAt ?? (open ? Math.max(now, t.startedAt as number) : (t.startedAt as number));
    const bar: TimelineBar = {
      number: t.number,
      lane: workers.indexOf(t.worker ?? null),
      state: t.state,
      start,
      end: endAt - origin,
      open,
    };
    if (isFiniteNumber(t.value)) bar.value = t.value;
    if (t.reason !== undefined) bar.reason = t.reason;
    return bar;
  });
  bars.sort((a, b) => a.start - b.start || a.number - b.number);
  return { origin, span: bars.reduce((m, b) => Math.max(m, b.end), 0), lanes, bars, untimed };
}

export interface TimeUnit {
  unit: "s" | "min" | "h";
  /** Milliseconds per unit. */
  ms: number;
}

/** The unit in which to label a time axis spanning `spanMs`: seconds up to 3 minutes, minutes up to 3 hours, then hours. */
export function timeUnitFor(spanMs: number): TimeUnit {
  if (!(spanMs >= 0)) throw new Error(`A time span must be >= 0 ms, got ${describe(spanMs)}`);
  if (spanMs <= 3 * 60_000) return { unit: "s", ms: 1000 };
  if (spanMs <= 3 * 3_600_000) return { unit: "min", ms: 60_000 };
  return { unit: "h", ms: 3_600_000 };
}
