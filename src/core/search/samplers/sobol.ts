/**
 * Scrambled Sobol' points in up to 32 dimensions, 32 bits per coordinate. Direction numbers are
 * those of Joe and Kuo (new-joe-kuo-6.21201, dimensions 2 to 32). Each dimension is randomised
 * by a linear matrix scramble and a digital shift drawn from the seed; both keep the
 * (t, m, s)-net structure, so every block of 2^k consecutive points stays evenly spread.
 */
import { Rng } from "../../rng";

const BITS = 32;

/** Joe–Kuo rows for dimensions 2..32: [degree s, coefficient a, m_1 .. m_s]. Dimension 1 needs none. */
const JOE_KUO: readonly (readonly number[])[] = [
  [1, 0, 1],
  [2, 1, 1, 3],
  [3, 1, 1, 3, 1],
  [3, 2, 1, 1, 1],
  [4, 1, 1, 1, 3, 3],
  [4, 4, 1, 3, 5, 13],
  [5, 2, 1, 1, 5, 5, 17],
  [5, 4, 1, 1, 5, 5, 5],
  [5, 7, 1, 1, 7, 11, 19],
  [5, 11, 1, 1, 5, 1, 1],
  [5, 13, 1, 1, 1, 3, 11],
  [5, 14, 1, 3, 5, 5, 31],
  [6, 1, 1, 3, 3, 9, 7, 49],
  [6, 13, 1, 1, 1, 15, 21, 21],
  [6, 16, 1, 3, 1, 13, 27, 49],
  [6, 19, 1, 1, 1, 15, 7, 5],
  [6, 22, 1, 3, 1, 15, 13, 25],
  [6, 25, 1, 1, 5, 5, 19, 61],
  [7, 1, 1, 3, 7, 11, 23, 15, 103],
  [7, 4, 1, 3, 7, 13, 13, 15, 69],
  [7, 7, 1, 1, 3, 13, 7, 35, 63],
  [7, 8, 1, 3, 5, 9, 1, 25, 53],
  [7, 14, 1, 3, 1, 13, 9, 35, 107],
  [7, 19, 1, 3, 1, 5, 27, 61, 31],
  [7, 21, 1, 1, 5, 11, 19, 41, 61],
  [7, 28, 1, 3, 5, 3, 3, 13, 69],
  [7, 31, 1, 1, 7, 13, 1, 19, 1],
  [7, 32, 1, 3, 7, 5, 13, 19, 59],
  [7, 37, 1, 1, 3, 9, 25, 29, 41],
  [7, 41, 1, 3, 5, 13, 23, 1, 55],
  [7, 42, 1, 3, 7, 3, 13, 59, 17],
];

/** The largest number of dimensions this generator supports. */
export const SOBOL_MAX_DIMENSIONS = JOE_KUO.length + 1;

/** The 32 direction numbers v_1..v_32 of a dimension (0-based), as 32-bit integers, MSB first. */
export function directionNumbers(dimension: number): Uint32Array {
  if (!Number.isInteger(dimension) || dimension < 0 || dimension >= SOBOL_MAX_DIMENSIONS) {
    throw new Error(`Sobol dimension must be an integer in 0..${SOBOL_MAX_DIMENSIONS - 1}, got ${dimension}`);
  }
  const v = new Uint32Array(BITS);
  if (dimension === 0) {
    for (let j = 0; j < BITS; j++) v[j] = 2 ** (BITS - 1 - j);
    return v;
  }
  const [s, a, ...initial] = JOE_KUO[dimension - 1];
  const m: number[] = initial.slice();
  // m_j = 2^s m_{j-s} xor m_{j-s} xor sum_k 2^k a_k m_{j-k}, with a_k the bits of a (a_1 first).
  for (let j = s; j < BITS; j++) {
    let next = m[j - s] ^ (m[j - s] << s);
    for (let k = 1; k < s; k++) {
      if ((a >>> (s - 1 - k)) & 1) next ^= m[j - k] << k;
    }
    m.push(next);
  }
  for (let j = 0; j < BITS; j++) v[j] = (m[j] * 2 ** (BITS - 1 - j)) >>> 0;
  return v;
}

function parity(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/** Applies a random lower-triangular bit matrix (unit diagonal) to every direction number. */
function linearScramble(v: Uint32Array, rng: Rng): Uint32Array {
  const rows = new Uint32Array(BITS);
  for (let i = 0; i < BITS; i++) {
    // Row i keeps digit i and mixes in a random subset of the more significant digits 0..i-1.
    const diagonal = 2 ** (BITS - 1 - i);
    const above = i === 0 ? 0 : (rng.nextUint32() & ~(2 ** (BITS - i) - 1)) >>> 0;
    rows[i] = (above | diagonal) >>> 0;
  }
  const out = new Uint32Array(BITS);
  for (let j = 0; j < BITS; j++) {
    let w = 0;
    for (let i = 0; i < BITS; i++) if (parity(rows[i] & v[j])) w |= 2 ** (BITS - 1 - i);
    out[j] = w >>> 0;
  }
  return out;
}

/** A scrambled Sobol' sequence; `point(i)` is a pure function of the seed and i. */
export class ScrambledSobol {
  private readonly directions: Uint32Array[] = [];
  private readonly shifts: number[] = [];

  constructor(private readonly seed: number) {}

  /** Coordinate `dimension` of point `index` (index >= 0), in [0, 1). */
  coordinate(index: number, dimension: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= 2 ** BITS) {
      throw new Error(`Sobol point index must be an integer in 0..2^32-1, got ${index}`);
    }
    this.prepare(dimension);
    const v = this.directions[dimension];
    let x = this.shifts[dimension];
    let i = index;
    for (let j = 0; i > 0; j++, i = Math.floor(i / 2)) if (i % 2 === 1) x = (x ^ v[j]) >>> 0;
    return x / 2 ** BITS;
  }

  /** The first `dimensions` coordinates of point `index`. */
  point(index: number, dimensions: number): number[] {
    return Array.from({ length: dimensions }, (_, d) => this.coordinate(index, d));
  }

  private prepare(dimension: number): void {
    for (let d = this.directions.length; d <= dimension; d++) {
      // Each dimension has its own stream so adding dimensions never changes earlier ones.
      const rng = new Rng(this.seed * 1_000_003 + d * 7919);
      this.directions.push(linearScramble(directionNumbers(d), rng));
      this.shifts.push(rng.nextUint32());
    }
  }
}
