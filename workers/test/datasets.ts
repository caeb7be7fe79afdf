/**
 * Datasets for the worker's tests: the shipped built-in files, decoded (size and checksum checked)
 * as the page does. The test files pass the file reader, since only they may use Node's modules.
 */
import { datasetCard, decodeBuiltin } from "../../src/core/datasets/catalog";
import type { ArrayDatasetSpec, DatasetArrays, TrainConfig } from "../../src/shared/train";
import { testConfig } from "./configs";

const decoded = new Map<string, DatasetArrays>();

/** The decoded arrays of a shipped built-in dataset; `readPublic` reads a path under public/. */
export function builtinArrays(id: string, readPublic: (path: string) => Uint8Array): DatasetArrays {
  let arrays = decoded.get(id);
  if (!arrays) {
    const card = datasetCard(id);
    if (!card.file) throw new Error(`Dataset "${id}" has no shipped file`);
    arrays = decodeBuiltin(card, readPublic(card.file.path));
    decoded.set(id, arrays);
  }
  return arrays;
}

/** A training config on an array dataset; override any part. */
export function arrayConfig(
  id: string,
  over: Partial<TrainConfig> = {},
  split: Partial<ArrayDatasetSpec> = {},
): TrainConfig & { data: ArrayDatasetSpec } {
  const base = testConfig();
  return {
    ...base,
    model: { ...base.model, hiddenLayers: [16], activation: "relu", init: "he" },
    learningRate: 0.01,
    batchSize: 32,
    ...over,
    data: { kind: "builtin", id, valRatio: 0.2, testRatio: 0.2, ...split },
  };
}
