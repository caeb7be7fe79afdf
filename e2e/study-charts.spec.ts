import { expect, test, type Page } from "@playwright/test";
import type { ViteDevServer } from "vite";
import { startFixtureServer } from "./fixtures/study-charts/serve";

// The study charts mounted on a fixture page (e2e/fixtures/study-charts) with a synthetic study,
// served by a Vite dev server of their own: the app's build does not contain the fixture.

const CHARTS = [
  "Optimisation history",
  "Intermediate values",
  "Parallel coordinates",
  "Slice plot",
  "Contour plot",
  "Parameter importance",
  "Trial timeline",
];

let server: ViteDevServer;
let baseUrl: string;

test.beforeAll(async () => {
  ({ server, url: baseUrl } = await startFixtureServer());
});

test.afterAll(async () => {
  await server?.close();
});

/** Opens the fixture with `count` synthetic trials and fails the test on any page error. */
async function openFixture(page: Page, count: number): Promise<string[]> {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${baseUrl}?trials=${count}`);
  for (const name of CHARTS) await expect(page.getByRole("img", { name, exact: true })).toBeVisible();
  return errors;
}

/** Pixels with any paint in the canvas of the chart named `name`. */
async function paintedPixels(page: Page, name: string): Promise<number> {
  return page
    .getByRole("img", { name, exact: true })
    .locator("canvas")
    .evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return painted;
    });
}

test("300 trials: every study chart draws its marks, axes and legend", async ({ page }, testInfo) => {
  const errors = await openFixture(page, 300);
  const chart = (name: string) => page.getByRole("img", { name, exact: true });

  // SVG charts: a mark per finished trial in the history, a bar per started trial in the timeline.
  expect(
    await chart("Optimisation history").locator("circle, rect[rx='1'], path[d^='M'][fill]").count(),
  ).toBeGreaterThan(250);
  expect(await chart("Trial timeline").locator("rect[rx='2']").count()).toBe(300);
  await expect(chart("Trial timeline").getByText("Worker 3", { exact: true })).toBeVisible();
  expect(await chart("Slice plot").locator("svg").count()).toBe(7);

  // Canvas charts have painted their lines and heatmap.
  for (const name of ["Intermediate values", "Parallel coordinates", "Contour plot"]) {
    await expect.poll(() => paintedPixels(page, name), { message: name }).toBeGreaterThan(3000);
  }

  // Axis titles name what is drawn, with units or scale.
  await expect(chart("Optimisation history").getByText("Trial number")).toBeVisible();
  await expect(chart("Optimisation history").getByText("Validation loss (log)")).toBeVisible();
  await expect(chart("Intermediate values").getByText("Epoch", { exact: true })).toBeVisible();
  await expect(
    chart("Trial timeline").getByText(/Time since the first trial started \((s|min|h)\)/),
  ).toBeVisible();
  await expect(
    chart("Parallel coordinates").locator(".axis-label", { hasText: "learning_rate (log)" }),
  ).toBeVisible();

  // Importance bars are sorted: the percentages read top to bottom never increase.
  const shares = (await chart("Parameter importance").locator("text").allTextContents())
    .filter((t) => /^[\d.]+%$/.test(t) && t !== "0%")
    .map((t) => Number(t.replace("%", "")));
  expect(shares.length).toBeGreaterThanOrEqual(7);
  const barShares = shares.slice(-7);
  expect([...barShares].sort((a, b) => b - a)).toEqual(barShares);

  // The timeline legend names every state.
  for (const state of ["Running", "Complete", "Pruned", "Failed", "Interrupted"]) {
    await expect(page.locator(".legend li", { hasText: state }).first()).toBeVisible();
  }

  await page.screenshot({ path: testInfo.outputPath("study-charts.png"), fullPage: true });
  expect(errors).toEqual([]);
});

test("hovering a trial shows its number and value, clicking selects it", async ({ page }) => {
  await openFixture(page, 300);
  const history = page.getByRole("img", { name: "Optimisation history", exact: true });
  const point = history.locator("circle").nth(10);
  const box = (await point.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const tooltip = history.locator(".study-tooltip");
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText(/Trial \d+/);
  await expect(tooltip).toContainText(/Validation loss|Last value/);
  const number = (await tooltip.locator("strong").textContent())!.replace("Trial ", "");
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId("selected")).toHaveText(`Selected trial: ${number}`);

  // On a canvas chart the same works through the hit test: hover a curve of the intermediate values.
  const curves = page.getByRole("img", { name: "Intermediate values", exact: true });
  const area = (await curves.locator("canvas").boundingBox())!;
  let found = false;
  for (let dy = 0.3; dy < 1 && !found; dy += 0.02) {
    await page.mouse.move(area.x + area.width * 0.05, area.y + area.height * dy);
    found = await curves.locator(".study-tooltip").isVisible();
  }
  expect(found).toBe(true);
  await expect(curves.locator(".study-tooltip")).toContainText(/Epoch\s*\d+/);
});

test("brushing an axis of the parallel coordinates filters the trials; a click clears it", async ({
  page,
}) => {
  await openFixture(page, 300);
  const parallel = page.getByRole("img", { name: "Parallel coordinates", exact: true });
  await parallel.scrollIntoViewIfNeeded();
  const strip = (await parallel.locator(".brush-strip").first().boundingBox())!;
  const x = strip.x + strip.width / 2;
  await page.mouse.move(x, strip.y + strip.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(x, strip.y + strip.height * 0.45, { steps: 5 });
  await page.mouse.move(x, strip.y + strip.height * 0.6, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId("brushed")).toHaveText(/^Brushed: \d+$/);
  const kept = Number((await page.getByTestId("brushed").textContent())!.replace("Brushed: ", ""));
  expect(kept).toBeGreaterThan(0);
  await expect(parallel.locator(".brush")).toHaveCount(1);
  await expect(page.getByText(new RegExp(`^${kept} of \\d+ trials kept\\.$`))).toBeVisible();

  await page.mouse.click(x, strip.y + strip.height * 0.9);
  await expect(page.getByTestId("brushed")).toHaveText("Brushed: all");
  await expect(parallel.locator(".brush")).toHaveCount(0);
});

test("charts follow live data: running trials grow and the contour follows its pair", async ({ page }) => {
  await openFixture(page, 300);
  const timeline = page.getByRole("img", { name: "Trial timeline", exact: true });
  const running = timeline.locator("rect.open").first();
  const before = (await running.boundingBox())!.width;
  await page.getByRole("button", { name: "Advance running trials" }).click();
  await page.getByRole("button", { name: "Advance running trials" }).click();
  await expect.poll(async () => (await running.boundingBox())!.width).toBeGreaterThan(before);

  const contour = page.getByRole("img", { name: "Contour plot", exact: true });
  await page.getByLabel("Contour y parameter").selectOption("dropout");
  await expect(contour.locator(".axis-label", { hasText: /^dropout$/ })).toBeVisible();
  // Two numeric parameters get level lines over the heatmap.
  await expect.poll(() => contour.locator("path.iso").count()).toBeGreaterThan(0);
});

test("with no trials every chart says there is nothing yet instead of failing", async ({ page }) => {
  const errors = await openFixture(page, 0);
  await expect(page.getByText("No finished trials yet")).toBeVisible();
  await expect(page.getByText("No intermediate values yet")).toBeVisible();
  await expect(page.getByText("No trial has started yet")).toBeVisible();
  await expect(page.getByText("Not enough complete trials yet")).toBeVisible();
  expect(errors).toEqual([]);
});
