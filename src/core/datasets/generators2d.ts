/**
 * Two-dimensional toy datasets in the manner of TensorFlow Playground (same shapes, same noise
 * scale), plus two moons, a checkerboard, a few-gaussian multi-class set and a sine regression. Labels are class indices (0/1, or 0..k-1) for
 * classification and the target value in [-1, 1] for regression. Every point lies in
 * [-DOMAIN_2D, DOMAIN_2D]², and the same seed always gives the same points.
 */
import { Rng } from "../rng";
import type { Dataset2DSpec, Generator2D, Task } from "../../shared/train";

export interface Example2D {
  x1: number;
  x2: number;
  label: number;
}

/** Half side of the square every point lies in; the decision-boundary grid covers the same square. */
export const DOMAIN_2D = 6;

/** The generators, with a label for menus and the task each one poses. */
export const GENERATORS_2D: { id: Generator2D; label: string; task: Task }[] = [
  { id: "circle", label: "Circle", task: "binary" },
  { id: "xor", label: "Exclusive or", task: "binary" },
  { id: "gaussian", label: "Two gaussians", task: "binary" },
  { id: "spiral", label: "Spiral", task: "binary" },
  { id: "moons", label: "Two moons", task: "binary" },
  { id: "checkerboard", label: "Checkerboard", task: "binary" },
  { id: "multiclass", label: "Several gaussians", task: "multiclass" },
  { id: "reg-plane", label: "Plane (regression)", task: "regression" },
  { id: "reg-gaussian", label: "Gaussian bumps (regression)", task: "regression" },
  { id: "reg-sine", label: "Sine wave (regression)", task: "regression" },
];

export const MIN_SAMPLES_2D = 4;
export const MAX_SAMPLES_2D = 100_000;
export const MIN_CLASSES = 3;
export const MAX_CLASSES = 5;

/** The task a 2D dataset poses. */
export function taskOf(spec: Dataset2DSpec): Task {
  const entry = GENERATORS_2D.find((g) => g.id === spec?.generator);
  if (!entry) {
    const known = GENERATORS_2D.map((g) => g.id).join(", ");
    throw new Error(`Unknown 2D generator "${String(spec?.generator)}" (expected one of ${known})`);
  }
  return entry.task;
}

/** Number of classes (1 for regression, where the model has one output). */
export function classCount(spec: Dataset2DSpec): number {
  const task = taskOf(spec);
  if (task === "regression") return 1;
  return task === "binary" ? 2 : spec.classes;
}

/** Throws an Error naming the field and value if the generation part of a spec is unusable. */
export function validateGeneration(spec: Dataset2DSpec): void {
  taskOf(spec);
  const { samples, noise } = spec;
  if (!Number.isInteger(samples) || samples < MIN_SAMPLES_2D || samples > MAX_SAMPLES_2D) {
    throw new Error(
      `Sample count must be an integer from ${MIN_SAMPLES_2D} to ${MAX_SAMPLES_2D}, got ${samples}`,
    );
  }
  if (typeof noise !== "number" || !(noise >= 0 && noise <= 50)) {
    throw new Error(`Noise must be between 0 and 50, got ${String(noise)}`);
  }
  if (spec.generator === "multiclass") {
    const k = spec.classes;
    if (!Number.isInteger(k) || k < MIN_CLASSES || k > MAX_CLASSES) {
      throw new Error(`Class count must be an integer from ${MIN_CLASSES} to ${MAX_CLASSES}, got ${k}`);
    }
  }
}

/** Splits n into `parts` near-equal counts that add up to n. */
function shares(n: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));
}

/** A gaussian point around (cx, cy), redrawn until it lies inside the domain. */
function gaussianPoint(rng: Rng, cx: number, cy: number, sd: number): [number, number] {
  for (;;) {
    const x = cx + sd * rng.normal();
    const y = cy + sd * rng.normal();
    if (Math.abs(x) <= DOMAIN_2D && Math.abs(y) <= DOMAIN_2D) return [x, y];
  }
}

/** Gaussian spread for a noise level: variance 0.5 at no noise up to 4 at 50 (as the Playground). */
function gaussianSd(noise: number): number {
  return Math.sqrt(0.5 + (3.5 * noise) / 0.5);
}

/** Inner disc (class 1) and outer ring (class 0); noise perturbs where the label is read, not the point. */
function circle(n: number, noise: number, rng: Rng): Example2D[] {
  const radius = 5;
  const [inner, outer] = shares(n, 2);
  const out: Example2D[] = [];
  const labelAt = (x: number, y: number): number => (Math.hypot(x, y) < radius / 2 ? 1 : 0);
  const ring = (count: number, rMin: number, rMax: number): void => {
    for (let i = 0; i < count; i++) {
      const r = rng.uniform(rMin, rMax);
      const angle = rng.uniform(0, 2 * Math.PI);
      const x1 = r * Math.sin(angle);
      const x2 = r * Math.cos(angle);
      const dx = rng.uniform(-radius, radius) * noise;
      const dy = rng.uniform(-radius, radius) * noise;
      out.push({ x1, x2, label: labelAt(x1 + dx, x2 + dy) });
    }
  };
  ring(inner, 0, radius / 2);
  ring(outer, radius * 0.7, radius);
  return out;
}

/** Four quadrants kept a little off the axes; class 1 where x1·x2 ≥ 0 (read at a noisy position). */
function xor(n: number, noise: number, rng: Rng): Example2D[] {
  const gap = 0.3;
  const out: Example2D[] = [];
  const coord = (): number => {
    const v = rng.uniform(-5, 5);
    return v > 0 ? v + gap : v - gap;
  };
  for (let i = 0; i < n; i++) {
    const x1 = coord();
    const x2 = coord();
    const dx = rng.uniform(-5, 5) * noise;
    const dy = rng.uniform(-5, 5) * noise;
    out.push({ x1, x2, label: (x1 + dx) * (x2 + dy) >= 0 ? 1 : 0 });
  }
  return out;
}

/** Two gaussian blobs at (2, 2) (class 1) and (-2, -2) (class 0), wider with more noise. */
function twoGaussians(n: number, noise: number, rng: Rng): Example2D[] {
  const sd = gaussianSd(noise);
  const [ones, zeros] = shares(n, 2);
  const out: Example2D[] = [];
  for (let i = 0; i < ones; i++) {
    const [x1, x2] = gaussianPoint(rng, 2, 2, sd);
    out.push({ x1, x2, label: 1 });
  }
  for (let i = 0; i < zeros; i++) {
    const [x1, x2] = gaussianPoint(rng, -2, -2, sd);
    out.push({ x1, x2, label: 0 });
  }
  return out;
}

/** Two interleaved arms of 1.75 turns reaching radius 5; noise jitters the points themselves. */
function spiral(n: number, noise: number, rng: Rng): Example2D[] {
  const out: Example2D[] = [];
  const [ones, zeros] = shares(n, 2);
  const arm = (count: number, phase: number, label: number): void => {
    for (let i = 0; i < count; i++) {
      const along = i / count;
      const r = 5 * along;
      const t = 1.75 * 2 * Math.PI * along + phase;
      const x1 = r * Math.sin(t) + rng.uniform(-1, 1) * noise;
      const x2 = r * Math.cos(t) + rng.uniform(-1, 1) * noise;
      out.push({ x1, x2, label });
    }
  };
  arm(ones, 0, 1);
  arm(zeros, Math.PI, 0);
  return out;
}

/** Half-circle radius of the moons in domain units (the unit moons of the usual recipe, scaled by 3). */
const MOON_SCALE = 3;

/**
 * Two interleaving half circles: class 0 the upper arc around (-1.5, -0.75), class 1 the lower arc
 * around (1.5, 0.75), both of radius 3; noise jitters the points (standard deviation noise × radius).
 */
function moons(n: number, noise: number, rng: Rng): Example2D[] {
  const [upper, lower] = shares(n, 2);
  const out: Example2D[] = [];
  // Unit moons span [-1, 2] × [-0.5, 1]; subtracting their centre (0.5, 0.25) centres them on the origin.
  const arc = (count: number, label: number, at: (t: number) => [number, number]): void => {
    for (let i = 0; i < count; i++) {
      const [ux, uy] = at(rng.uniform(0, Math.PI));
      const [x1, x2] = gaussianPoint(
        rng,
        MOON_SCALE * (ux - 0.5),
        MOON_SCALE * (uy - 0.25),
        MOON_SCALE * noise,
      );
      out.push({ x1, x2, label });
    }
  };
  arc(upper, 0, (t) => [Math.cos(t), Math.sin(t)]);
  arc(lower, 1, (t) => [1 - Math.cos(t), 0.5 - Math.sin(t)]);
  return out;
}

/** Side of a checkerboard square: 4 × 4 squares cover the domain. */
export const CHECKER_SIDE = (2 * DOMAIN_2D) / 4;

/** The checkerboard class of a position: 1 on the squares whose row and column differ in parity. */
export function checkerClass(x: number, y: number): number {
  const cell = (v: number): number => Math.floor((v + DOMAIN_2D) / CHECKER_SIDE);
  return (((cell(x) + cell(y)) % 2) + 2) % 2;
}

/** Uniform points labelled by a 4 × 4 checkerboard read at a position displaced by up to noise × a square side. */
function checkerboard(n: number, noise: number, rng: Rng): Example2D[] {
  const out: Example2D[] = [];
  for (let i = 0; i < n; i++) {
    const x1 = rng.uniform(-DOMAIN_2D, DOMAIN_2D);
    const x2 = rng.uniform(-DOMAIN_2D, DOMAIN_2D);
    const dx = rng.uniform(-CHECKER_SIDE, CHECKER_SIDE) * noise;
    const dy = rng.uniform(-CHECKER_SIDE, CHECKER_SIDE) * noise;
    out.push({ x1, x2, label: checkerClass(x1 + dx, x2 + dy) });
  }
  return out;
}

/** The noise-free sine target: two whole periods of sin across the domain along x1; x2 plays no part. */
export function sineTarget(x1: number): number {
  return Math.sin((2 * Math.PI * x1) / DOMAIN_2D);
}

/** Uniform points; the target is the sine of x1 plus Gaussian noise (standard deviation = noise), kept in [-1, 1]. */
function sineRegression(n: number, noise: number, rng: Rng): Example2D[] {
  const out: Example2D[] = [];
  for (let i = 0; i < n; i++) {
    const x1 = rng.uniform(-DOMAIN_2D, DOMAIN_2D);
    const x2 = rng.uniform(-DOMAIN_2D, DOMAIN_2D);
    const label = Math.max(-1, Math.min(1, sineTarget(x1) + noise * rng.normal()));
    out.push({ x1, x2, label });
  }
  return out;
}

/** k gaussian clusters evenly spaced on a circle of radius 3.5, class j around the j-th centre. */
function multiGaussians(n: number, noise: number, k: number, rng: Rng): Example2D[] {
  // Tighter than the two-gaussian set so that neighbouring clusters stay mostly apart.
  const sd = 0.5 * gaussianSd(noise);
  const out: Example2D[] = [];
  shares(n, k).forEach((count, j) => {
    const angle = Math.PI / 2 + (2 * Math.PI * j) / k;
    const cx = 3.5 * Math.cos(angle);
    const cy = 3.5 * Math.sin(angle);
    for (let i = 0; i < count; i++) {
      const [x1, x2] = gaussianPoint(rng, cx, cy, sd);
      out.push({ x1, x2, label: j });
    }
  });
  return out;
}

/** Uniform points; the target is read at a position displaced by up to noise × domain. */
function uniformRegression(
  n: number,
  noise: number,
  rng: Rng,
  target: (x: number, y: number) => number,
): Example2D[] {
  const out: Example2D[] = [];
  for (let i = 0; i < n; i++) {
    const x1 = rng.uniform(-DOMAIN_2D, DOMAIN_2D);
    const x2 = rng.uniform(-DOMAIN_2D, DOMAIN_2D);
    const dx = rng.uniform(-DOMAIN_2D, DOMAIN_2D) * noise;
    const dy = rng.uniform(-DOMAIN_2D, DOMAIN_2D) * noise;
    out.push({ x1, x2, label: target(x1 + dx, x2 + dy) });
  }
  return out;
}

/** A tilted plane: (x1 + x2) / 10, clamped to [-1, 1]. */
function planeTarget(x: number, y: number): number {
  return Math.max(-1, Math.min(1, (x + y) / 10));
}

const BUMPS: { cx: number; cy: number; sign: number }[] = [
  { cx: -4, cy: 2.5, sign: 1 },
  { cx: 0, cy: 2.5, sign: -1 },
  { cx: 4, cy: 2.5, sign: 1 },
  { cx: -4, cy: -2.5, sign: -1 },
  { cx: 0, cy: -2.5, sign: 1 },
  { cx: 4, cy: -2.5, sign: -1 },
];

/** Six cones of height ±1 and radius 2 on a 3 × 2 grid; the tallest one at a point wins. */
function bumpsTarget(x: number, y: number): number {
  let best = 0;
  for (const { cx, cy, sign } of BUMPS) {
    const height = sign * Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 2);
    if (Math.abs(height) > Math.abs(best)) best = height;
  }
  return best;
}

/** All points of a 2D dataset (train and validation together), deterministic for a seed. */
export function generate2D(spec: Dataset2DSpec, seed: number): Example2D[] {
  validateGeneration(spec);
  const rng = new Rng(seed);
  const n = spec.samples;
  // The Playground's noise is a fraction (0–0.5); the spec holds it in percent.
  const noise = spec.noise / 100;
  switch (spec.generator) {
    case "circle":
      return circle(n, noise, rng);
    case "xor":
      return xor(n, noise, rng);
    case "gaussian":
      return twoGaussians(n, noise, rng);
    case "spiral":
      return spiral(n, noise, rng);
    case "moons":
      return moons(n, noise, rng);
    case "checkerboard":
      return checkerboard(n, noise, rng);
    case "multiclass":
      return multiGaussians(n, noise, spec.classes, rng);
    case "reg-plane":
      return uniformRegression(n, noise, rng, planeTarget);
    case "reg-gaussian":
      return uniformRegression(n, noise, rng, bumpsTarget);
    case "reg-sine":
      return sineRegression(n, noise, rng);
  }
}

/**
 * Splits examples into training and validation sets with a seeded shuffle. With `stratify`
 * (default: when every label is a small non-negative integer, i.e. classification) each class is
 * split in the same ratio. Both parts are non-empty when there are at least two examples.
 */
export function splitTrainVal(
  examples: Example2D[],
  trainRatio: number,
  seed: number,
  stratify = examples.every((e) => Number.isInteger(e.label) && e.label >= 0 && e.label < 64),
): { train: Example2D[]; val: Example2D[] } {
  if (typeof trainRatio !== "number" || !(trainRatio > 0 && trainRatio < 1)) {
    throw new Error(`Training ratio must be strictly between 0 and 1, got ${String(trainRatio)}`);
  }
  if (examples.length < 2) throw new Error(`Need at least 2 examples to split, got ${examples.length}`);
  const rng = new Rng(seed);
  const n = examples.length;
  const nTrain = Math.min(n - 1, Math.max(1, Math.round(n * trainRatio)));
  const groups = new Map<number, Example2D[]>();
  if (stratify) {
    for (const e of examples) {
      const group = groups.get(e.label);
      if (group) group.push(e);
      else groups.set(e.label, [e]);
    }
  } else {
    groups.set(0, examples.slice());
  }
  // Largest-remainder allocation, so the class quotas add up to exactly nTrain.
  const ordered = [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => rng.shuffle(g.slice()));
  const exact = ordered.map((g) => (g.length * nTrain) / n);
  const quota = exact.map(Math.floor);
  let missing = nTrain - quota.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (missing === 0) break;
    quota[i]++;
    missing--;
  }
  const train: Example2D[] = [];
  const val: Example2D[] = [];
  ordered.forEach((g, i) => {
    train.push(...g.slice(0, quota[i]));
    val.push(...g.slice(quota[i]));
  });
  return { train: rng.shuffle(train), val: rng.shuffle(val) };
}
