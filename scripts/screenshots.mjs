#!/usr/bin/env node
// Takes the README's screenshots from the production build: `npm run build && node scripts/screenshots.mjs`.
// Serves dist/ with `vite preview`, drives Debian's Chromium with Playwright and writes docs/*.png.
// Names pick some of them: `node scripts/screenshots.mjs lessons compare` (playground, study, history,
// lessons, compare; all by default).
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
const wanted = new Set(process.argv.slice(2));
const want = (name) => wanted.size === 0 || wanted.has(name);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  if (want("playground") || want("study") || want("history")) await playgroundStudyHistory(page);
  if (want("lessons")) await lessons(page);
  if (want("compare")) await compare(page);
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}

async function playgroundStudyHistory(page) {
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

  // A finished 24-trial TPE study with a median pruner: the dashboard the Study view shows.
  await page.getByRole("button", { name: "Stop" }).click();
  await page.goto(
    `${base}/#/playground?dataset=spiral&samples=400&noise=10&layers=8,8&activation=tanh&epochs=15&resolution=0&features=x1,x2,x1sq,x2sq,sinx1,sinx2`,
  );
  await page.getByRole("button", { name: "Tune this" }).click();
  await page.getByLabel("Trials", { exact: true }).fill("24");
  await page.getByLabel("Workers", { exact: true }).selectOption("2");
  await page.getByLabel("Sampler", { exact: true }).selectOption("tpe");
  await page.getByLabel("Pruner", { exact: true }).selectOption("median");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page
    .getByRole("status", { name: "Study status" })
    .filter({ hasText: "Finished" })
    .waitFor({ timeout: 300_000 });
  await page.screenshot({ path: "docs/study.png", fullPage: true });
  console.log("wrote docs/study.png");

  await page.getByRole("link", { name: "History" }).click();
  await page.getByRole("heading", { name: "History" }).waitFor();
  await page.screenshot({ path: "docs/history.png" });
  console.log("wrote docs/history.png");
}

/** Lesson 3 (warmup) after its experiment ran: the two runs' losses under their schedules. */
async function lessons(page) {
  await page.goto(`${base}/#/lessons/warmup`);
  await page.getByRole("button", { name: "Run the experiment" }).click();
  await page.locator('[aria-label="Experiment status"][data-status="done"]').waitFor({ timeout: 120_000 });
  await page.screenshot({ path: "docs/lessons.png", fullPage: true });
  console.log("wrote docs/lessons.png");
}

/** The compare view: network width, with the learning rate as the nuisance parameter, two seeds. */
async function compare(page) {
  await page.goto(
    `${base}/#/compare?vary=width&values=2,4,8,16&nuisance=lr&nuisanceValues=0.01,0.1,1&seeds=2&dataset=circle&samples=300&noise=10&layers=8&activation=tanh&optimizer=adam&epochs=25&batch=32&resolution=0`,
  );
  await page.getByRole("button", { name: "Run comparison" }).click();
  await page.locator('[aria-label="Comparison status"][data-status="done"]').waitFor({ timeout: 240_000 });
  await page.screenshot({ path: "docs/compare.png", fullPage: true });
  console.log("wrote docs/compare.png");
}
