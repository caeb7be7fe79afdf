import { expect, test, type Locator, type Page } from "@playwright/test";
import { openPlayground, trainToEnd } from "./helpers";

// The playground's charts read their width once the browser has laid them out (observe-size.ts),
// not by a forced layout as they mount: each is drawn once, at its real width, never first at a
// guess and again.

const QUICK_CIRCLE = "dataset=circle&samples=200&noise=0&epochs=6&batch=32&lr=0.05&layers=8,8&resolution=24";

/** Records every change of a chart's SVG or canvas width (not its first setting) into window.resized. */
async function recordResizes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { resized: string[] }).resized = seen;
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as Element;
        if (r.oldValue === null || !["svg", "CANVAS"].includes(el.tagName) || !el.closest(".chart-box"))
          continue;
        const chart =
          el.closest("[role=img]")?.getAttribute("aria-label") ??
          el.querySelector("[role=img]")?.getAttribute("aria-label") ??
          el.getAttribute("aria-label");
        seen.push(`${chart} ${el.tagName}: ${r.oldValue} → ${el.getAttribute("width")}`);
      }
    }).observe(document, {
      subtree: true,
      attributes: true,
      attributeFilter: ["width"],
      attributeOldValue: true,
    });
  });
}

const resizes = (page: Page) => page.evaluate(() => (window as unknown as { resized: string[] }).resized);

/** The width of the chart-box holding the chart named `name`, and the width its SVG was drawn at. */
async function widths(page: Page, name: string): Promise<{ box: number; svg: number }> {
  return page.getByRole("img", { name, exact: true }).evaluate((el) => {
    const svg = el.tagName === "svg" ? el : el.querySelector("svg")!;
    return { box: el.closest(".chart-box")!.clientWidth, svg: Number(svg.getAttribute("width")) };
  });
}

/** Pixels of a canvas painted with something other than transparent. */
function painted(canvas: Locator): Promise<number> {
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  });
}

/** Pixels of the boundary's heatmap painted. */
function boundaryPainted(page: Page): Promise<number> {
  return painted(
    page.getByRole("img", { name: "Decision boundary chart", exact: true }).locator("canvas.heatmap"),
  );
}

test("the playground's charts are drawn once, at their real width: none is resized after it appears", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await recordResizes(page);
  await openPlayground(page, QUICK_CIRCLE);
  const loss = page.getByRole("img", { name: "Loss chart", exact: true });
  const boundary = page.getByRole("img", { name: "Decision boundary chart", exact: true });
  await expect(loss).toBeVisible();
  await expect(boundary).toBeVisible();
  // Before a run the boundary already shows the data set's points, on a canvas above the heatmap:
  // 140 training and 60 validation points (200 at 70 %), each a few dozen painted pixels.
  const points = boundary.locator("canvas.points");
  await expect(points).toHaveAttribute("data-points", "200");
  expect(await painted(points)).toBeGreaterThan(200 * 12);
  const showValidation = page.getByRole("checkbox", { name: "Show validation points" });
  await showValidation.uncheck();
  await expect(points).toHaveAttribute("data-points", "140");
  await showValidation.check();
  await expect(points).toHaveAttribute("data-points", "200");

  await trainToEnd(page);
  // The loss curves are drawn (a path with points per series) and the heatmap is painted: 24 × 24 cells.
  await expect.poll(() => loss.locator("path[fill='none'][d^='M']").count()).toBeGreaterThanOrEqual(2);
  await expect.poll(() => boundaryPainted(page)).toBe(24 * 24);

  // At the real width: the loss chart spans its box, the boundary is the square its box allows.
  const lossWidths = await widths(page, "Loss chart");
  expect(lossWidths.box).toBeGreaterThan(200);
  expect(lossWidths.svg).toBe(lossWidths.box);
  const boundaryWidths = await widths(page, "Decision boundary chart");
  expect(boundaryWidths.svg).toBe(Math.max(120, Math.min(boundaryWidths.box, 460)));

  expect(await resizes(page)).toEqual([]);
  expect(errors).toEqual([]);

  // A real change of the box's size is still followed: a narrower window redraws the loss chart.
  const before = lossWidths.svg;
  await page.setViewportSize({ width: 700, height: 900 });
  await expect.poll(async () => (await widths(page, "Loss chart")).svg).not.toBe(before);
  const after = await widths(page, "Loss chart");
  expect(after.svg).toBe(after.box);
});
