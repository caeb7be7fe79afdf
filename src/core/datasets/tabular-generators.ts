/** Synthetic table datasets generated in place of a file, deterministic for a seed. */
import { Rng } from "../rng";
import type { DatasetArrays } from "../../shared/train";

const FRIEDMAN1_FEATURES = 10;
export const MAX_GENERATED_ROWS = 1_000_000;

/** The noise-free Friedman #1 response of one row (only the first five features count). */
export function friedman1Target(x: ArrayLike<number>, offset = 0): number {
  const [x1, x2, x3, x4, x5] = [x[offset], x[offset + 1], x[offset + 2], x[offset + 3], x[offset + 4]];
  return 10 * Math.sin(Math.PI * x1 * x2) + 20 * (x3 - 0.5) ** 2 + 10 * x4 + 5 * x5;
}

/**
 * Friedman #1 regression (Friedman 1991): 10 features uniform in [0, 1], of which only the first
 * five matter: y = 10 sin(π x1 x2) + 20 (x3 − 0.5)² + 10 x4 + 5 x5 + N(0, noise²).
 */
export function friedman1(n: number, noise: number, seed: number): DatasetArrays {
  if (!Number.isInteger(n) || n < 1 || n > MAX_GENERATED_ROWS) {
    throw new Error(`Row count must be an integer from 1 to ${MAX_GENERATED_ROWS}, got ${String(n)}`);
  }
  if (typeof noise !== "number" || !Number.isFinite(noise) || noise < 0) {
    throw new Error(`Noise must be a finite number ≥ 0, got ${String(noise)}`);
  }
  const rng = new Rng(seed);
  // Separate streams, so the features do not change with the noise level.
  const featureRng = rng.fork();
  const noiseRng = rng.fork();
  const x = new Float32Array(n * FRIEDMAN1_FEATURES);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * FRIEDMAN1_FEATURES;
    for (let j = 0; j < FRIEDMAN1_FEATURES; j++) x[base + j] = featureRng.next();
    // From the stored (float32) features, so the target is exactly the function of what the model sees.
    y[i] = friedman1Target(x, base) + noise * noiseRng.normal();
  }
  return {
    id: "friedman1",
    task: "regression",
    classes: 1,
    classNames: [],
    featureNames: Array.from({ length: FRIEDMAN1_FEATURES }, (_, j) => `x${j + 1}`),
    exampleShape: [FRIEDMAN1_FEATURES],
    x,
    xScale: 1,
    y,
    standardize: true,
    sourceTestCount: 0,
  };
}
