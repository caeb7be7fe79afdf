import { describe, expect, it } from "vitest";
import { expandEpochRuns, packEpochs, unpackEpochs } from "./epoch-runs";
import type { EpochMetrics, EpochRecord } from "./schema";

const epoch = (n: number, over: Partial<EpochMetrics> = {}): EpochMetrics => ({
  epoch: n,
  trainLoss: 0.9 / n,
  valLoss: 1 / n,
  trainMetric: 0.5 + n / 100,
  valMetric: 0.45 + n / 100,
  lr: 0.01 / n,
  stepLrs: Array.from({ length: n }, (_, i) => 0.01 / (i + 1)),
  step: 3 * n,
  epochMs: 12.5,
  samplesPerSec: 800.25,
  ...over,
});

describe("packed runs of epochs", () => {
  it("pack and unpack give the same epochs exactly, NaN, infinities and -0 included", () => {
    const epochs = [
      epoch(2),
      epoch(3, { trainLoss: NaN, valLoss: Infinity, valMetric: -0, stepLrs: [] }),
      epoch(7, { lr: 1e-300, samplesPerSec: -Infinity, stepLrs: [0.1, NaN] }),
    ];
    const packed = packEpochs(epochs);
    expect(packed.values).toHaveLength(3 * 9);
    expect(Array.from(packed.stepCounts)).toEqual([2, 0, 2]);
    const back = unpackEpochs(packed, "Trial 1");
    expect(back).toEqual(epochs);
    expect(Object.is(back[1].valMetric, -0)).toBe(true);
    expect(unpackEpochs(packEpochs([]), "Trial 1")).toEqual([]);
  });

  it("expands packed runs and version 4's listed runs into records of their own, in order", () => {
    const stored: EpochRecord[] = [
      { ...epoch(1), studyId: "s", trialNumber: 0, packed: packEpochs([epoch(2), epoch(3)]) },
      { ...epoch(1), studyId: "s", trialNumber: 1, more: [epoch(2)] },
      { ...epoch(4), studyId: "s", trialNumber: 0 },
    ];
    expect(expandEpochRuns(stored)).toEqual([
      { ...epoch(1), studyId: "s", trialNumber: 0 },
      { ...epoch(2), studyId: "s", trialNumber: 0 },
      { ...epoch(3), studyId: "s", trialNumber: 0 },
      { ...epoch(1), studyId: "s", trialNumber: 1 },
      { ...epoch(2), studyId: "s", trialNumber: 1 },
      { ...epoch(4), studyId: "s", trialNumber: 0 },
    ]);
  });

  it("refuses a damaged run with a message naming the trial and what does not fit", () => {
    const good = packEpochs([epoch(2), epoch(3)]);
    expect(() =>
      unpackEpochs({ ...good, values: good.values.subarray(1) }, "Trial 4, after epoch 1"),
    ).toThrow(
      "Trial 4, after epoch 1: the stored run of epochs is damaged (17 values for 2 epochs of 9 fields)",
    );
    expect(() => unpackEpochs({ ...good, stepLrs: new Float64Array(1) }, "Trial 4")).toThrow(
      "the stored run of epochs is damaged (1 step learning rates where the counts add up to 5)",
    );
    expect(() => unpackEpochs({ ...good, stepCounts: [2, 3] } as never, "Trial 4")).toThrow(
      "its arrays are missing or of the wrong type",
    );
    expect(() => unpackEpochs(null as never, "Trial 4")).toThrow(
      "its arrays are missing or of the wrong type",
    );
  });
});
