import { describe, expect, it } from "vitest";
import {
  growthPerTrial,
  leftBehind,
  leftBehindText,
  memoryAimText,
  spreadSamples,
  tensorHalves,
  type MemorySample,
} from "./memory";

function sample(trials: number, heap: number, tensors: (number | null)[]): MemorySample {
  return {
    seconds: trials,
    trials,
    pageHeapBytes: heap,
    domNodes: 100,
    workerTensors: tensors,
    workerTensorBytes: tensors.map(() => null),
    workerHeapBytes: [null],
    rendererRssBytes: null,
  };
}

describe("growthPerTrial", () => {
  const samples = [
    sample(0, 5_000, [0, 0]),
    sample(20, 10_000, [3, 3]),
    sample(60, 14_000, [3, null]),
    sample(100, 18_000, [3, 3]),
  ];

  it("fits the growth per trial over the samples after the warm-up", () => {
    const g = growthPerTrial(samples, (s) => s.pageHeapBytes, 20);
    expect(g?.perTrial).toBeCloseTo(100, 9);
    expect(g?.first).toBe(10_000);
    expect(g?.last).toBe(18_000);
  });

  it("skips unknown values and says null when too few remain", () => {
    expect(growthPerTrial(samples, (s) => s.workerTensors[1], 20)?.perTrial).toBeCloseTo(0, 12);
    expect(growthPerTrial(samples, (s) => s.workerTensors[1], 60)).toBeNull();
    expect(growthPerTrial(samples, () => null, 0)).toBeNull();
  });
});

describe("spreadSamples", () => {
  it("keeps the first and the last and spreads the rest evenly", () => {
    expect(spreadSamples([0, 1, 2, 3, 4, 5, 6, 7, 8], 3)).toEqual([0, 4, 8]);
    expect(spreadSamples([0, 1], 5)).toEqual([0, 1]);
    expect(() => spreadSamples([0], 1)).toThrow(/at least 2, got 1/);
  });
});

describe("leftBehind", () => {
  const groups = (entries: [string, number][]) =>
    new Map(entries.map(([name, selfBytes]) => [name, { name, count: 1, selfBytes }]));

  it("splits the heap's gain into compiled code and the rest, per trial of the studies between", () => {
    const before = groups([
      ["(code)", 1000],
      ["Object", 500],
      ["(string)", 200],
    ]);
    const after = groups([
      ["(code)", 301_000],
      ["Object", 700],
      ["(string)", 100],
      ["Map", 400],
    ]);
    const left = leftBehind(before, after, 400);
    expect(left).toEqual({ codeBytes: 300_000, otherBytes: 500, otherPerTrial: 1.25 });
    expect(leftBehindText(left, 2, 200)).toBe(
      "From the first study closed to the last (2 more studies of 200 trials run and closed in between; two " +
        "heap snapshots): compiled code +300.0 KB, everything else **+0.5 KB** (+1.3 B per trial of those studies).",
    );
  });

  it("counts groups that went away as a loss, and refuses a trial count that is not a whole number ≥ 1", () => {
    const left = leftBehind(groups([["Object", 2000]]), groups([]), 10);
    expect(left.otherBytes).toBe(-2000);
    expect(leftBehindText(left, 1, 10)).toContain("everything else **−2.0 KB** (−200.0 B per trial");
    expect(() => leftBehind(groups([]), groups([]), 0)).toThrow(/got 0/);
  });
});

describe("tensorHalves and memoryAimText", () => {
  const left = { codeBytes: 400_000, otherBytes: 40_000, otherPerTrial: 100.4 };
  // Inside a trial 17 (the model's and the data's), between two 4 (the data's), once a step's own.
  const steady = Array.from({ length: 40 }, (_, i) => ({
    seconds: i * 0.05,
    counts: [i % 5 === 0 ? 4 : 17, i === 33 ? 29 : 17],
  }));

  it("takes the floor and the top of each half after the warm-up, by time", () => {
    const halves = tensorHalves(steady, 0.2);
    expect(halves).toEqual({
      first: { fewest: 4, most: 17, readings: 36 },
      second: { fewest: 4, most: 29, readings: 36 },
    });
    expect(tensorHalves(steady.slice(0, 1), 0)).toBeNull();
  });

  it("says the tensors do not grow when the floor between trials stays, and where the heap went", () => {
    expect(memoryAimText(tensorHalves(steady, 0.2), 20, 7400, left)).toBe(
      "Against the aim (tensors and JavaScript heap do not grow): live tensors do not grow: between two trials " +
        "a worker holds 4 in the first half of the run after trial 20 and 4 in the second (the fewest of 36 and 36 " +
        "readings), inside a trial at most 17 and 29; the page's heap grows 7.4 KB a trial while the study is " +
        "open, which holds its trials for the table and the charts, and once closed a study leaves 100 B a trial " +
        "of data behind (the rest of what stays is code the engine compiled).",
    );
  });

  it("says so when every trial leaves a tensor behind", () => {
    const leaking = steady.map((r, i) => ({ ...r, counts: r.counts.map((n) => (n === null ? n : n + i)) }));
    expect(memoryAimText(tensorHalves(leaking, 0.2), 20, 7400, left)).toContain(
      "live tensors GREW: between two trials a worker holds 9 in the first half",
    );
    expect(memoryAimText(null, 20, null, left)).toContain("too few readings after the warm-up");
  });
});
