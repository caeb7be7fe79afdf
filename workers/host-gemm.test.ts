import { describe, expect, it } from "vitest";
import { Rng } from "../src/core/rng";
import { gemm } from "./host-gemm";

/** The product by definition, one sum per element. */
function reference(a: number[][], b: number[][], N: number, bias: number[] | null): number[][] {
  return a.map((row) =>
    Array.from({ length: N }, (_, n) => row.reduce((s, v, p) => s + v * b[p][n], bias ? bias[n] : 0)),
  );
}

const random = (rng: Rng, rows: number, cols: number): number[][] =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform(-1, 1)));

describe("gemm", () => {
  // Shapes with and without whole 4×4 tiles, a single column, and an empty inner dimension.
  const shapes: [number, number, number][] = [
    [4, 4, 4],
    [5, 3, 7],
    [9, 6, 2],
    [33, 1, 32],
    [8, 12, 1],
    [3, 5, 0],
  ];
  for (const [M, N, P] of shapes) {
    it(`multiplies ${M}×${P} by ${P}×${N} in every layout, with and without a bias`, () => {
      const rng = new Rng(M * 100 + N * 10 + P);
      const a = random(rng, M, P);
      const b = random(rng, P, N);
      const bias = Array.from({ length: N }, () => rng.uniform(-1, 1));
      const rowMajor = (m: number[][]) => Float32Array.from(m.flat());
      const colMajor = (m: number[][], rows: number, cols: number) =>
        Float32Array.from({ length: rows * cols }, (_, i) => m[i % rows][Math.floor(i / rows)]);
      const layouts = {
        "A·B": [
          { values: rowMajor(a), rowStride: P, colStride: 1 },
          { values: rowMajor(b), rowStride: N, colStride: 1 },
        ],
        "A·(Bᵀ)ᵀ": [
          { values: rowMajor(a), rowStride: P, colStride: 1 },
          { values: colMajor(b, P, N), rowStride: 1, colStride: P },
        ],
        "(Aᵀ)ᵀ·B": [
          { values: colMajor(a, M, P), rowStride: 1, colStride: M },
          { values: rowMajor(b), rowStride: N, colStride: 1 },
        ],
      } as const;
      for (const withBias of [false, true]) {
        const expected = reference(a, b, N, withBias ? bias : null).flat();
        for (const [name, [A, B]] of Object.entries(layouts)) {
          const c = new Float32Array(M * N).fill(NaN);
          gemm(A, B, c, M, N, P, withBias ? Float32Array.from(bias) : null);
          const worst = Math.max(0, ...expected.map((v, i) => Math.abs(v - c[i])));
          expect(worst, `${name}, bias ${withBias}`).toBeLessThan(1e-5);
        }
      }
    });
  }
});
