import { describe, expect, it } from "vitest";
import { importanceBars } from "./importance";

describe("importanceBars", () => {
  it("sorts by importance, ties by name, with shares of the total", () => {
    const bars = importanceBars({ units: 0.1, lr: 0.6, dropout: 0.1, momentum: 0 });
    expect(bars.map((b) => [b.name, b.importance])).toEqual([
      ["lr", 0.6],
      ["dropout", 0.1],
      ["units", 0.1],
      ["momentum", 0],
    ]);
    expect(bars[0].share).toBeCloseTo(0.75, 12);
    expect(bars[1].share).toBeCloseTo(0.125, 12);
    expect(bars[3].share).toBe(0);
  });

  it("gives zero shares when every importance is zero, and no bars for no parameters", () => {
    expect(importanceBars({ a: 0, b: 0 }).map((b) => b.share)).toEqual([0, 0]);
    expect(importanceBars({})).toEqual([]);
  });

  it("rejects negative, non-finite and non-number importances, naming the parameter", () => {
    expect(() => importanceBars({ lr: -0.1 })).toThrow(/"lr" must be a finite number >= 0, got -0.1/);
    expect(() => importanceBars({ lr: Number.NaN })).toThrow(/"lr" .* got NaN/);
    expect(() => importanceBars({ lr: "high" as unknown as number })).toThrow(/got "high"/);
    expect(() => importanceBars(null as unknown as Record<string, number>)).toThrow(/got null/);
  });
});
