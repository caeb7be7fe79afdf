import { describe, expect, it } from "vitest";
import type { Dataset2DSpec, Generator2D } from "../../shared/train";
import {
  CHECKER_SIDE,
  checkerClass,
  classCount,
  DOMAIN_2D,
  generate2D,
  GENERATORS_2D,
  sineTarget,
  splitTrainVal,
  taskOf,
  type Example2D,
} from "./generators2d";

const spec = (generator: Generator2D, over: Partial<Dataset2DSpec> = {}): Dataset2DSpec => ({
  kind: "2d",
  generator,
  samples: 400,
  noise: 0,
  classes: 4,
  trainRatio: 0.7,
  features: ["x1", "x2"],
  ...over,
});

const countBy = (xs: Example2D[]): Map<number, number> => {
  const m = new Map<number, number>();
  for (const e of xs) m.set(e.label, (m.get(e.label) ?? 0) + 1);
  return m;
};

describe("generate2D", () => {
  it("makes exactly `samples` points inside the domain for every generator and noise level", () => {
    for (const { id } of GENERATORS_2D) {
      for (const noise of [0, 25, 50]) {
        const pts = generate2D(spec(id, { samples: 301, noise }), 3);
        expect(pts.length).toBe(301);
        for (const p of pts) {
          expect(Math.abs(p.x1)).toBeLessThanOrEqual(DOMAIN_2D);
          expect(Math.abs(p.x2)).toBeLessThanOrEqual(DOMAIN_2D);
          expect(Number.isFinite(p.label)).toBe(true);
        }
      }
    }
  });

  it("gives the same points for the same seed and different ones for another seed", () => {
    for (const { id } of GENERATORS_2D) {
      const a = generate2D(spec(id, { noise: 20 }), 11);
      expect(generate2D(spec(id, { noise: 20 }), 11)).toEqual(a);
      expect(generate2D(spec(id, { noise: 20 }), 12)).not.toEqual(a);
    }
  });

  it("labels classification sets with class indices in balanced numbers", () => {
    for (const id of ["circle", "gaussian", "spiral", "moons"] as const) {
      const counts = countBy(generate2D(spec(id), 1));
      expect([...counts.keys()].sort()).toEqual([0, 1]);
      expect(counts.get(0)).toBe(200);
    }
    const multi = countBy(generate2D(spec("multiclass", { classes: 5, samples: 502 }), 1));
    expect([...multi.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
    expect([...multi.values()].sort()).toEqual([100, 100, 100, 101, 101]);
  });

  it("draws the shapes: circle inside/outside radius 2.5, xor by quadrant, spiral radius ≤ 5", () => {
    for (const p of generate2D(spec("circle"), 2)) {
      const r = Math.hypot(p.x1, p.x2);
      if (p.label === 1) expect(r).toBeLessThanOrEqual(2.5);
      else expect(r).toBeGreaterThanOrEqual(3.5);
    }
    for (const p of generate2D(spec("xor"), 2)) {
      expect(p.label).toBe(p.x1 * p.x2 >= 0 ? 1 : 0);
      expect(Math.min(Math.abs(p.x1), Math.abs(p.x2))).toBeGreaterThanOrEqual(0.3);
    }
    for (const p of generate2D(spec("spiral"), 2))
      expect(Math.hypot(p.x1, p.x2)).toBeLessThanOrEqual(5 + 1e-9);
    // Two gaussians: class 1 mostly in the upper right, class 0 in the lower left.
    const g = generate2D(spec("gaussian"), 2);
    const right = g.filter((p) => p.label === 1 && p.x1 + p.x2 > 0).length;
    expect(right / 200).toBeGreaterThan(0.95);
  });

  it("puts regression targets in [-1, 1] following the plane x1 + x2", () => {
    const plane = generate2D(spec("reg-plane"), 5);
    for (const p of plane) expect(p.label).toBeCloseTo(Math.max(-1, Math.min(1, (p.x1 + p.x2) / 10)), 12);
    const bumps = generate2D(spec("reg-gaussian"), 5);
    for (const p of bumps) expect(Math.abs(p.label)).toBeLessThanOrEqual(1);
    expect(bumps.some((p) => p.label > 0.5) && bumps.some((p) => p.label < -0.5)).toBe(true);
  });

  it("draws two interleaving moons of radius 3", () => {
    for (const p of generate2D(spec("moons"), 6)) {
      // Upper arc around (-1.5, -0.75) opening downwards; lower arc around (1.5, 0.75) opening upwards.
      const [cx, cy] = p.label === 0 ? [-1.5, -0.75] : [1.5, 0.75];
      expect(Math.hypot(p.x1 - cx, p.x2 - cy)).toBeCloseTo(3, 9);
      if (p.label === 0) expect(p.x2).toBeGreaterThanOrEqual(cy - 1e-9);
      else expect(p.x2).toBeLessThanOrEqual(cy + 1e-9);
    }
    // Interleaved: each moon's tip reaches into the other's bowl (beyond x1 = ±1).
    const pts = generate2D(spec("moons", { samples: 2000 }), 6);
    expect(pts.some((p) => p.label === 0 && p.x1 > 1 && p.x2 < 0)).toBe(true);
    expect(pts.some((p) => p.label === 1 && p.x1 < -1 && p.x2 > 0)).toBe(true);
    // Noise moves points off the arcs.
    const noisy = generate2D(spec("moons", { noise: 30 }), 6);
    const off = noisy.filter((p) => {
      const [cx, cy] = p.label === 0 ? [-1.5, -0.75] : [1.5, 0.75];
      return Math.abs(Math.hypot(p.x1 - cx, p.x2 - cy) - 3) > 0.3;
    });
    expect(off.length).toBeGreaterThan(100);
  });

  it("labels a 4 × 4 checkerboard over the domain, both classes about equally", () => {
    expect(CHECKER_SIDE).toBe(3);
    expect(checkerClass(-5, -5)).toBe(0);
    expect(checkerClass(-2, -5)).toBe(1);
    expect(checkerClass(-2, -2)).toBe(0);
    expect(checkerClass(5, -5)).toBe(1);
    expect(checkerClass(-7, -5)).toBe(1); // the pattern continues past the edge (noisy reads)
    const pts = generate2D(spec("checkerboard", { samples: 4000 }), 8);
    for (const p of pts) expect(p.label).toBe(checkerClass(p.x1, p.x2));
    const ones = pts.filter((p) => p.label === 1).length;
    expect(ones / pts.length).toBeGreaterThan(0.45);
    expect(ones / pts.length).toBeLessThan(0.55);
    // All 16 squares are populated.
    const squares = new Set(pts.map((p) => `${Math.floor(p.x1 / 3)},${Math.floor(p.x2 / 3)}`));
    expect(squares.size).toBe(16);
    const flipped = generate2D(spec("checkerboard", { samples: 4000, noise: 30 }), 8).filter(
      (p) => p.label !== checkerClass(p.x1, p.x2),
    ).length;
    expect(flipped).toBeGreaterThan(200);
  });

  it("makes the sine target of x1 alone, noise added and kept in [-1, 1]", () => {
    expect(sineTarget(1.5)).toBeCloseTo(1, 12);
    expect(sineTarget(-4.5)).toBeCloseTo(1, 12);
    expect(sineTarget(3)).toBeCloseTo(0, 12);
    for (const p of generate2D(spec("reg-sine"), 4)) expect(p.label).toBeCloseTo(sineTarget(p.x1), 12);
    const noisy = generate2D(spec("reg-sine", { noise: 20, samples: 5000 }), 4);
    const residuals = noisy.map((p) => p.label - sineTarget(p.x1));
    const rms = Math.sqrt(residuals.reduce((a, r) => a + r * r, 0) / residuals.length);
    expect(rms).toBeGreaterThan(0.15);
    expect(rms).toBeLessThan(0.21);
    for (const p of noisy) expect(Math.abs(p.label)).toBeLessThanOrEqual(1);
    // x2 is irrelevant: residuals do not follow it.
    const corr = noisy.reduce((a, p, i) => a + p.x2 * residuals[i], 0) / noisy.length;
    expect(Math.abs(corr)).toBeLessThan(0.05);
  });

  it("flips more labels as noise grows (circle)", () => {
    const wrong = (noise: number): number =>
      generate2D(spec("circle", { noise, samples: 2000 }), 9).filter(
        (p) => (Math.hypot(p.x1, p.x2) < 2.5 ? 1 : 0) !== p.label,
      ).length;
    expect(wrong(0)).toBe(0);
    expect(wrong(50)).toBeGreaterThan(wrong(10));
  });

  it("rejects bad specs with a message naming the value", () => {
    expect(() => generate2D(spec("rings" as Generator2D), 1)).toThrow(/"rings".*moons, checkerboard/);
    expect(() => generate2D(spec("xor", { samples: 2 }), 1)).toThrow(/Sample count.*2/);
    expect(() => generate2D(spec("xor", { samples: 10.5 }), 1)).toThrow(/10\.5/);
    expect(() => generate2D(spec("xor", { noise: 60 }), 1)).toThrow(/Noise.*60/);
    expect(() => generate2D(spec("multiclass", { classes: 7 }), 1)).toThrow(/Class count.*7/);
    expect(() => generate2D(spec("xor"), NaN)).toThrow(/Seed/);
  });
});

describe("taskOf and classCount", () => {
  it("names the task and the number of model outputs", () => {
    expect(taskOf(spec("spiral"))).toBe("binary");
    expect(taskOf(spec("multiclass"))).toBe("multiclass");
    expect(taskOf(spec("reg-plane"))).toBe("regression");
    expect(taskOf(spec("moons"))).toBe("binary");
    expect(taskOf(spec("checkerboard"))).toBe("binary");
    expect(taskOf(spec("reg-sine"))).toBe("regression");
    expect(classCount(spec("checkerboard"))).toBe(2);
    expect(classCount(spec("reg-sine"))).toBe(1);
    expect(classCount(spec("circle"))).toBe(2);
    expect(classCount(spec("multiclass", { classes: 3 }))).toBe(3);
    expect(classCount(spec("reg-gaussian"))).toBe(1);
  });
});

describe("splitTrainVal", () => {
  it("splits in the ratio, keeps every example once, and is stratified", () => {
    const all = generate2D(spec("multiclass", { classes: 3, samples: 300 }), 4);
    const { train, val } = splitTrainVal(all, 0.7, 8);
    expect(train.length).toBe(210);
    expect(val.length).toBe(90);
    expect(new Set([...train, ...val]).size).toBe(300);
    for (const [, c] of countBy(train)) expect(c).toBe(70);
    for (const [, c] of countBy(val)) expect(c).toBe(30);
  });

  it("keeps the class proportions within one example when they do not divide evenly", () => {
    const all = generate2D(spec("circle", { samples: 101 }), 4);
    const { train, val } = splitTrainVal(all, 0.63, 2);
    expect(train.length).toBe(Math.round(101 * 0.63));
    expect(train.length + val.length).toBe(101);
    const c = countBy(all);
    for (const [label, n] of countBy(train))
      expect(Math.abs(n - c.get(label)! * 0.63)).toBeLessThanOrEqual(1);
  });

  it("shuffles (classes interleaved) and is reproducible for a seed", () => {
    const all = generate2D(spec("spiral"), 4);
    const a = splitTrainVal(all, 0.5, 3);
    expect(splitTrainVal(all, 0.5, 3)).toEqual(a);
    expect(splitTrainVal(all, 0.5, 4)).not.toEqual(a);
    expect(
      a.train.slice(0, 20).some((e) => e.label === 0) && a.train.slice(0, 20).some((e) => e.label === 1),
    ).toBe(true);
  });

  it("does not stratify regression targets and keeps both parts non-empty", () => {
    const all = generate2D(spec("reg-plane", { samples: 4 }), 4);
    const { train, val } = splitTrainVal(all, 0.99, 1);
    expect(train.length).toBe(3);
    expect(val.length).toBe(1);
  });

  it("rejects a bad ratio or too few examples", () => {
    const all = generate2D(spec("xor", { samples: 10 }), 1);
    expect(() => splitTrainVal(all, 1, 1)).toThrow(/ratio.*1/);
    expect(() => splitTrainVal(all, 0, 1)).toThrow(/ratio.*0/);
    expect(() => splitTrainVal(all.slice(0, 1), 0.5, 1)).toThrow(/at least 2.*1/);
  });
});
