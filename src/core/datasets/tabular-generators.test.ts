import { describe, expect, it } from "vitest";
import { friedman1, friedman1Target } from "./tabular-generators";

describe("friedman1", () => {
  it("has the shape and metadata of a regression table", () => {
    const d = friedman1(200, 1, 0);
    expect(d).toMatchObject({
      id: "friedman1",
      task: "regression",
      classes: 1,
      classNames: [],
      featureNames: ["x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10"],
      exampleShape: [10],
      xScale: 1,
      standardize: true,
      sourceTestCount: 0,
    });
    expect(d.x).toBeInstanceOf(Float32Array);
    expect(d.x.length).toBe(2000);
    expect(d.y.length).toBe(200);
  });

  it("draws features uniform in [0, 1)", () => {
    const d = friedman1(5000, 1, 3);
    for (const v of d.x) expect(v >= 0 && v < 1).toBe(true);
    for (let j = 0; j < 10; j++) {
      let sum = 0;
      for (let i = 0; i < 5000; i++) sum += d.x[i * 10 + j];
      expect(sum / 5000).toBeCloseTo(0.5, 1);
    }
  });

  it("follows Friedman's formula exactly without noise", () => {
    const d = friedman1(100, 0, 7);
    for (let i = 0; i < 100; i++) expect(d.y[i]).toBeCloseTo(friedman1Target(d.x, i * 10), 4);
    // A hand-computed row: x = (0.5, 1, 0.5, 0.2, 0.4, …) gives 10·sin(π/2) + 0 + 2 + 2 = 14.
    expect(friedman1Target([0.5, 1, 0.5, 0.2, 0.4, 0.9, 0.9, 0.9, 0.9, 0.9])).toBeCloseTo(14, 12);
  });

  it("adds Gaussian noise with the given standard deviation, leaving the features alone", () => {
    const clean = friedman1(20000, 0, 5);
    const noisy = friedman1(20000, 2, 5);
    expect(noisy.x).toEqual(clean.x);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < 20000; i++) {
      const e = noisy.y[i] - clean.y[i];
      sum += e;
      sumSq += e * e;
    }
    const mean = sum / 20000;
    expect(mean).toBeCloseTo(0, 1);
    expect(Math.sqrt(sumSq / 20000 - mean * mean)).toBeCloseTo(2, 1);
  });

  it("is deterministic for a seed", () => {
    expect(friedman1(50, 1, 9)).toEqual(friedman1(50, 1, 9));
    expect(friedman1(50, 1, 10).x).not.toEqual(friedman1(50, 1, 9).x);
  });

  it("refuses bad arguments, naming the value", () => {
    expect(() => friedman1(0, 1, 0)).toThrow(/Row count.*got 0/);
    expect(() => friedman1(2.5, 1, 0)).toThrow(/got 2\.5/);
    expect(() => friedman1(10, -1, 0)).toThrow(/Noise.*got -1/);
    expect(() => friedman1(10, Number.NaN, 0)).toThrow(/Noise.*NaN/);
    expect(() => friedman1(10, 1, Number.NaN)).toThrow(/Seed/);
  });
});
