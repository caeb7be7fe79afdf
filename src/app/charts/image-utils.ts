/**
 * Helpers for drawing the examples of an image dataset: which rows to preview, the brightest value
 * (so every set is drawn with full contrast whatever its scale), and one example as RGBA pixels.
 */
import type { DatasetArrays } from "../../shared/train";

/** The first `perClass` rows of each class, in class order (classification), or the first rows (regression). */
export function previewRows(arrays: DatasetArrays, perClass: number): number[][] {
  if (arrays.task === "regression")
    return [Array.from({ length: Math.min(perClass, arrays.y.length) }, (_, i) => i)];
  const rows: number[][] = Array.from({ length: arrays.classes }, () => []);
  let missing = arrays.classes;
  for (let i = 0; i < arrays.y.length && missing > 0; i++) {
    const bucket = rows[arrays.y[i]];
    if (bucket && bucket.length < perClass) {
      bucket.push(i);
      if (bucket.length === perClass) missing--;
    }
  }
  return rows;
}

/** The largest raw value of x (times xScale: the brightest pixel of the set); 1 when all are 0. */
export function brightest(arrays: DatasetArrays): number {
  let max = 0;
  for (let i = 0; i < arrays.x.length; i++) if (arrays.x[i] > max) max = arrays.x[i];
  return max > 0 ? max * arrays.xScale : 1;
}

/** Ink colour of the strongest pixel; 0 is drawn as white paper, the strongest as this near-black. */
const INK = [29, 39, 51];

/**
 * One example as RGBA pixels (height × width): grey levels are drawn as ink on white paper, so a
 * digit reads as dark strokes on the light page; three-channel images keep their colours.
 */
export function examplePixels(arrays: DatasetArrays, row: number, max: number): Uint8ClampedArray {
  const [h, w, c = 1] = arrays.exampleShape;
  const size = h * w * c;
  const offset = row * size;
  const out = new Uint8ClampedArray(h * w * 4);
  for (let p = 0; p < h * w; p++) {
    if (c >= 3) {
      for (let k = 0; k < 3; k++) out[4 * p + k] = (255 * arrays.x[offset + p * c + k] * arrays.xScale) / max;
    } else {
      const t = Math.min(1, Math.max(0, (arrays.x[offset + p * c] * arrays.xScale) / max));
      for (let k = 0; k < 3; k++) out[4 * p + k] = 255 + (INK[k] - 255) * t;
    }
    out[4 * p + 3] = 255;
  }
  return out;
}
