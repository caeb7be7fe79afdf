#!/usr/bin/env node
// Takes the README's screenshots from the production build: `npm run build && node scripts/screenshots.mjs`.
// Serves dist/ with `vite preview`, drives Debian's Chromium with Playwright and writes docs/*.png.
import { chromium } from "@playwright/test";
import { preview } from "vite";
import { findChromium } from "./ensure-test-deps.mjs";

const server = await preview({ preview: { port: 4391, strictPort: true } });
const base = "http://localhost:4391";
const browser = await chromium.launch({
  executablePath: findChromium(),
  args: [
    "--headless",
    "--no-sandbox",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(
    `${base}/#/playground?dataset=spiral&samples=500&noise=10&layers=8,8,6&activation=tanh&lr=0.01&epochs=150&schedule=cosine&warmup=5&features=x1,x2,x1sq,x2sq,sinx1,sinx2&logLoss=true`,
  );
  await page.getByRole("button", { name: "Train" }).click();
  // Mid-training: the boundary is forming and the curves are falling.
  await page.waitForFunction(
    () => {
      const text = document.querySelector('output[aria-label="Epoch"]')?.textContent ?? "";
      return Number(text.split("/")[0]) >= 60;
    },
    null,
    { timeout: 120_000 },
  );
  await page.screenshot({ path: "docs/playground.png" });
  console.log("wrote docs/playground.png");
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
