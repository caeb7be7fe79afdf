import { describe, expect, it } from "vitest";
import { DATASET_CARDS } from "./datasets/catalog";
import { GENERATORS_2D } from "./datasets/generators2d";
import {
  CONV_LIMITS,
  builtinDatasetIds,
  convOutputShape,
  datasetGroupOf,
  datasetGroupOrDefault,
  datasetName,
  formatConvBlocks,
  isConvBlockList,
  isKnownDatasetId,
  isUploadId,
  parseConvBlocks,
  suggestedSettings,
} from "./playground-dataset";

describe("dataset ids", () => {
  it("puts generators in 2D, uploads with the tables, and catalog sets in their card's group", () => {
    for (const g of GENERATORS_2D) expect(datasetGroupOf(g.id)).toBe("2d");
    for (const card of DATASET_CARDS) expect(datasetGroupOf(card.id), card.id).toBe(card.group);
    expect(datasetGroupOf("iris")).toBe("table");
    expect(datasetGroupOf("digits")).toBe("image");
    expect(datasetGroupOf("upload-0b6f-41aa")).toBe("table");
  });

  it("names an unknown id and the known ones when asked for its group", () => {
    expect(() => datasetGroupOf("sonar")).toThrow(/Unknown dataset "sonar" \(expected one of circle, .*iris/);
    expect(datasetGroupOrDefault("sonar")).toBe("2d");
    expect(isKnownDatasetId("sonar")).toBe(false);
  });

  it("recognises upload ids by their form only", () => {
    expect(isUploadId("upload-3f2a9c1e-77b0")).toBe(true);
    expect(isUploadId("upload-")).toBe(false);
    expect(isUploadId("upload-a/b")).toBe(false);
    expect(isUploadId("iris")).toBe(false);
  });

  it("lists every built-in id once, generators first", () => {
    const ids = builtinDatasetIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, GENERATORS_2D.length)).toEqual(GENERATORS_2D.map((g) => g.id));
    for (const card of DATASET_CARDS) expect(ids).toContain(card.id);
  });

  it("gives menu names", () => {
    expect(datasetName("spiral")).toBe("Spiral");
    expect(datasetName("iris")).toBe(DATASET_CARDS.find((c) => c.id === "iris")?.name);
    expect(datasetName("upload-x1")).toBe("Uploaded CSV");
  });

  it("suggests conv blocks for images only, and hands out copies", () => {
    expect(suggestedSettings("image").conv?.length).toBeGreaterThan(0);
    expect(suggestedSettings("table").conv).toBeUndefined();
    const a = suggestedSettings("image");
    a.hiddenLayers.push(5);
    expect(suggestedSettings("image").hiddenLayers).not.toContain(5);
  });
});

describe("conv blocks", () => {
  it("round-trips through the URL text", () => {
    const blocks = [
      { filters: 16, kernel: 3, pool: "max" as const },
      { filters: 32, kernel: 5, pool: "avg" as const },
      { filters: 8, kernel: 1, pool: "none" as const },
    ];
    expect(formatConvBlocks(blocks)).toBe("16x3-max,32x5-avg,8x1");
    expect(parseConvBlocks("16x3-max,32x5-avg,8x1")).toEqual(blocks);
    expect(parseConvBlocks("8x1-none")).toEqual([blocks[2]]);
    expect(parseConvBlocks(" ")).toEqual([]);
  });

  it("refuses bad blocks, naming the block, the ranges and the text", () => {
    expect(() => parseConvBlocks("16x3,abc")).toThrow(
      "Conv blocks: block 2 'abc' must be filters x kernel with an optional -max, -avg or -none pooling (filters 1 to 128, kernel 1 to 7, e.g. 16x3-max), got '16x3,abc'",
    );
    expect(() => parseConvBlocks("129x3")).toThrow("block 1 '129x3'");
    expect(() => parseConvBlocks("8x0")).toThrow("block 1 '8x0'");
    expect(() => parseConvBlocks("8x3,8x3,8x3,8x3,8x3")).toThrow("at most 4 (5 given)");
  });

  it("checks block lists given as objects", () => {
    expect(isConvBlockList([{ filters: 8, kernel: 3, pool: "max" }])).toBe(true);
    expect(isConvBlockList([])).toBe(true);
    expect(isConvBlockList([{ filters: 8.5, kernel: 3, pool: "max" }])).toBe(false);
    expect(isConvBlockList([{ filters: 8, kernel: 3, pool: "min" }])).toBe(false);
    expect(
      isConvBlockList(Array(CONV_LIMITS.maxBlocks + 1).fill({ filters: 8, kernel: 3, pool: "none" })),
    ).toBe(false);
    expect(isConvBlockList("8x3")).toBe(false);
  });

  it("computes the shape left after the blocks and refuses pooling an image away", () => {
    const max = (filters: number) => ({ filters, kernel: 3, pool: "max" as const });
    expect(convOutputShape([28, 28, 1], [max(8), max(16)])).toEqual([7, 7, 16]);
    expect(convOutputShape([8, 8, 1], [max(8), { filters: 4, kernel: 3, pool: "none" }])).toEqual([4, 4, 4]);
    expect(convOutputShape([8, 8, 1], [])).toEqual([8, 8, 1]);
    expect(() => convOutputShape([8, 8, 1], [max(8), max(8), max(8), max(8)])).toThrow(
      "Conv block 4 pools the 8×8 images down to nothing",
    );
    expect(() => convOutputShape([13], [max(8)])).toThrow("[height, width, channels], got [13]");
  });
});
