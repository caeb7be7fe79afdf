import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DatasetArrays } from "../../shared/train";
import { sha256Hex } from "../hash/sha256";
import { DATASET_CARDS, datasetCard, decodeBuiltin, generateBuiltin } from "./catalog";
import { GENERATORS_2D } from "./generators2d";

const PUBLIC_DIR = join(__dirname, "..", "..", "..", "public");

function shipped(id: string): { bytes: Uint8Array; arrays: DatasetArrays } {
  const card = datasetCard(id);
  const bytes = new Uint8Array(readFileSync(join(PUBLIC_DIR, card.file!.path)));
  return { bytes, arrays: decodeBuiltin(card, bytes) };
}

function classCounts(arrays: DatasetArrays, from = 0, to = arrays.y.length): number[] {
  const counts = new Array<number>(arrays.classes).fill(0);
  for (let i = from; i < to; i++) counts[arrays.y[i]]++;
  return counts;
}

const row = (a: DatasetArrays, i: number): number[] => {
  const width = a.x.length / a.y.length;
  return Array.from(a.x.subarray(i * width, (i + 1) * width));
};

// Published sizes and class counts of each source (UCI / scikit-learn documentation; the image
// subsets as scripts/datasets/builders.ts takes them).
const PUBLISHED: Record<string, { examples: number; shape: number[]; counts?: number[]; test: number }> = {
  iris: { examples: 150, shape: [4], counts: [50, 50, 50], test: 0 },
  wine: { examples: 178, shape: [13], counts: [59, 71, 48], test: 0 },
  "breast-cancer": { examples: 569, shape: [30], counts: [212, 357], test: 0 },
  diabetes: { examples: 442, shape: [10], test: 0 },
  digits: {
    examples: 1797,
    shape: [8, 8, 1],
    counts: [178, 182, 177, 183, 181, 182, 181, 179, 174, 180],
    test: 0,
  },
  mnist: {
    examples: 10000,
    shape: [28, 28, 1],
    counts: [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978],
    test: 2000,
  },
  "fashion-mnist": { examples: 10000, shape: [28, 28, 1], counts: new Array(10).fill(1000), test: 2000 },
};

describe("DATASET_CARDS", () => {
  it("has one card per id, every 2D generator among them", () => {
    const ids = DATASET_CARDS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cards2d = DATASET_CARDS.filter((c) => c.group === "2d");
    expect(cards2d.map((c) => c.id).sort()).toEqual(GENERATORS_2D.map((g) => g.id).sort());
    for (const g of GENERATORS_2D) expect(datasetCard(g.id).task, g.id).toBe(g.task);
    for (const id of [...Object.keys(PUBLISHED), "friedman1"]) expect(ids).toContain(id);
  });

  it("keeps every card self-consistent and fully described", () => {
    for (const c of DATASET_CARDS) {
      expect(c.features, c.id).toBe(c.exampleShape.reduce((p, s) => p * s, 1));
      if (c.task === "regression") expect([c.classes, c.classNames], c.id).toEqual([1, []]);
      else expect(c.classNames.length, c.id).toBe(c.classes);
      if (c.task === "binary") expect(c.classes, c.id).toBe(2);
      for (const text of [c.name, c.description, c.source, c.licence])
        expect(text.length, c.id).toBeGreaterThan(2);
      expect(c.sourceUrl, c.id).toMatch(/^https?:\/\/\S+$/);
      if (c.group !== "2d")
        expect(Boolean(c.file) !== Boolean(c.generated), `${c.id}: a file or generated`).toBe(true);
      else expect(c.file ?? c.generated, c.id).toBeUndefined();
      if (c.group === "image") expect(c.exampleShape.length, c.id).toBe(3);
    }
  });

  it("states the licences the sources carry", () => {
    for (const id of ["iris", "wine", "breast-cancer", "digits"]) {
      expect(datasetCard(id).licence).toMatch(/CC BY 4\.0.*BSD-3-Clause/);
    }
    expect(datasetCard("diabetes").licence).toMatch(/BSD-3-Clause/);
    expect(datasetCard("mnist").licence).toBe("CC BY-SA 3.0");
    expect(datasetCard("mnist").source).toMatch(/LeCun.*Cortes/);
    expect(datasetCard("fashion-mnist").licence).toBe("MIT");
    expect(datasetCard("fashion-mnist").source).toMatch(/Zalando Research/);
  });

  it("has a card for every file in public/datasets and nothing else there", () => {
    const files = readdirSync(join(PUBLIC_DIR, "datasets")).sort();
    const carded = DATASET_CARDS.flatMap((c) =>
      c.file ? [c.file.path.replace("datasets/", "")] : [],
    ).sort();
    expect(files).toEqual(carded);
  });
});

describe("datasetCard", () => {
  it("finds a card and names the known ids when it cannot", () => {
    expect(datasetCard("iris").name).toBe("Iris");
    expect(() => datasetCard("irs")).toThrow(
      /Unknown built-in dataset "irs"; known: circle, .*iris.*fashion-mnist/,
    );
  });
});

describe("shipped files", () => {
  for (const [id, want] of Object.entries(PUBLISHED)) {
    it(`${id}: the checksum holds and it decodes with the published size and classes`, () => {
      const card = datasetCard(id);
      const { bytes, arrays } = shipped(id);
      expect(bytes.length).toBe(card.file!.bytes);
      expect(sha256Hex(bytes)).toBe(card.file!.sha256);
      expect(arrays.id).toBe(id);
      expect(arrays.y.length).toBe(want.examples);
      expect(arrays.exampleShape).toEqual(want.shape);
      expect(arrays.sourceTestCount).toBe(want.test);
      expect(arrays.task).toBe(card.task);
      expect(arrays.classNames).toEqual(card.classNames);
      if (want.counts) expect(classCounts(arrays)).toEqual(want.counts);
      else expect(arrays.task).toBe("regression");
      expect(arrays.standardize).toBe(card.group === "table");
      expect(arrays.x).toBeInstanceOf(card.group === "image" ? Uint8Array : Float32Array);
    });
  }

  it("hold the source's values (first rows as printed in scikit-learn's files)", () => {
    const iris = shipped("iris").arrays;
    expect(row(iris, 0)).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    expect([iris.y[0], iris.y[149]]).toEqual([0, 2]);
    const bc = shipped("breast-cancer").arrays;
    expect(row(bc, 0).slice(0, 3)).toEqual([17.99, 10.38, 122.8].map(Math.fround));
    expect(bc.featureNames[0]).toBe("mean radius");
    expect(bc.featureNames[29]).toBe("worst fractal dimension");
    const diabetes = shipped("diabetes").arrays;
    expect(row(diabetes, 0)).toEqual([59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87].map(Math.fround));
    expect(Array.from(diabetes.y.subarray(0, 3))).toEqual([151, 75, 141]);
    const digits = shipped("digits").arrays;
    expect(row(digits, 0).slice(0, 8)).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
    expect(digits.xScale).toBe(1 / 16);
    expect(Math.max(...digits.x)).toBe(16);
  });

  it("image subsets: MNIST-style test parts hold 200 of each class, pixels use the full 8-bit range", () => {
    for (const id of ["mnist", "fashion-mnist"]) {
      const a = shipped(id).arrays;
      const trainEnd = a.y.length - a.sourceTestCount;
      expect(classCounts(a, trainEnd), id).toEqual(new Array(10).fill(200));
      expect(a.xScale).toBe(1 / 255);
      expect(Math.max(...a.x.subarray(0, 784 * 50)), id).toBe(255);
      // Classes alternate from the first row, so any prefix is balanced.
      expect(Array.from(a.y.subarray(0, 10)), id).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
    expect(classCounts(shipped("fashion-mnist").arrays, 0, 8000)).toEqual(new Array(10).fill(800));
  });

  it("refuses a flipped byte, naming the dataset and the checksums", () => {
    const card = datasetCard("iris");
    const { bytes } = shipped("iris");
    const damaged = bytes.slice();
    damaged[bytes.length - 100] ^= 0x40;
    expect(() => decodeBuiltin(card, damaged)).toThrow(
      new RegExp(
        `Dataset "Iris" \\(datasets/iris.tlds\\) fails its checksum: SHA-256 [0-9a-f]{64}, expected ${card.file!.sha256}`,
      ),
    );
  });

  it("refuses a truncated file, naming the dataset and both sizes", () => {
    const card = datasetCard("digits");
    const { bytes } = shipped("digits");
    expect(() => decodeBuiltin(card, bytes.subarray(0, 5000))).toThrow(
      `Dataset "Digits (8 × 8)" (datasets/digits.tlds) is 5000 bytes, expected ${card.file!.bytes}: truncated or a different file`,
    );
  });

  it("refuses a file that does not match its card", () => {
    const { bytes } = shipped("wine");
    const wrongCard = { ...datasetCard("wine"), examples: 179 };
    expect(() => decodeBuiltin(wrongCard, bytes)).toThrow(
      /Dataset "Wine" file holds wine, 178 examples .* its card says wine, 179 examples/,
    );
    expect(() => decodeBuiltin(datasetCard("circle"), bytes)).toThrow(
      'Dataset "Circle" (circle) has no shipped file',
    );
  });
});

describe("generateBuiltin", () => {
  it("makes Friedman #1 with 1,000 rows of 10 features, the same every time", () => {
    const card = datasetCard("friedman1");
    const a = generateBuiltin(card);
    expect([a.id, a.task, a.y.length, a.exampleShape, a.sourceTestCount]).toEqual([
      "friedman1",
      "regression",
      1000,
      [10],
      0,
    ]);
    expect(a.x.length).toBe(card.examples * card.features);
    expect(generateBuiltin(card)).toEqual(a);
  });

  it("refuses a dataset that is not generated", () => {
    expect(() => generateBuiltin(datasetCard("iris"))).toThrow(
      'Dataset "Iris" (iris) is not a generated table; generated ones: friedman1',
    );
  });
});
