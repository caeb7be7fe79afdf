import { existsSync } from "node:fs";

const CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

/** The system Chromium the tests drive (Playwright cannot download its own here). */
export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH ?? CANDIDATES.find((c) => existsSync(c));
  if (!p) throw new Error("No Chromium found: run `node scripts/ensure-chromium.mjs` or set CHROMIUM_PATH.");
  return p;
}

/** Flags that work headless as root on a machine without network; WebGPU is enabled (SwiftShader adapter). */
export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--enable-unsafe-webgpu",
];
