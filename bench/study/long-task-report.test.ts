import { describe, expect, it } from "vitest";
import {
  longTaskAimText,
  longTaskSection,
  parseWorkerCounts,
  type LongTaskOutcome,
} from "./long-task-report";
import { summarizeDurations } from "./stats";

function outcome(
  workers: number,
  durations: number[],
  overrides: Partial<LongTaskOutcome> = {},
): LongTaskOutcome {
  return {
    workers,
    run: 1,
    trials: 20,
    backend: "wasm",
    studyMs: 31_200,
    during: summarizeDurations(durations),
    before: summarizeDurations([292, 60]),
    mainThreadBusyShare: 0.25,
    causes: [],
    longFrames: 0,
    ...overrides,
  };
}

describe("parseWorkerCounts", () => {
  it("reads a comma-separated list of worker counts, in order", () => {
    expect(parseWorkerCounts("2,1")).toEqual([2, 1]);
    expect(parseWorkerCounts(" 1 ")).toEqual([1]);
  });

  it("refuses a count that is not a whole number from 1 to 8, or one named twice, quoting the text", () => {
    expect(() => parseWorkerCounts("0")).toThrow(/"0"/);
    expect(() => parseWorkerCounts("2,x")).toThrow(/"2,x"/);
    expect(() => parseWorkerCounts("1.5")).toThrow(/whole numbers/);
    expect(() => parseWorkerCounts("9")).toThrow(/1 to 8/);
    expect(() => parseWorkerCounts("")).toThrow(/got ""/);
    expect(() => parseWorkerCounts("2,2")).toThrow(/twice: "2,2"/);
  });
});

describe("longTaskSection", () => {
  it("has one row per run, with its worker count and the long tasks over 50 ms in bold", () => {
    const lines = longTaskSection([outcome(2, [60, 100, 40]), outcome(1, [30])]);
    expect(lines[0]).toMatch(/^\| workers \| run \| trials \|/);
    expect(lines[2]).toBe(
      "| 2 | 1 | 20 | wasm | 31.2 s | **2** | 100 ms | 60.0 ms | 200 ms | 25.0 % | 2 (longest 292 ms) |",
    );
    expect(lines[3]).toMatch(/^\| 1 \| 1 \| 20 \| wasm \| 31\.2 s \| \*\*0\*\* \| 30\.0 ms \|/);
    // No causes recorded: no causes table.
    expect(lines).toHaveLength(4);
  });

  it("lists each run's causes under a line naming its worker count, at most ten", () => {
    const causes = Array.from({ length: 12 }, (_, i) => ({
      where: `src/app/x.ts:${i + 1}`,
      invoker: "FrameRequestCallback",
      count: 1,
      totalMs: 60 - i,
      maxMs: 60 - i,
    }));
    const lines = longTaskSection([
      outcome(2, [70], { causes, longFrames: 12 }),
      outcome(1, [], { causes: causes.slice(0, 1), longFrames: 1 }),
    ]);
    const intro2 = lines.findIndex((l) =>
      l.includes("12 long animation frames during the study on 2 workers, run 1 "),
    );
    const intro1 = lines.findIndex((l) =>
      l.includes("1 long animation frame during the study on 1 worker, run 1 "),
    );
    expect(intro2).toBeGreaterThan(0);
    expect(intro1).toBeGreaterThan(intro2);
    const rows2 = lines.slice(intro2, intro1).filter((l) => l.startsWith("| src/"));
    expect(rows2).toHaveLength(10);
    expect(rows2[0]).toBe("| src/app/x.ts:1 | FrameRequestCallback | 1 | 60.0 | 60.0 |");
    expect(lines.slice(intro1).filter((l) => l.startsWith("| src/"))).toHaveLength(1);
  });
});

describe("longTaskAimText", () => {
  it("says the aim is met when no run on any worker count has a long task over 50 ms", () => {
    const text = longTaskAimText([
      outcome(2, [30]),
      outcome(1, []),
      outcome(2, [], { run: 2 }),
      outcome(1, [45], { run: 2 }),
      outcome(2, [], { run: 3 }),
    ]);
    expect(text).toBe(
      "Against the aim (no main-thread task over 50 ms while the study runs): on 2 workers, 0, 0 and 0 long " +
        "tasks over 50 ms in 3 runs: the aim is met in every run; on 1 worker, 0 and 0 long tasks over 50 ms " +
        "in 2 runs: the aim is met in every run.",
    );
  });

  it("names the runs that missed it and their longest task", () => {
    const text = longTaskAimText([
      outcome(2, [68, 61]),
      outcome(2, [], { run: 2 }),
      outcome(2, [55], { run: 3 }),
      outcome(1, [20]),
    ]);
    expect(text).toContain(
      "on 2 workers, 2, 0 and 1 long tasks over 50 ms in 3 runs: the aim is missed in runs 1 and 3 (longest 68.0 ms)",
    );
    expect(text).toContain("on 1 worker, 0 long tasks over 50 ms in 1 run: the aim is met.");
  });

  it("refuses an empty list of runs", () => {
    expect(() => longTaskAimText([])).toThrow(/No long-task run/);
  });
});
