import { defineConfig } from "@playwright/test";
import { chromiumPath, chromiumArgs } from "./e2e/chromium";

const port = Number(process.env.E2E_PORT ?? 4317);
// The build to serve: dist/ unless E2E_DIST names another (so two checkouts' runs can share a machine).
const dist = process.env.E2E_DIST ?? "dist";

export default defineConfig({
  testDir: "./e2e",
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  // Training is CPU-bound and this machine has 2 cores: one test at a time keeps runs steady.
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    trace: "off",
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --outDir ${dist}`,
    url: `http://localhost:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
