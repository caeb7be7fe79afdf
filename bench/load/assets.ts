/**
 * What the first load fetches, judged against the build: which JavaScript files hold TensorFlow.js
 * (read from the hidden source maps beside them), and how large each built asset is compressed.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

export interface BuiltAsset {
  /** Path inside the build folder, e.g. "assets/index-abc.js". */
  path: string;
  bytes: number;
  /** gzip at the default level 6 (what most servers use). */
  gzipBytes: number;
  /** Whether its source map lists a TensorFlow.js source. */
  holdsTfjs: boolean;
}

/** Whether a source map's sources include TensorFlow.js. */
export function mapHoldsTfjs(mapText: string): boolean {
  const sources = (JSON.parse(mapText) as { sources?: unknown }).sources;
  if (!Array.isArray(sources)) throw new Error("A source map without a sources list");
  return sources.some((s) => typeof s === "string" && s.includes("@tensorflow/"));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** From the file's source map; WebAssembly files have none, and are TensorFlow.js's by their name. */
function holdsTfjs(file: string): boolean {
  if (file.endsWith(".wasm")) return /tfjs-backend-wasm/.test(file);
  try {
    return mapHoldsTfjs(readFileSync(`${file}.map`, "utf8"));
  } catch {
    return false; // No source map (a build without hidden maps): nothing says it does.
  }
}

/** Every JavaScript and WebAssembly file of a build, with its sizes. */
export function builtAssets(outDir: string): BuiltAsset[] {
  return filesUnder(outDir)
    .filter((f) => /\.(m?js|wasm)$/.test(f))
    .map((full) => {
      const content = readFileSync(full);
      return {
        path: relative(outDir, full).split("\\").join("/"),
        bytes: content.length,
        gzipBytes: gzipSync(content).length,
        holdsTfjs: holdsTfjs(full),
      };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}
