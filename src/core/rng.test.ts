import { describe, expect, it } from "vitest";
import { Rng } from "./rng";

describe("Rng", () => {
  it("gives the same stream for the same seed and different streams for different seeds", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });

  it("resumes exactly from a saved state", () => {
    const a = new Rng(7);
    a.next();
    a.normal();
    const saved = JSON.parse(JSON.stringify(a.state()));
    const expected = [a.next(), a.normal(), a.normal(), a.int(100)];
    const b = Rng.fromState(saved);
    expect([b.next(), b.normal(), b.normal(), b.int(100)]).toEqual(expected);
  });

  it("draws uniform numbers in [0,1) with mean near 1/2 and normals with unit variance", () => {
    const r = new Rng(1);
    const n = 20000;
    let sum = 0;
    let sq = 0;
    let sn = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
      const z = r.normal();
      sn += z;
      sq += z * z;
    }
    expect(sum / n).toBeCloseTo(0.5, 1);
    expect(sn / n).toBeCloseTo(0, 1);
    expect(sq / n).toBeCloseTo(1, 1);
  });

  it("refuses a seed that is not a finite number", () => {
    expect(() => new Rng(Number.NaN)).toThrow(/NaN/);
  });
});
