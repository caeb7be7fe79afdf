import { describe, expect, it } from "vitest";
import { fitStandardizer, gatherStandardized } from "./standardize";

// Four rows of three features; the last feature is constant.
const x = Float32Array.from([1, 10, 5, 3, 20, 5, 5, 30, 5, 1000, -1000, 5]);

describe("fitStandardizer", () => {
  it("uses only the given rows (population standard deviation)", () => {
    const s = fitStandardizer(x, 3, [0, 1, 2]);
    expect(Array.from(s.mean)).toEqual([3, 20, 5]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(s.std[1]).toBeCloseTo(Math.sqrt(200 / 3), 12);
    // The outlying row 3 was left out, so it moved nothing.
    const withOutlier = fitStandardizer(x, 3, [0, 1, 2, 3]);
    expect(withOutlier.mean[0]).toBeCloseTo(252.25, 10);
  });

  it("turns a zero deviation into 1 so a constant feature is only centred", () => {
    const s = fitStandardizer(x, 3, [0, 1, 2, 3]);
    expect(s.std[2]).toBe(1);
    const one = fitStandardizer(Float32Array.from([0.1, 0.1, 0.1]), 1, [0, 1, 2]);
    expect(one.std[0]).toBe(1);
  });

  it("scales raw values first (8-bit pixels)", () => {
    const pixels = Uint8Array.from([0, 255, 51, 102]);
    const s = fitStandardizer(pixels, 2, [0, 1], 1 / 255);
    expect(s.mean[0]).toBeCloseTo(0.1, 12);
    expect(s.mean[1]).toBeCloseTo(0.7, 12);
    expect(s.std[0]).toBeCloseTo(0.1, 12);
    expect(s.std[1]).toBeCloseTo(0.3, 12);
  });

  it("refuses bad shapes, rows and values, naming them", () => {
    expect(() => fitStandardizer(x, 5, [0])).toThrow(/length 12 is not a whole number of rows of 5/);
    expect(() => fitStandardizer(x, 0, [0])).toThrow(/Feature count.*got 0/);
    expect(() => fitStandardizer(x, 3, [4])).toThrow(/0 to 3, got 4/);
    expect(() => fitStandardizer(x, 3, [])).toThrow(/0 rows/);
    expect(() => fitStandardizer(x, 3, [0], 0)).toThrow(/Scale.*got 0/);
    expect(() => fitStandardizer(Float32Array.from([1, Number.NaN]), 1, [0, 1])).toThrow(
      /row 1, feature 0.*NaN/,
    );
  });
});

describe("gatherStandardized", () => {
  it("gathers the rows in the order given and standardises with the fitted statistics", () => {
    const s = fitStandardizer(x, 3, [0, 1, 2]);
    const out = gatherStandardized(x, 3, [2, 0], s);
    expect(out).toBeInstanceOf(Float32Array);
    expect(out.length).toBe(6);
    expect(out[0]).toBeCloseTo(2 / Math.sqrt(8 / 3), 6);
    expect(out[1]).toBeCloseTo(10 / Math.sqrt(200 / 3), 6);
    expect(out[2]).toBe(0);
    expect(out[3]).toBeCloseTo(-2 / Math.sqrt(8 / 3), 6);
  });

  it("gives the fitted rows zero mean and unit variance", () => {
    const n = 500;
    const data = Float32Array.from({ length: n * 2 }, (_, i) =>
      i % 2 === 0 ? 100 + (i % 37) : -3 * (i % 11),
    );
    const rows = Array.from({ length: 300 }, (_, i) => i);
    const out = gatherStandardized(data, 2, rows, fitStandardizer(data, 2, rows));
    for (const j of [0, 1]) {
      const col = Array.from({ length: 300 }, (_, i) => out[i * 2 + j]);
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      const variance = col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length;
      expect(mean).toBeCloseTo(0, 5);
      expect(variance).toBeCloseTo(1, 5);
    }
  });

  it("only gathers and scales without a standardiser", () => {
    const pixels = Uint8Array.from([0, 255, 51, 102]);
    expect(Array.from(gatherStandardized(pixels, 2, [1], null, 1 / 255))).toEqual(
      [0.2, 0.4].map(Math.fround),
    );
    expect(Array.from(gatherStandardized(x, 3, [1], null))).toEqual([3, 20, 5]);
  });

  it("refuses a standardiser of another width and rows out of range", () => {
    const s = fitStandardizer(x, 3, [0, 1]);
    expect(() => gatherStandardized(Float32Array.from([1, 2, 3, 4]), 2, [0], s)).toThrow(
      /3 means and 3 deviations for 2 features/,
    );
    expect(() => gatherStandardized(x, 3, [-1], s)).toThrow(/got -1/);
  });
});
