/**
 * Builds the benchmark page with the app's own Vite config (production mode, as the app ships:
 * same worker bundling, same hashed wasm files) into a temporary folder, and serves it with Vite's
 * preview server (which sends the app's cross-origin isolation headers).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, preview } from "vite";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface BenchServer {
  /** URL of the benchmark page. */
  pageUrl: string;
  close(): Promise<void>;
}

/** Builds bench/train/index.html and serves it on a free local port. */
export async function serveBenchPage(): Promise<BenchServer> {
  const outDir = mkdtempSync(join(tmpdir(), "tunelab-train-bench-"));
  const configFile = join(REPO_ROOT, "vite.config.ts");
  try {
    await build({
      root: REPO_ROOT,
      configFile,
      logLevel: "warn",
      build: {
        outDir,
        emptyOutDir: true,
        chunkSizeWarningLimit: 8000,
        rolldownOptions: {
          input: join(REPO_ROOT, "bench/train/index.html"),
          // Bundling tfjs is slow, and the bundler would say so in the middle of the results.
          checks: { bundlerTimings: false },
        },
      },
    });
    const server = await preview({
      root: REPO_ROOT,
      configFile,
      logLevel: "warn",
      build: { outDir },
      preview: { host: "127.0.0.1", port: 0, strictPort: false, open: false },
    });
    const base = server.resolvedUrls?.local[0];
    if (!base) throw new Error("Vite's preview server did not report a local URL");
    return {
      pageUrl: new URL("bench/train/index.html", base).href,
      close: async () => {
        await server.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(outDir, { recursive: true, force: true });
    throw err;
  }
}
