import { describe, expect, it } from "vitest";
import { timeUnitFor, trialTimeline } from "./timeline";
import type { PlotTrial, PlotTrialState } from "./trials";

function trial(number: number, state: PlotTrialState, timing: Partial<PlotTrial>): PlotTrial {
  return { number, state, params: {}, intermediate: {}, ...timing };
}

const T0 = 1_700_000_000_000;

describe("trialTimeline", () => {
  const trials = [
    trial(0, "complete", { startedAt: T0, endedAt: T0 + 5000, worker: 1, value: 0.3 }),
    trial(1, "pruned", { startedAt: T0 + 100, endedAt: T0 + 2000, worker: 0, reason: "median" }),
    trial(2, "running", { startedAt: T0 + 2100, worker: 0 }),
    trial(3, "interrupted", { startedAt: T0 + 5100, worker: 1 }),
    trial(4, "failed", { startedAt: T0 + 6000, endedAt: T0 + 6500 }),
    trial(5, "running", {}),
  ];

  it("has one lane per worker in index order, unassigned trials last", () => {
    const data = trialTimeline(trials, T0 + 9000);
    expect(data.lanes).toEqual([
      { worker: 0, label: "Worker 0" },
      { worker: 1, label: "Worker 1" },
      { worker: null, label: "No worker" },
    ]);
    expect(data.bars.map((b) => [b.number, b.lane])).toEqual([
      [0, 1],
      [1, 0],
      [2, 0],
      [3, 1],
      [4, 2],
    ]);
  });

  it("measures from the first start and closes running bars at now", () => {
    const data = trialTimeline(trials, T0 + 9000);
    expect(data.origin).toBe(T0);
    const bar = (n: number) => data.bars.find((b) => b.number === n)!;
    expect(bar(0)).toEqual({
      number: 0,
      lane: 1,
      state: "complete",
      start: 0,
      end: 5000,
      open: false,
      value: 0.3,
    });
    expect(bar(1).reason).toBe("median");
    expect(bar(2)).toMatchObject({ start: 2100, end: 9000, open: true });
    expect(bar(3)).toMatchObject({ start: 5100, end: 5100, open: false });
    expect(data.span).toBe(9000);
    expect(data.untimed).toEqual([5]);
  });

  it("never lets a running bar end before it started when the clock lags", () => {
    const data = trialTimeline([trial(0, "running", { startedAt: T0 })], T0 - 50);
    expect(data.bars[0]).toMatchObject({ start: 0, end: 0, open: true });
  });

  it("is empty without timed trials", () => {
    expect(trialTimeline([trial(0, "running", {})], T0)).toEqual({
      origin: 0,
      span: 0,
      lanes: [],
      bars: [],
      untimed: [0],
    });
  });

  it("rejects an end before the start, a bad worker and a bad now, naming the trial", () => {
    expect(() => trialTimeline([trial(3, "complete", { startedAt: T0, endedAt: T0 - 1 })], T0)).toThrow(
      /Trial 3: endedAt \(1699999999999\) must be .* not before startedAt/,
    );
    expect(() => trialTimeline([trial(4, "complete", { startedAt: T0, worker: 1.5 })], T0)).toThrow(
      /Trial 4: worker must be an integer >= 0, got 1.5/,
    );
    expect(() => trialTimeline([], Number.NaN)).toThrow(/now must be a finite time in ms, got NaN/);
  });
});

describe("timeUnitFor", () => {
  it("labels short runs in seconds, longer in minutes, then hours", () => {
    expect(timeUnitFor(0).unit).toBe("s");
    expect(timeUnitFor(180_000).unit).toBe("s");
    expect(timeUnitFor(180_001)).toEqual({ unit: "min", ms: 60_000 });
    expect(timeUnitFor(4 * 3_600_000)).toEqual({ unit: "h", ms: 3_600_000 });
    expect(() => timeUnitFor(-1)).toThrow(/got -1/);
  });
});
