/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) whose whole state is
 * four 32-bit integers, so it can be saved to JSON and resumed exactly where it was.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  /** Creates a generator from any finite number (integers are the usual seeds). */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Seed must be a finite number, got ${String(seed)}`);
    let s = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
    const split = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform number in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal number (Box–Muller). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u <= Number.EPSILON) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A new generator seeded from this one, for an independent stream. */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }

  /** The generator's state, plain JSON. */
  state(): RngState {
    return { s: [this.a, this.b, this.c, this.d], spare: this.spareNormal };
  }

  /** A generator that continues exactly from a saved state. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    if (!Array.isArray(state?.s) || state.s.length !== 4 || !state.s.every((x) => Number.isInteger(x))) {
      throw new Error(`Invalid random generator state: ${JSON.stringify(state)}`);
    }
    [rng.a, rng.b, rng.c, rng.d] = state.s.map((x) => x >>> 0);
    rng.spareNormal = state.spare ?? null;
    return rng;
  }
}

export interface RngState {
  s: number[];
  spare: number | null;
}
