import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { openPlayground } from "./helpers";

// A trial's test-set score is stored with the trial: it is still shown after a reload, and an
// exported file carries it into another history.

const status = (page: Page) => page.getByRole("status", { name: "Study status" });
const bestTest = (page: Page) => page.getByLabel("Best trial's test accuracy", { exact: true });

test("the best trial's test accuracy survives a reload, and an export and import", async ({ page }) => {
  await openPlayground(
    page,
    "dataset=iris&val=0.2&test=0.2&layers=8&batch=16&lr=0.03&optimizer=adam&epochs=6&earlyStop=false",
  );
  await page.getByRole("button", { name: "Tune this" }).click();
  await expect(page).toHaveURL(/#\/study\?cfg=/);
  await page.getByLabel("Trials", { exact: true }).fill("3");
  await page.getByLabel("Workers", { exact: true }).selectOption("1");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page).toHaveURL(/#\/study\?id=study-/);
  await expect(status(page)).toHaveText("Finished", { timeout: 110_000 });
  await expect(bestTest(page)).toHaveText(/^\d\.\d+$/);
  const shown = (await bestTest(page).textContent())!.trim();

  // After a reload the trials come from IndexedDB, test scores included.
  await page.reload();
  await expect(status(page)).toHaveText("Finished");
  await expect(bestTest(page)).toHaveText(shown);

  // The JSON export carries every trial's score; importing it keeps them.
  await page.goto("/#/history");
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader") });
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: "Export", exact: true }).click();
  const downloading = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: "JSON", exact: true }).click();
  const download = await downloading;
  const text = readFileSync(await download.path(), "utf8");
  const file = JSON.parse(text) as {
    version: number;
    study: { trials: { state: string; test?: { loss: number; metric: number } }[] };
  };
  expect(file.version).toBe(2);
  expect(file.study.trials).toHaveLength(3);
  for (const trial of file.study.trials) {
    expect(trial.state).toBe("complete");
    expect(trial.test?.metric).toBeGreaterThanOrEqual(0);
    expect(trial.test?.metric).toBeLessThanOrEqual(1);
    expect(trial.test?.loss).toBeGreaterThanOrEqual(0);
  }

  await row.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).click();
  await expect(row).toHaveCount(0);
  await page.getByLabel("Import", { exact: true }).setInputFiles({
    name: download.suggestedFilename(),
    mimeType: "application/json",
    buffer: Buffer.from(text),
  });
  await expect(row).toHaveCount(1);
  await row.getByRole("link", { name: "Open" }).click();
  await expect(page).toHaveURL(/#\/study\?id=study-/);
  await expect(status(page)).toHaveText("Finished");
  await expect(bestTest(page)).toHaveText(shown);
});
