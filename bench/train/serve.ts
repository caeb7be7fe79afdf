/**
 * Builds a benchmark page, or the app itself, with the app's own Vite config (production mode, as the
 * app ships: same worker bundling, same hashed wasm files) into a temporary folder, and serves it with
 * Vite's preview server (which sends the app's cross-origin isolation headers).
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

export interface BuiltServer {
  /** Root URL of the preview server ("http://127.0.0.1:<port>/"). */
  baseUrl: string;
  /** The folder the build was written to (removed by close()). */
  outDir: string;
  close(): Promise<void>;
}

export interface BuildOptions {
  /** HTML entry points to build instead of the app's own index.html. */
  input?: string | Record<string, string>;
  /** Source maps beside the chunks, without a comment in them (the JavaScript stays byte for byte as shipped). */
  hiddenSourcemaps?: boolean;
  /** Port to serve on; 0 (the default) or a taken one picks a free port. */
  port?: number;
  /** false: keep the code's own names (to read V8's optimisation and deoptimisation traces). */
  minify?: boolean;
}

/**
 * Builds with the app's Vite config in production mode into a temporary folder (never the shared
 * dist/, which others' test runs serve) and serves it on a local port.
 */
export async function buildAndServe(options: BuildOptions = {}): Promise<BuiltServer> {
  const outDir = mkdtempSync(join(tmpdir(), "tunelab-bench-"));
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
        ...(options.minify === false ? { minify: false } : {}),
        ...(options.hiddenSourcemaps ? { sourcemap: "hidden" as const } : {}),
        rolldownOptions: {
          ...(options.input ? { input: options.input } : {}),
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
      preview: { host: "127.0.0.1", port: options.port ?? 0, strictPort: false, open: false },
    });
    const baseUrl = server.resolvedUrls?.local[0];
    if (!baseUrl) throw new Error("Vite's preview server did not report a local URL");
    return {
      baseUrl,
      outDir,
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

/** Builds bench/train/index.html and serves it on a free local port. */
export async function serveBenchPage(options: { minify?: boolean } = {}): Promise<BenchServer> {
  const server = await buildAndServe({ ...options, input: join(REPO_ROOT, "bench/train/index.html") });
  return { pageUrl: new URL("bench/train/index.html", server.baseUrl).href, close: server.close };
}
