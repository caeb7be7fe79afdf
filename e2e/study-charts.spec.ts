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

/** Pixels with any paint in the canvases of the chart named `name` (the slice plot has one per panel). */
async function paintedPixels(page: Page, name: string): Promise<number> {
  return page
    .getByRole("img", { name, exact: true })
    .locator("canvas")
    .evaluateAll((canvases: HTMLCanvasElement[]) => {
      let painted = 0;
      for (const canvas of canvases) {
        const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      }
      return painted;
    });
}

/** Marks the SVG charts draw one element each for (below the count that switches them to canvas). */
const HISTORY_MARKS = "circle, rect[rx='1'], path[d^='M'][fill]";

test("300 trials: every study chart draws its marks, axes and legend", async ({ page }, testInfo) => {
  const errors = await openFixture(page, 300);
  const chart = (name: string) => page.getByRole("img", { name, exact: true });

  // So many trials are drawn on canvases: the history's marks, the slices' points and the
  // timeline's ended bars leave no element per trial; running trials keep their SVG bars.
  expect(await chart("Optimisation history").locator(HISTORY_MARKS).count()).toBeLessThan(5);
  const timelineBars = await chart("Trial timeline").locator("rect[rx='2']").count();
  expect(timelineBars).toBeGreaterThan(0);
  expect(timelineBars).toBeLessThan(10);
  await expect(chart("Trial timeline").getByText("Worker 3", { exact: true })).toBeVisible();
  expect(await chart("Slice plot").locator("svg").count()).toBe(7);
  expect(await chart("Slice plot").locator("canvas").count()).toBe(7);
  // Only the best trial's ring in each panel stays in the SVG.
  expect(await chart("Slice plot").locator("circle").count()).toBeLessThanOrEqual(7);

  // Canvas charts have painted their lines, marks, bars and heatmap.
  for (const name of [
    "Intermediate values",
    "Parallel coordinates",
    "Contour plot",
    "Optimisation history",
    "Slice plot",
    "Trial timeline",
  ]) {
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
  // Bars are labelled with their share ("<0.1%" for a sliver), largest first.
  const shares = (await chart("Parameter importance").locator("text.share").allTextContents()).map((t) =>
    t.startsWith("<") ? 0.05 : Number(t.replace("%", "")),
  );
  expect(shares).toHaveLength(7);
  expect(shares[0]).toBeGreaterThan(0);
  expect([...shares].sort((a, b) => b - a)).toEqual(shares);

  // The timeline legend names every state.
  for (const state of ["Running", "Complete", "Pruned", "Failed", "Interrupted"]) {
    await expect(page.locator(".legend li", { hasText: state }).first()).toBeVisible();
  }

  await page.screenshot({ path: testInfo.outputPath("study-charts.png"), fullPage: true });
  expect(errors).toEqual([]);
});

test("a small study: the history, slices and timeline draw one SVG element per mark", async ({ page }) => {
  const errors = await openFixture(page, 12);
  const chart = (name: string) => page.getByRole("img", { name, exact: true });
  expect(await chart("Optimisation history").locator(HISTORY_MARKS).count()).toBeGreaterThanOrEqual(6);
  expect(await chart("Optimisation history").locator("canvas").count()).toBe(0);
  expect(await chart("Trial timeline").locator("rect[rx='2']").count()).toBe(12);
  expect(await chart("Trial timeline").locator("canvas").count()).toBe(0);
  expect(await chart("Slice plot").locator("canvas").count()).toBe(0);
  expect(await chart("Slice plot").locator("circle").count()).toBeGreaterThan(12);
  expect(errors).toEqual([]);
});

test("on a canvas, hovering a trial of the history shows it and clicking selects it", async ({ page }) => {
  await openFixture(page, 300);
  const history = page.getByRole("img", { name: "Optimisation history", exact: true });
  const area = (await history.locator("canvas").boundingBox())!;
  const tooltip = history.locator(".study-tooltip");
  let at: { x: number; y: number } | null = null;
  // Sweep a column of the plot until the pointer is over a mark (the hit test finds it, no element does).
  for (let fx = 0.3; fx < 0.9 && !at; fx += 0.1) {
    for (let fy = 0.05; fy < 0.95 && !at; fy += 0.03) {
      // Whole pixels: a click's coordinates are, so hover and click test the same point.
      const point = { x: Math.round(area.x + area.width * fx), y: Math.round(area.y + area.height * fy) };
      await page.mouse.move(point.x, point.y);
      if (await tooltip.isVisible()) at = point;
    }
  }
  expect(at).not.toBeNull();
  await expect(tooltip).toContainText(/Trial \d+/);
  const number = (await tooltip.locator("strong").textContent())!.replace("Trial ", "");
  await page.mouse.click(at!.x, at!.y);
  await expect(page.getByTestId("selected")).toHaveText(`Selected trial: ${number}`);
  // The selected trial is ringed in the SVG over the canvas.
  await expect(history.locator("circle[r='8']")).not.toHaveCount(0);
});

test("hovering a trial shows its number and value, clicking selects it", async ({ page }) => {
  await openFixture(page, 60);
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

test("300 trials in the trial table: only the rows in view are in the DOM, scrolling and Tab bring the others", async ({
  page,
}) => {
  const errors = await openFixture(page, 300);
  const table = page.getByRole("table", { name: "Trial table" });
  const rows = table.locator("tbody tr");
  await expect(table).toHaveAttribute("aria-rowcount", "301");
  const rendered = await rows.count();
  expect(rendered).toBeGreaterThan(15);
  expect(rendered).toBeLessThan(100);
  await expect(rows.first().getByRole("button", { name: "Open trial 0", exact: true })).toBeVisible();
  await expect(rows.first()).toHaveAttribute("aria-rowindex", "2");

  // Scrolled to the end, the last trials are there and the first are gone; the rows' indices follow.
  await table.evaluate((t) => {
    const scroller = t.parentElement!;
    scroller.scrollTop = scroller.scrollHeight;
  });
  await expect(table.getByRole("button", { name: "Open trial 299", exact: true })).toBeVisible();
  await expect(table.getByRole("button", { name: "Open trial 0", exact: true })).toHaveCount(0);
  await expect(rows.last()).toHaveAttribute("aria-rowindex", "301");
  expect(await rows.count()).toBeLessThan(100);

  // Back at the top, Tab walks row by row past the rows first rendered.
  await table.evaluate((t) => (t.parentElement!.scrollTop = 0));
  await table.getByRole("button", { name: "Open trial 0", exact: true }).focus();
  for (let i = 0; i < 70; i++) await page.keyboard.press("Tab");
  await expect(page.locator(":focus")).toHaveAccessibleName("Open trial 70");
  await expect(table.locator("tr:has(:focus)")).toHaveAttribute("aria-rowindex", "72");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("selected")).toHaveText("Selected trial: 70");

  // Sorting works on every row, not only the rendered ones.
  await table.getByRole("button", { name: "Trial", exact: true }).click();
  await expect(table).toHaveAttribute("aria-rowcount", "301");
  await table.evaluate((t) => (t.parentElement!.scrollTop = 0));
  await expect(rows.first().getByRole("button", { name: "Open trial 299", exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

test("each chart is drawn once, at its real width: no SVG or canvas is resized after it appears", async ({
  page,
}) => {
  // Records every change of an SVG's or canvas's width in the charts (not the first setting of it).
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { resized: string[] }).resized = seen;
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as Element;
        if (r.oldValue === null || !el.closest(".study-chart")) continue;
        const chart = el.closest("[role=img]")?.getAttribute("aria-label");
        seen.push(`${chart} ${el.tagName}: ${r.oldValue} → ${el.getAttribute("width")}`);
      }
    }).observe(document, {
      subtree: true,
      attributes: true,
      attributeFilter: ["width"],
      attributeOldValue: true,
    });
  });
  const errors = await openFixture(page, 300);
  // Every canvas has painted, so every chart has had its width.
  for (const name of ["Intermediate values", "Parallel coordinates", "Contour plot", "Slice plot"]) {
    await expect.poll(() => paintedPixels(page, name), { message: name }).toBeGreaterThan(3000);
  }
  await expect(
    page.getByRole("img", { name: "Parameter importance", exact: true }).locator("rect[rx='2']"),
  ).toHaveCount(7);
  expect(await page.evaluate(() => (window as unknown as { resized: string[] }).resized)).toEqual([]);
  expect(errors).toEqual([]);
});
