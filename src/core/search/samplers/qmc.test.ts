import { describe, expect, it } from "vitest";
import { createStudy } from "../study";
import type { SearchSpace } from "../types";
import { QmcSampler } from "./qmc";
import { SOBOL_MAX_DIMENSIONS, ScrambledSobol, directionNumbers } from "./sobol";

/** Unscrambled Sobol' point in Gray-code order (the order SciPy and most references print). */
function plainSobol(n: number, dimensions: number): number[] {
  const gray = n ^ (n >>> 1);
  return Array.from({ length: dimensions }, (_, d) => {
    const v = directionNumbers(d);
    let x = 0;
    for (let j = 0; j < 32; j++) if ((gray >>> j) & 1) x = (x ^ v[j]) >>> 0;
    return x / 2 ** 32;
  });
}

/** Chi-square statistic of the counts of 2-D points in a k x k grid of cells. */
function chiSquare(xs: number[], ys: number[], k: number): number {
  const counts = new Array(k * k).fill(0);
  xs.forEach(
    (x, i) => counts[Math.min(k - 1, Math.floor(x * k)) * k + Math.min(k - 1, Math.floor(ys[i] * k))]++,
  );
  const expected = xs.length / (k * k);
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

describe("Sobol' sequence", () => {
  it("matches the published first points of the unscrambled sequence", () => {
    const expected = [
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
      [0.875, 0.875, 0.125],
      [0.625, 0.125, 0.875],
      [0.125, 0.625, 0.375],
    ];
    expected.forEach((point, n) => expect(plainSobol(n, 3)).toEqual(point));
  });

  it("has valid direction numbers in all 32 dimensions: odd m_j below 2^j", () => {
    expect(SOBOL_MAX_DIMENSIONS).toBe(32);
    for (let d = 0; d < SOBOL_MAX_DIMENSIONS; d++) {
      const v = directionNumbers(d);
      for (let j = 0; j < 32; j++) {
        const m = v[j] / 2 ** (31 - j);
        expect(Number.isInteger(m) && m % 2 === 1 && m < 2 ** (j + 1)).toBe(true);
      }
    }
    expect(() => directionNumbers(32)).toThrow("Sobol dimension must be an integer in 0..31, got 32");
  });

  it("stays stratified after scrambling: each of the first 2^k points owns one interval of width 2^-k", () => {
    const sobol = new ScrambledSobol(123);
    for (let d = 0; d < SOBOL_MAX_DIMENSIONS; d++) {
      for (const k of [1, 4, 8]) {
        const cells = new Set<number>();
        for (let i = 0; i < 2 ** k; i++) cells.add(Math.floor(sobol.coordinate(i, d) * 2 ** k));
        expect(cells.size).toBe(2 ** k);
      }
    }
  });

  it("keeps the (0, m, 2)-net property of its first two dimensions after scrambling", () => {
    const sobol = new ScrambledSobol(9);
    const m = 8;
    const points = Array.from({ length: 2 ** m }, (_, i) => sobol.point(i, 2));
    for (let a = 0; a <= m; a++) {
      const boxes = new Set(
        points.map(([x, y]) => `${Math.floor(x * 2 ** a)},${Math.floor(y * 2 ** (m - a))}`),
      );
      expect(boxes.size).toBe(2 ** m);
    }
  });

  it("depends on the seed", () => {
    expect(new ScrambledSobol(1).point(5, 4)).not.toEqual(new ScrambledSobol(2).point(5, 4));
    expect(new ScrambledSobol(1).point(5, 4)).toEqual(new ScrambledSobol(1).point(5, 4));
  });
});

describe("qmc sampler", () => {
  const space: SearchSpace = Object.fromEntries(
    Array.from({ length: 6 }, (_, i) => [`x${i}`, { type: "float" as const, low: 0, high: 1 }]),
  );

  function draws(sampler: "qmc" | "random", seed: number, n: number): number[][] {
    const study = createStudy({ space, sampler, seed });
    return Array.from({ length: n }, () => {
      const { number, params } = study.ask();
      study.tell(number, 0);
      return Object.values(params) as number[];
    });
  }

  it("covers the space more evenly than random search in every 2-D projection", () => {
    const n = 256;
    let qmcTotal = 0;
    let randomTotal = 0;
    for (const seed of [1, 2, 3]) {
      const q = draws("qmc", seed, n);
      const r = draws("random", seed, n);
      for (let i = 0; i < 6; i++) {
        // Each coordinate alone is perfectly stratified: 16 points in each sixteenth.
        const bins = new Array(16).fill(0);
        q.forEach((p) => bins[Math.floor(p[i] * 16)]++);
        expect(bins.every((c) => c === 16)).toBe(true);
        for (let j = i + 1; j < 6; j++) {
          qmcTotal += chiSquare(
            q.map((p) => p[i]),
            q.map((p) => p[j]),
            8,
          );
          randomTotal += chiSquare(
            r.map((p) => p[i]),
            r.map((p) => p[j]),
            8,
          );
        }
      }
    }
    // Random points give chi-square near 63 per projection; the Sobol' points give far less.
    expect(qmcTotal).toBeLessThan(randomTotal / 4);
  });

  it("spreads categorical and integer values evenly", () => {
    const study = createStudy({
      space: {
        c: { type: "categorical", choices: ["a", "b", "c", "d"] },
        k: { type: "int", low: 1, high: 8 },
      },
      sampler: "qmc",
      seed: 4,
    });
    const counts = new Map<unknown, number>();
    for (let i = 0; i < 32; i++) {
      const { number, params } = study.ask();
      counts.set(params.c, (counts.get(params.c) ?? 0) + 1);
      counts.set(params.k, (counts.get(params.k) ?? 0) + 1);
      study.tell(number, 0);
    }
    for (const v of ["a", "b", "c", "d"]) expect(counts.get(v)).toBe(8);
    for (let k = 1; k <= 8; k++) expect(counts.get(k)).toBe(4);
  });

  it("rejects options, bad state and spaces beyond 32 parameters", () => {
    expect(() => new QmcSampler({ scramble: false } as object, 0)).toThrow(
      'Unknown option "scramble" for the qmc sampler',
    );
    expect(() => new QmcSampler({}, 0).restore({ index: -1 })).toThrow("Invalid qmc sampler state");
    const wide: SearchSpace = Object.fromEntries(
      Array.from({ length: 33 }, (_, i) => [`p${i}`, { type: "float" as const, low: 0, high: 1 }]),
    );
    expect(() => new QmcSampler({}, 0).sample(wide, [])).toThrow("at most 32 parameters, the space has 33");
  });
});
