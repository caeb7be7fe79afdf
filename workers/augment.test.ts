import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../src/core/rng";
import { augmentBatch, augments, shiftFlipIndices } from "./augment";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** The image a gather map makes of pixel values 1..h·w (0 for pixels from outside). */
function apply(indices: Int32Array, n: number, h: number, w: number): number[][] {
  const images: number[][] = [];
  for (let i = 0; i < n; i++) {
    images.push(
      Array.from(indices.slice(i * h * w, (i + 1) * h * w), (s) => (s === n * h * w ? 0 : (s % (h * w)) + 1)),
    );
  }
  return images;
}

describe("augmentation", () => {
  it("shifts each image by its own offset within ±shift, filling with zeros", () => {
    const n = 200;
    const images = apply(shiftFlipIndices(n, 3, 3, 1, false, new Rng(1)), n, 3, 3);
    const seen = new Set<string>();
    for (const img of images) {
      // The original pixel k lands at position k + dy·3 + dx for one (dx, dy) in {−1, 0, 1}².
      const shifts = [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => [dx, dy]));
      const match = shifts.find(([dx, dy]) =>
        img.every((v, p) => {
          const sy = Math.floor(p / 3) - dy;
          const sx = (p % 3) - dx;
          return v === (sy >= 0 && sy < 3 && sx >= 0 && sx < 3 ? sy * 3 + sx + 1 : 0);
        }),
      );
      expect(match).toBeDefined();
      seen.add(String(match));
    }
    expect(seen.size).toBe(9);
  });

  it("mirrors about half of the images left-right when flipping", () => {
    const n = 400;
    const images = apply(shiftFlipIndices(n, 2, 3, 0, true, new Rng(2)), n, 2, 3);
    const mirrored = images.filter((img) => img.join() === "3,2,1,6,5,4").length;
    const kept = images.filter((img) => img.join() === "1,2,3,4,5,6").length;
    expect(mirrored + kept).toBe(n);
    expect(mirrored).toBeGreaterThan(160);
    expect(mirrored).toBeLessThan(240);
  });

  it("moves whole pixels across channels, adds noise of the asked spread, follows the seed and leaks nothing", () => {
    const before = tf.memory().numTensors;
    const n = 64;
    const [h, w, c] = [5, 5, 3];
    const values = Float32Array.from({ length: n * h * w * c }, (_, i) => 1 + (i % 7));
    const x = tf.tensor2d(values, [n, h * w * c]);
    const run = (seed: number, noise: number) =>
      tf.tidy(() =>
        augmentBatch(tf, x, [h, w, c], { shift: 2, flip: true, noise }, new Rng(seed)).dataSync(),
      );
    const plain = run(3, 0);
    // Channels of a pixel move together: a pixel is either zero fill or a source pixel's three values.
    for (let p = 0; p < n * h * w; p++) {
      const px = Array.from(plain.slice(p * c, p * c + c));
      if (px.some((v) => v === 0)) expect(px).toEqual([0, 0, 0]);
    }
    expect(plain.some((v) => v === 0)).toBe(true);
    expect(run(3, 0)).toEqual(plain);
    expect(run(4, 0)).not.toEqual(plain);
    const noisy = run(5, 0.1);
    const geometry = tf.tidy(() =>
      augmentBatch(tf, x, [h, w, c], { shift: 2, flip: true, noise: 0 }, new Rng(5)).dataSync(),
    );
    const diffs = Array.from(noisy, (v, i) => v - geometry[i]);
    const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    const sd = Math.sqrt(diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / diffs.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(sd).toBeCloseTo(0.1, 2);
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("leaves the batch as it is when the config changes nothing", () => {
    expect(augments(undefined)).toBe(false);
    expect(augments({ shift: 0, flip: false, noise: 0 })).toBe(false);
    expect(augments({ shift: 0, flip: false, noise: 0.05 })).toBe(true);
    const x = tf.zeros([2, 4]) as tf.Tensor2D;
    expect(augmentBatch(tf, x, [2, 2, 1], { shift: 0, flip: false, noise: 0 }, new Rng(1))).toBe(x);
    x.dispose();
  });
});
