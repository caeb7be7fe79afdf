/**
 * Dense symmetric positive-definite algebra on row-major Float64Arrays: Cholesky with jitter,
 * triangular solves and the inverse from the factor. Written as flat loops over contiguous rows
 * because the GP calls them in its inner loop.
 */

/**
 * Factorises the n x n matrix `a` (row-major, symmetric; only the lower triangle is read) into
 * `l` (lower triangular, upper part zeroed) so that a = l l^T. Returns false if a pivot is not
 * positive, leaving `l` undefined.
 */
export function choleskyInto(a: Float64Array, n: number, l: Float64Array): boolean {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      const sum = a[ri + j] - dotRows(l, ri, rj, j);
      if (i === j) {
        if (!(sum > 0)) return false;
        l[ri + i] = Math.sqrt(sum);
      } else {
        l[ri + j] = sum / l[rj + j];
      }
    }
    for (let j = i + 1; j < n; j++) l[ri + j] = 0;
  }
  return true;
}

/**
 * Cholesky of `a + jitter I`, starting with no jitter and adding 1e-10, 1e-9, ... times the mean
 * diagonal until it succeeds. Returns the jitter used; throws if even a large one fails.
 */
export function choleskyWithJitter(a: Float64Array, n: number, l: Float64Array): number {
  if (choleskyInto(a, n, l)) return 0;
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += a[i * n + i];
  meanDiag = Math.max(meanDiag / Math.max(n, 1), 1e-300);
  const work = new Float64Array(a);
  for (let exp = -10; exp <= -1; exp++) {
    const jitter = meanDiag * 10 ** exp;
    for (let i = 0; i < n; i++) work[i * n + i] = a[i * n + i] + jitter;
    if (choleskyInto(work, n, l)) return jitter;
  }
  throw new Error(`Cholesky failed on a ${n} x ${n} matrix even with jitter ${meanDiag * 0.1}`);
}

/** Solves l x = b in place (b becomes x) for lower-triangular l. */
export function solveLowerInPlace(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    b[i] = (b[i] - dotWith(l, ri, b, i, 0)) / l[ri + i];
  }
}

/** Solves l^T x = b in place (b becomes x) for lower-triangular l. */
export function solveUpperTransposedInPlace(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    b[i] /= l[i * n + i];
    const bi = b[i];
    // Column i of l^T is row i of l: subtract its contribution from the rows above.
    const ri = i * n;
    for (let k = 0; k < i; k++) b[k] -= l[ri + k] * bi;
  }
}

/** Writes (l l^T)^{-1} into `out` (full symmetric n x n), using `work` (n x n) as scratch. */
export function inverseFromCholesky(l: Float64Array, n: number, out: Float64Array, work: Float64Array): void {
  // work <- u = (l^{-1})^T, stored row-major so that u[i][k] = (l^{-1})[k][i] is contiguous in k.
  work.fill(0);
  const col = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Column i of l^{-1}: solve l c = e_i; entries above i are zero.
    col.fill(0);
    col[i] = 1 / l[i * n + i];
    for (let r = i + 1; r < n; r++) {
      const rr = r * n;
      col[r] = -dotWith(l, rr + i, col, r - i, i) / l[rr + r];
    }
    const ri = i * n;
    for (let r = i; r < n; r++) work[ri + r] = col[r];
  }
  // (l l^T)^{-1} = l^{-T} l^{-1}: entry (i, j) = sum over k >= max(i, j) of u[i][k] u[j][k].
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      const sum = dotRows(work, ri + i, rj + i, n - i);
      out[ri + j] = sum;
      out[rj + i] = sum;
    }
  }
}

/** sum over k < length of m[a + k] * m[b + k], with four accumulators so the CPU can overlap the multiplies. */
export function dotRows(m: Float64Array, a: number, b: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < length; k += 4) {
    s0 += m[a + k] * m[b + k];
    s1 += m[a + k + 1] * m[b + k + 1];
    s2 += m[a + k + 2] * m[b + k + 2];
    s3 += m[a + k + 3] * m[b + k + 3];
  }
  for (; k < length; k++) s0 += m[a + k] * m[b + k];
  return s0 + s1 + s2 + s3;
}

/** sum over k < length of m[a + k] * v[offset + k], unrolled like dotRows. */
export function dotWith(m: Float64Array, a: number, v: Float64Array, length: number, offset: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < length; k += 4) {
    s0 += m[a + k] * v[offset + k];
    s1 += m[a + k + 1] * v[offset + k + 1];
    s2 += m[a + k + 2] * v[offset + k + 2];
    s3 += m[a + k + 3] * v[offset + k + 3];
  }
  for (; k < length; k++) s0 += m[a + k] * v[offset + k];
  return s0 + s1 + s2 + s3;
}
