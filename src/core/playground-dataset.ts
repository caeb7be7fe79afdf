/**
 * What the playground needs to know about a dataset id before any data is loaded: which group it
 * belongs to (2D generator, table, images), its name for menus, and the settings that suit that
 * kind of data. Also the conv-block text format of the URL and the shape a stack of blocks leaves.
 */
import type { ConvBlock, Generator2D } from "../shared/train";
import { DATASET_CARDS, type DatasetCard } from "./datasets/catalog";
import { GENERATORS_2D } from "./datasets/generators2d";

export type DatasetGroup = "2d" | "table" | "image";

/** Ids of uploaded CSV datasets: "upload-" then letters, digits, "-" or "_" (a UUID in practice). */
export const UPLOAD_ID_PATTERN = /^upload-[A-Za-z0-9_-]{1,80}$/;

/** Whether an id names an uploaded dataset (by its form; whether it is stored is the page's question). */
export function isUploadId(id: string): boolean {
  return UPLOAD_ID_PATTERN.test(id);
}

/** Whether an id is one of the 2D generators. */
export function is2DGenerator(id: string): id is Generator2D {
  return GENERATORS_2D.some((g) => g.id === id);
}

/** The catalog card of a built-in dataset that is not a 2D generator, or undefined. */
export function arrayCardOf(id: string): DatasetCard | undefined {
  if (is2DGenerator(id)) return undefined;
  return DATASET_CARDS.find((c) => c.id === id && c.group !== "2d");
}

/** Ids a link or a study may name as the dataset, other than uploads: generators first, then the catalog's tables and images. */
export function builtinDatasetIds(): string[] {
  const arrays = DATASET_CARDS.filter((c) => c.group !== "2d" && !is2DGenerator(c.id)).map((c) => c.id);
  return [...GENERATORS_2D.map((g) => g.id), ...arrays];
}

/** Whether a dataset id is a generator, a catalog dataset or an upload id. */
export function isKnownDatasetId(id: string): boolean {
  return is2DGenerator(id) || arrayCardOf(id) !== undefined || isUploadId(id);
}

/** The group of a dataset id; uploads are tables. Throws naming the id when it is none of the known ones. */
export function datasetGroupOf(id: string): DatasetGroup {
  if (is2DGenerator(id)) return "2d";
  if (isUploadId(id)) return "table";
  const card = arrayCardOf(id);
  if (!card)
    throw new Error(
      `Unknown dataset "${id}" (expected one of ${builtinDatasetIds().join(", ")} or an upload id)`,
    );
  return card.group;
}

/** The group, or "2d" for an id that is not known (for deciding which controls to show). */
export function datasetGroupOrDefault(id: string): DatasetGroup {
  return isKnownDatasetId(id) ? datasetGroupOf(id) : "2d";
}

/** A short name for menus and lists: the generator's or card's name; uploads are "Uploaded CSV". */
export function datasetName(id: string): string {
  const generator = GENERATORS_2D.find((g) => g.id === id);
  if (generator) return generator.label;
  const card = arrayCardOf(id);
  if (card) return card.name;
  return isUploadId(id) ? "Uploaded CSV" : id;
}

/** Settings that suit a kind of data, applied when the person moves to another group in the picker. */
export interface SuggestedSettings {
  hiddenLayers: number[];
  activation: "tanh" | "relu";
  init: "glorot" | "he";
  learningRate: number;
  batchSize: number;
  epochs: number;
  conv?: ConvBlock[];
}

const SUGGESTED: Record<DatasetGroup, SuggestedSettings> = {
  "2d": {
    hiddenLayers: [4, 2],
    activation: "tanh",
    init: "glorot",
    learningRate: 0.03,
    batchSize: 32,
    epochs: 100,
  },
  table: {
    hiddenLayers: [16],
    activation: "relu",
    init: "he",
    learningRate: 0.01,
    batchSize: 16,
    epochs: 100,
  },
  image: {
    hiddenLayers: [32],
    activation: "relu",
    init: "he",
    learningRate: 0.003,
    batchSize: 64,
    epochs: 10,
    conv: [
      { filters: 8, kernel: 3, pool: "max" },
      { filters: 16, kernel: 3, pool: "max" },
    ],
  },
};

/** The settings suggested for a group (a fresh copy). */
export function suggestedSettings(group: DatasetGroup): SuggestedSettings {
  return JSON.parse(JSON.stringify(SUGGESTED[group])) as SuggestedSettings;
}

export const CONV_LIMITS = {
  maxBlocks: 4,
  minFilters: 1,
  maxFilters: 128,
  minKernel: 1,
  maxKernel: 7,
} as const;

const POOLS: readonly ConvBlock["pool"][] = ["max", "avg", "none"];

/** The URL text of conv blocks: "8x3-max,16x3-avg,32x5" (filters × kernel, then the pooling if any). */
export function formatConvBlocks(blocks: readonly ConvBlock[]): string {
  return blocks.map((b) => `${b.filters}x${b.kernel}${b.pool === "none" ? "" : `-${b.pool}`}`).join(",");
}

const BLOCK_PATTERN = /^(\d+)x(\d+)(?:-(max|avg|none))?$/;

/** Reads conv blocks from their URL text; throws naming the block and the allowed ranges when one is bad. */
export function parseConvBlocks(text: string): ConvBlock[] {
  const parts = text
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "");
  const { maxBlocks, minFilters, maxFilters, minKernel, maxKernel } = CONV_LIMITS;
  if (parts.length > maxBlocks) {
    throw new Error(`Conv blocks must be at most ${maxBlocks} (${parts.length} given), got '${text}'`);
  }
  return parts.map((part, i) => {
    const m = BLOCK_PATTERN.exec(part);
    const filters = m ? Number(m[1]) : NaN;
    const kernel = m ? Number(m[2]) : NaN;
    if (
      !m ||
      !(filters >= minFilters && filters <= maxFilters) ||
      !(kernel >= minKernel && kernel <= maxKernel)
    ) {
      throw new Error(
        `Conv blocks: block ${i + 1} '${part}' must be filters x kernel with an optional -max, -avg or -none pooling ` +
          `(filters ${minFilters} to ${maxFilters}, kernel ${minKernel} to ${maxKernel}, e.g. 16x3-max), got '${text}'`,
      );
    }
    return { filters, kernel, pool: (m[3] ?? "none") as ConvBlock["pool"] };
  });
}

/** Whether a value is a valid list of conv blocks (for configs that arrive as objects, not text). */
export function isConvBlockList(value: unknown): value is ConvBlock[] {
  const { maxBlocks, minFilters, maxFilters, minKernel, maxKernel } = CONV_LIMITS;
  return (
    Array.isArray(value) &&
    value.length <= maxBlocks &&
    value.every(
      (b) =>
        typeof b === "object" &&
        b !== null &&
        Number.isInteger(b.filters) &&
        b.filters >= minFilters &&
        b.filters <= maxFilters &&
        Number.isInteger(b.kernel) &&
        b.kernel >= minKernel &&
        b.kernel <= maxKernel &&
        POOLS.includes(b.pool),
    )
  );
}

/**
 * The [height, width, channels] an image of `shape` has after the blocks: same-padded convolutions
 * keep the size, each 2×2 pooling halves it (rounding down). Throws naming the block when the image
 * would shrink to nothing.
 */
export function convOutputShape(shape: readonly number[], blocks: readonly ConvBlock[]): number[] {
  if (shape.length !== 3)
    throw new Error(`Conv blocks need images of shape [height, width, channels], got [${shape.join(", ")}]`);
  let [h, w, c] = shape;
  blocks.forEach((b, i) => {
    c = b.filters;
    if (b.pool !== "none") {
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
      if (h < 1 || w < 1) {
        throw new Error(
          `Conv block ${i + 1} pools the ${shape[0]}×${shape[1]} images down to nothing: use fewer pooling blocks`,
        );
      }
    }
  });
  return [h, w, c];
}
