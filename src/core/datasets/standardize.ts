/**
 * Per-feature standardisation (zero mean, unit variance) of row-major data. The statistics come
 * from the rows they are fitted on (the training rows), so validation and test rows are scaled
 * with numbers they did not contribute to and nothing leaks from them into training.
 */

export interface Standardizer {
  mean: Float64Array;
  std: Float64Array;
}

/** Throws unless x holds whole rows of nFeatures values. */
function checkShape(x: ArrayLike<number>, nFeatures: number): number {
  if (!Number.isInteger(nFeatures) || nFeatures < 1) {
    throw new Error(`Feature count must be a positive integer, got ${String(nFeatures)}`);
  }
  if (x.length % nFeatures !== 0) {
    throw new Error(`Data length ${x.length} is not a whole number of rows of ${nFeatures} features`);
  }
  return x.length / nFeatures;
}

/** Throws unless every row index lies in [0, nRows). */
function checkRows(rows: ArrayLike<number>, nRows: number): void {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!Number.isInteger(r) || r < 0 || r >= nRows) {
      throw new Error(`Row index must be an integer from 0 to ${nRows - 1}, got ${String(r)}`);
    }
  }
}

function checkScale(scale: number): void {
  if (typeof scale !== "number" || !Number.isFinite(scale) || scale === 0) {
    throw new Error(`Scale must be a finite non-zero number, got ${String(scale)}`);
  }
}

/** Per-feature mean and standard deviation of the given rows only (std 0 becomes 1). */
export function fitStandardizer(
  x: ArrayLike<number>,
  nFeatures: number,
  rows: ArrayLike<number>,
  scale = 1,
): Standardizer {
  const nRows = checkShape(x, nFeatures);
  checkRows(rows, nRows);
  checkScale(scale);
  if (rows.length === 0) throw new Error("Cannot fit a standardiser on 0 rows");
  const mean = new Float64Array(nFeatures);
  for (let i = 0; i < rows.length; i++) {
    const base = rows[i] * nFeatures;
    for (let j = 0; j < nFeatures; j++) {
      const v = x[base + j];
      if (!Number.isFinite(v)) {
        throw new Error(`Value of row ${rows[i]}, feature ${j} is not a finite number: ${String(v)}`);
      }
      mean[j] += v * scale;
    }
  }
  for (let j = 0; j < nFeatures; j++) mean[j] /= rows.length;
  // Second pass around the mean: more accurate than the sum of squares for large offsets.
  const std = new Float64Array(nFeatures);
  for (let i = 0; i < rows.length; i++) {
    const base = rows[i] * nFeatures;
    for (let j = 0; j < nFeatures; j++) {
      const d = x[base + j] * scale - mean[j];
      std[j] += d * d;
    }
  }
  for (let j = 0; j < nFeatures; j++) {
    const sd = Math.sqrt(std[j] / rows.length);
    // A constant feature (or one constant up to rounding) is only centred, not blown up.
    std[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j])) ? sd : 1;
  }
  return { mean, std };
}

/** The given rows gathered into a new Float32Array, each feature standardised. */
export function gatherStandardized(
  x: ArrayLike<number>,
  nFeatures: number,
  rows: ArrayLike<number>,
  s: Standardizer | null,
  scale = 1,
): Float32Array {
  const nRows = checkShape(x, nFeatures);
  checkRows(rows, nRows);
  checkScale(scale);
  if (s && (s.mean.length !== nFeatures || s.std.length !== nFeatures)) {
    throw new Error(
      `Standardiser has ${s.mean.length} means and ${s.std.length} deviations for ${nFeatures} features`,
    );
  }
  const out = new Float32Array(rows.length * nFeatures);
  for (let i = 0; i < rows.length; i++) {
    const from = rows[i] * nFeatures;
    const to = i * nFeatures;
    if (s) {
      for (let j = 0; j < nFeatures; j++) out[to + j] = (x[from + j] * scale - s.mean[j]) / s.std[j];
    } else {
      for (let j = 0; j < nFeatures; j++) out[to + j] = x[from + j] * scale;
    }
  }
  return out;
}
