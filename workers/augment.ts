/**
 * Image augmentation of a training batch: a random shift with zero fill, a left-right mirror and
 * Gaussian noise, all drawn from the run's own seeded stream on the CPU, so a seed gives the same
 * augmented batches on every backend. Shift and mirror become one gather of pixel rows.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { AugmentConfig } from "../src/shared/train";
import type { Rng } from "../src/core/rng";
import type { Tf } from "./model";

/** True when the config changes anything. */
export function augments(config: AugmentConfig | undefined): config is AugmentConfig {
  return !!config && (config.shift > 0 || config.flip || config.noise > 0);
}

/**
 * For every output pixel of n images of h×w, the index of the source pixel among the n·h·w pixels,
 * or n·h·w (a zero row) where the shift brings in pixels from outside the image. Each image draws
 * its shift (dx, dy, each uniform in −shift..shift) and then, with `flip`, a coin for the mirror.
 */
export function shiftFlipIndices(
  n: number,
  h: number,
  w: number,
  shift: number,
  flip: boolean,
  rng: Rng,
): Int32Array {
  const outside = n * h * w;
  const indices = new Int32Array(n * h * w);
  for (let i = 0; i < n; i++) {
    const dx = shift > 0 ? rng.int(2 * shift + 1) - shift : 0;
    const dy = shift > 0 ? rng.int(2 * shift + 1) - shift : 0;
    const mirror = flip && rng.next() < 0.5;
    const base = i * h * w;
    for (let y = 0; y < h; y++) {
      const sy = y - dy;
      for (let x = 0; x < w; x++) {
        const sx = (mirror ? w - 1 - x : x) - dx;
        indices[base + y * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? base + sy * w + sx : outside;
      }
    }
  }
  return indices;
}

/** The augmented batch (flat rows of h·w·c values); `x` itself when the config changes nothing. Call inside tidy. */
export function augmentBatch(
  tf: Tf,
  x: tfjs.Tensor2D,
  imageShape: number[],
  config: AugmentConfig | undefined,
  rng: Rng,
): tfjs.Tensor2D {
  if (!augments(config)) return x;
  const [h, w, c] = imageShape;
  const n = x.shape[0];
  let out = x;
  if (config.shift > 0 || config.flip) {
    const pixels = tf.concat([tf.reshape(x, [n * h * w, c]), tf.zeros([1, c])]);
    const indices = tf.tensor1d(shiftFlipIndices(n, h, w, config.shift, config.flip, rng), "int32");
    out = tf.reshape(tf.gather(pixels, indices), [n, h * w * c]) as tfjs.Tensor2D;
  }
  if (config.noise > 0) {
    const noise = new Float32Array(n * h * w * c);
    for (let i = 0; i < noise.length; i++) noise[i] = config.noise * rng.normal();
    out = tf.add(out, tf.tensor2d(noise, [n, h * w * c]));
  }
  return out;
}
