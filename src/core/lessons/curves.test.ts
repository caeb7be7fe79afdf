import { describe, expect, it } from "vitest";
import { argMin, generalisationGap, tailMean } from "./curves";

describe("curve readouts", () => {
  it("tailMean averages the last values", () => {
    expect(tailMean([5, 4, 3, 2, 1], 2)).toBe(1.5);
    expect(tailMean([2], 3)).toBe(2);
    expect(tailMean([])).toBeNaN();
    expect(() => tailMean([1], 0)).toThrow(/count of at least 1, got 0/);
  });

  it("generalisationGap is validation minus training at the end", () => {
    expect(generalisationGap([1, 0.5, 0.1], [1, 0.7, 0.6], 1)).toBeCloseTo(0.5, 12);
    expect(() => generalisationGap([1], [1, 2])).toThrow(/equal lengths, got 1 and 2/);
  });

  it("argMin skips non-finite values", () => {
    expect(argMin([3, NaN, 1, 2])).toBe(2);
    expect(argMin([NaN])).toBe(-1);
  });
});
