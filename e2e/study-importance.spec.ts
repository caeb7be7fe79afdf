import { expect, test, type Page } from "@playwright/test";
import { openPlayground } from "./helpers";

// Parameter importance is fitted in the analysis worker (workers/analysis.worker.ts), not on the
// page's main thread: the bars come from that worker, and when it cannot run the chart says why.

const SMALL =
  "dataset=circle&samples=200&noise=0&layers=4&batch=32&lr=0.03&optimizer=adam&resolution=0&epochs=4";

/** A 6-trial study of the learning rate and the batch size on 2 workers, no pruner, up to Run. */
async function defineStudy(page: Page): Promise<void> {
  await openPlayground(page, SMALL);
  await page.getByRole("button", { name: "Tune this" }).click();
  await expect(page).toHaveURL(/#\/study\?cfg=/);
  await page.getByLabel("Batch size", { exact: true }).selectOption("range");
  await page.getByLabel("Pruner", { exact: true }).selectOption("none");
  await page.getByLabel("Trials", { exact: true }).fill("6");
  await page.getByLabel("Workers", { exact: true }).selectOption("2");
}

const status = (page: Page) => page.getByRole("status", { name: "Study status" });
const importance = (page: Page) => page.getByRole("img", { name: "Parameter importance", exact: true });

test("importance bars come from the analysis worker once two trials are complete", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));
  await defineStudy(page);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(status(page)).toHaveText("Finished", { timeout: 90_000 });

  // One bar per parameter of the space (the fixed ones at 0%), largest first, shares of one whole.
  const shares = importance(page).locator("text.share");
  await expect(shares).not.toHaveCount(0);
  const values = (await shares.allTextContents()).map((t) =>
    t.startsWith("<") ? 0 : Number(t.replace("%", "")),
  );
  expect(values.reduce((a, b) => a + b, 0)).toBeGreaterThan(99);
  expect(values.reduce((a, b) => a + b, 0)).toBeLessThan(101);
  expect([...values].sort((a, b) => b - a)).toEqual(values);
  expect(values[0]).toBeGreaterThan(0);
  const names = await importance(page).locator("text.tick-text:not(.share)").allTextContents();
  expect(names).toContain("learningRate");
  expect(names).toContain("batchSize");
  expect(names).toHaveLength(values.length);
  expect(workers.filter((u) => /analysis\.worker/.test(u))).toHaveLength(1);
  expect(errors).toEqual([]);
});

test("an analysis worker that cannot start shows why in the importance chart; the study goes on", async ({
  page,
}) => {
  await page.route(/analysis\.worker[^/]*\.js/, (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/javascript",
      headers: {
        "Cross-Origin-Embedder-Policy": "require-corp",
        "Cross-Origin-Resource-Policy": "same-origin",
      },
      body: 'throw new Error("analysis broken on purpose");',
    }),
  );
  await defineStudy(page);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(importance(page)).toContainText(
    /Importance could not be computed: The analysis worker crashed: .+/,
    {
      timeout: 90_000,
    },
  );
  await expect(status(page)).toHaveText("Finished", { timeout: 90_000 });
  await expect(page.getByRole("table", { name: "Trial table" }).locator("tbody tr")).toHaveCount(6);
  await expect(importance(page).locator("text.share")).toHaveCount(0);
});
