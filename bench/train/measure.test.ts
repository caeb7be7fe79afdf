import { describe, expect, it } from "vitest";
import { BACKENDS, denseShapes, epochFlops, parallelTrialCases, throughputCases, weightsOf } from "./cases";
import {
  matmulFlopsPerSec,
  matmulSteps,
  median,
  samplesPerSec,
  steadyEpochsPerSec,
  trainCount,
  trainingFlopsPerSec,
} from "./measure";

const wide = throughputCases("wasm").find((c) => c.id === "wide512")!;

describe("median", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it("rejects an empty list", () => {
    expect(() => median([])).toThrow(/empty/);
  });
});

describe("steady-state rates", () => {
  it("counts the epochs after the first one, over the span between their ends", () => {
    // Epoch 1 ends at 1000 ms (slow warm-up); epochs 2..4 take 500 ms each.
    expect(steadyEpochsPerSec([1000, 1500, 2000, 2500])).toBeCloseTo(2);
    expect(samplesPerSec(wide, [1000, 1500, 2000, 2500])).toBeCloseTo(2 * trainCount(wide));
    expect(trainingFlopsPerSec(wide, [0, 1000])).toBeCloseTo(epochFlops(wide));
  });
  it("needs two epoch ends that increase", () => {
    expect(() => steadyEpochsPerSec([1000])).toThrow(/at least 2/);
    expect(() => steadyEpochsPerSec([1000, 1000])).toThrow(/do not increase/);
  });
});

describe("floating-point operation counts", () => {
  it("counts the dense layers' weights from the inputs to the single output", () => {
    expect(denseShapes(wide)).toEqual([
      [7, 512],
      [512, 512],
      [512, 1],
    ]);
    expect(weightsOf(wide)).toBe(7 * 512 + 512 * 512 + 512);
  });
  it("charges 6·weights per training sample and 2·weights per validation sample", () => {
    const nTrain = trainCount(wide);
    const nVal = wide.samples - nTrain;
    expect(epochFlops(wide)).toBe(weightsOf(wide) * (6 * nTrain + 2 * nVal));
  });
  it("gives the matMul loop the same 6·weights per sample as a training step", () => {
    const steps = matmulSteps(wide);
    expect(steps).toBe((trainCount(wide) / wide.batchSize) * (wide.epochs - 1));
    // One step per second of batch B is 6·weights·B operations per second.
    expect(matmulFlopsPerSec(wide, 1, 1000)).toBe(6 * weightsOf(wide) * wide.batchSize);
  });
});

describe("cases", () => {
  it("split into whole batches on every backend, with at least two epochs per run", () => {
    for (const backend of BACKENDS) {
      for (const c of [...throughputCases(backend), ...parallelTrialCases(false)]) {
        expect(trainCount(c) % c.batchSize, `${backend} ${c.id}`).toBe(0);
        expect(c.epochs).toBeGreaterThanOrEqual(2);
      }
    }
  });
});
