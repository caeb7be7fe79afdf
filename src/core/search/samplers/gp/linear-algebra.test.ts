import { describe, expect, it } from "vitest";
import { Rng } from "../../../rng";
import {
  choleskyInto,
  choleskyWithJitter,
  inverseFromCholesky,
  solveLowerInPlace,
  solveUpperTransposedInPlace,
} from "./linear-algebra";
import { minimizeBox } from "./lbfgs";

/** A random symmetric positive-definite n x n matrix: B B^T + n I. */
function randomSpd(n: number, rng: Rng): Float64Array {
  const b = Float64Array.from({ length: n * n }, () => rng.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? n : 0;
      for (let k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
      a[i * n + j] = s;
    }
  }
  return a;
}

describe("dense SPD algebra", () => {
  const n = 7;
  const a = randomSpd(n, new Rng(1));

  it("Cholesky reproduces the matrix and the inverse is an inverse", () => {
    const l = new Float64Array(n * n);
    expect(choleskyInto(a, n, l)).toBe(true);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += l[i * n + k] * l[j * n + k];
        expect(s).toBeCloseTo(a[i * n + j], 10);
        if (j > i) expect(l[i * n + j]).toBe(0);
      }
    }
    const inv = new Float64Array(n * n);
    inverseFromCholesky(l, n, inv, new Float64Array(n * n));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += a[i * n + k] * inv[k * n + j];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
  });

  it("the two triangular solves give A^{-1} b", () => {
    const l = new Float64Array(n * n);
    choleskyInto(a, n, l);
    const b = Float64Array.from({ length: n }, (_, i) => i - 3);
    const x = b.slice();
    solveLowerInPlace(l, n, x);
    solveUpperTransposedInPlace(l, n, x);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * x[k];
      expect(s).toBeCloseTo(b[i], 10);
    }
  });

  it("adds jitter to a singular matrix, and reports failure without it", () => {
    const singular = Float64Array.from([1, 1, 1, 1]);
    const l = new Float64Array(4);
    expect(choleskyInto(singular, 2, l)).toBe(false);
    const jitter = choleskyWithJitter(singular, 2, l);
    expect(jitter).toBeGreaterThan(0);
    expect(jitter).toBeLessThan(1e-3);
  });
});

describe("minimizeBox (L-BFGS with bounds)", () => {
  const rosenbrock = (x: Float64Array, g: Float64Array): number => {
    const [a, b] = [x[0], x[1]];
    g[0] = -400 * a * (b - a * a) - 2 * (1 - a);
    g[1] = 200 * (b - a * a);
    return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
  };

  it("finds the minimum of Rosenbrock's valley inside a wide box", () => {
    const r = minimizeBox(rosenbrock, Float64Array.from([-1.2, 1]), {
      lower: Float64Array.from([-5, -5]),
      upper: Float64Array.from([5, 5]),
      maxIterations: 200,
      gradientTolerance: 1e-8,
      relativeTolerance: 0,
    });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });

  it("stops on a bound when the minimum lies outside the box", () => {
    // (x - 3)^2 + (y + 1)^2 on [0, 2] x [0, 2]: minimum at (2, 0).
    const r = minimizeBox(
      (x, g) => {
        g[0] = 2 * (x[0] - 3);
        g[1] = 2 * (x[1] + 1);
        return (x[0] - 3) ** 2 + (x[1] + 1) ** 2;
      },
      Float64Array.from([0.5, 1.5]),
      {
        lower: Float64Array.from([0, 0]),
        upper: Float64Array.from([2, 2]),
        maxIterations: 50,
        gradientTolerance: 1e-9,
        relativeTolerance: 0,
      },
    );
    expect(Array.from(r.x)).toEqual([2, 0]);
    expect(r.value).toBeCloseTo(2, 12);
  });
});
