/**
 * A seeded bijection of [0, size) computed point by point (a balanced Feistel network on the
 * next even power of two, with cycle walking), so a shuffled order of a huge grid needs no table.
 */
import { Rng } from "../../rng";

const ROUNDS = 4;
const MAX_HALF_BITS = 26;

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

export class IndexPermutation {
  private readonly halfBits: number;
  private readonly keys: number[];

  constructor(
    readonly size: number,
    seed: number,
  ) {
    if (!Number.isInteger(size) || size < 0)
      throw new Error(`Permutation size must be a non-negative integer, got ${size}`);
    let bits = 1;
    while (2 ** bits < size) bits++;
    this.halfBits = Math.ceil(bits / 2);
    if (this.halfBits > MAX_HALF_BITS)
      throw new Error(`Permutation size ${size} is too large (at most 2^52)`);
    const rng = new Rng(seed);
    this.keys = Array.from({ length: ROUNDS }, () => rng.nextUint32());
  }

  /** The image of `index` (0 <= index < size). */
  apply(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new Error(`Permutation index must be an integer in 0..${this.size - 1}, got ${index}`);
    }
    let x = this.encrypt(index);
    while (x >= this.size) x = this.encrypt(x);
    return x;
  }

  private encrypt(x: number): number {
    const half = 2 ** this.halfBits;
    const mask = half - 1;
    let left = Math.floor(x / half);
    let right = x % half;
    for (const key of this.keys) {
      const next = (left ^ (mix32(right ^ key) & mask)) >>> 0;
      left = right;
      right = next;
    }
    return left * half + right;
  }
}
