import { describe, expect, it } from "vitest";
import { growthPerTrial, spreadSamples, type MemorySample } from "./memory";

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
