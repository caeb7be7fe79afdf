/**
 * Builds the shipped dataset files (public/datasets/*.tlds) from their public sources on this
 * machine and prints, for each, the size and SHA-256 that src/core/datasets/catalog.ts must hold.
 *
 *   npx tsx scripts/datasets/build.ts              # every dataset
 *   npx tsx scripts/datasets/build.ts digits iris  # only these
 *
 * See README.md beside this file for the packages it reads from.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DatasetArrays } from "../../src/shared/train";
import { encodeDataset } from "../../src/core/datasets/binary-format";
import { sha256Hex } from "../../src/core/hash/sha256";
import { datasetCard } from "../../src/core/datasets/catalog";
import { BUILDERS, REPO_ROOT } from "./builders";

const OUT_DIR = join(REPO_ROOT, "public", "datasets");

/** Counts of each class (classification) for the printed summary. */
function classCounts(a: DatasetArrays): number[] {
  const counts = new Array<number>(a.classes).fill(0);
  if (a.task !== "regression") for (const v of a.y) counts[v]++;
  return counts;
}

function main(): void {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((id) => !(id in BUILDERS));
  if (unknown.length > 0) {
    throw new Error(`Unknown dataset ${unknown.join(", ")}; known: ${Object.keys(BUILDERS).join(", ")}`);
  }
  mkdirSync(OUT_DIR, { recursive: true });
  let total = 0;
  const differing: string[] = [];
  for (const id of wanted.length > 0 ? wanted : Object.keys(BUILDERS)) {
    const arrays = BUILDERS[id]();
    const bytes = encodeDataset(arrays);
    const path = `datasets/${id}.tlds`;
    writeFileSync(join(REPO_ROOT, "public", path), bytes);
    total += bytes.length;
    const counts = arrays.task === "regression" ? "regression" : classCounts(arrays).join(",");
    console.log(`${id}: ${arrays.y.length} examples (${counts}), test ${arrays.sourceTestCount}`);
    const sha256 = sha256Hex(bytes);
    const card = datasetCard(id).file;
    const same = card?.path === path && card.bytes === bytes.length && card.sha256 === sha256;
    if (!same) differing.push(id);
    console.log(`  file: { path: ${JSON.stringify(path)}, bytes: ${bytes.length}, sha256: "${sha256}" },`);
    console.log(
      same ? "  (matches the catalog)" : "  (DIFFERS from src/core/datasets/catalog.ts: update its card)",
    );
  }
  console.log(`total ${total} bytes`);
  if (differing.length > 0) {
    console.log(`The catalog must be updated for: ${differing.join(", ")}`);
    process.exitCode = 1;
  }
}

main();
