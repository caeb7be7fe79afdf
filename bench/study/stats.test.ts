import { describe, expect, it } from "vitest";
import { fmtMs, fmtPercent, lineColumnAt, linearFit, summarizeDurations, within } from "./stats";

describe("summarizeDurations", () => {
  it("counts, sums and finds the median, maximum and the durations over the threshold", () => {
    expect(summarizeDurations([60, 10, 51, 50])).toEqual({
      count: 4,
      over: 2,
      totalMs: 171,
      maxMs: 60,
      medianMs: 50.5,
    });
    expect(summarizeDurations([])).toEqual({ count: 0, over: 0, totalMs: 0, maxMs: 0, medianMs: 0 });
  });

  it("refuses a negative or non-finite duration, naming it", () => {
    expect(() => summarizeDurations([1, -2])).toThrow(/-2/);
    expect(() => summarizeDurations([NaN])).toThrow(/NaN/);
  });
});

describe("linearFit", () => {
  it("recovers a straight line", () => {
    const fit = linearFit([0, 1, 2, 3], [5, 7, 9, 11]);
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.intercept).toBeCloseTo(5, 12);
  });

  it("fits noisy points by least squares", () => {
    const fit = linearFit([0, 1, 2], [0, 2, 1]);
    expect(fit.slope).toBeCloseTo(0.5, 12);
    expect(fit.intercept).toBeCloseTo(0.5, 12);
  });

  it("refuses too few points or a single x", () => {
    expect(() => linearFit([1], [1])).toThrow(/at least 2 points/);
    expect(() => linearFit([2, 2], [1, 3])).toThrow(/distinct x/);
    expect(() => linearFit([1, 2], [1])).toThrow(/2 xs but 1 ys/);
  });
});

describe("within", () => {
  it("keeps the entries that start inside the span, ends included", () => {
    const e = [0, 5, 10, 15].map((startTime) => ({ startTime }));
    expect(within(e, 5, 10).map((x) => x.startTime)).toEqual([5, 10]);
  });
});

describe("lineColumnAt", () => {
  it("turns a character offset into a 1-based line and 0-based column", () => {
    const text = "ab\ncde\nf";
    expect(lineColumnAt(text, 0)).toEqual({ line: 1, column: 0 });
    expect(lineColumnAt(text, 2)).toEqual({ line: 1, column: 2 });
    expect(lineColumnAt(text, 3)).toEqual({ line: 2, column: 0 });
    expect(lineColumnAt(text, 7)).toEqual({ line: 3, column: 0 });
    expect(() => lineColumnAt(text, 99)).toThrow(/99/);
  });
});

describe("formatting", () => {
  it("gives milliseconds and percentages a precision that suits their size", () => {
    expect(fmtMs(1234.4)).toBe("1,234");
    expect(fmtMs(12.34)).toBe("12.3");
    expect(fmtMs(1.234)).toBe("1.23");
    expect(fmtMs(0.1234)).toBe("0.123");
    expect(fmtPercent(0.1234)).toBe("12.3 %");
    expect(fmtPercent(0.01234)).toBe("1.23 %");
    expect(fmtPercent(0.001234)).toBe("0.123 %");
  });
});
