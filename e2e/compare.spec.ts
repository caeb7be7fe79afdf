import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { openPlayground } from "./helpers";

// The compare view as a person uses it: opened from the playground's "Compare…" button, a
// learning rate at three values over two seeds trained in real workers, and the numbers read back
// from the page's table and isolation plot.

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}

/** A small 2D problem that trains in seconds: plain SGD, one hidden layer, 15 epochs, no boundary grid. */
const SMALL =
  "dataset=circle&samples=200&noise=10&split=0.7&layers=8&activation=tanh&optimizer=sgd&lr=0.1&batch=16" +
  "&epochs=15&backend=wasm&resolution=0&seed=1";

/** The mean score of the winning row of a value of the parameter under study (Infinity when diverged). */
async function meanOf(page: Page, value: string): Promise<number> {
  const cell = page.locator(
    `table[aria-label="Comparison results"] tr[data-winner="true"][data-value="${value}"] td[data-key="mean"]`,
  );
  const text = await cell.getAttribute("data-value");
  if (text === null || text === "") throw new Error(`No mean for value ${value}`);
  return Number(text);
}

test("compare three learning rates over two seeds: the middle one is best", async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page, SMALL);
  await page.getByRole("button", { name: "Compare…" }).click();
  await expect(page).toHaveURL(/#\/compare\?.*lr=0\.1/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compare values of one hyperparameter");
  // The base is the playground's configuration.
  await expect(page.locator(".base-text")).toContainText("sgd at learning rate 0.1");

  await page.getByLabel("Parameter under study").selectOption("lr");
  await page.getByLabel("Values", { exact: true }).fill("0.001, 0.3, 10");
  await page.getByLabel("Seeds per configuration").fill("2");
  await page.getByLabel("Seeds per configuration").press("Tab");
  await expect(page.getByLabel("Run count")).toContainText("3 values × 2 seeds = 6 runs");
  await expect(page).toHaveURL(/vary=lr&values=0\.001,0\.3,10&seeds=2/);

  await page.getByRole("button", { name: "Run comparison" }).click();
  const status = page.getByLabel("Comparison status");
  await expect(status).toHaveAttribute("data-status", /done|failed/, { timeout: 90_000 });
  await expect(status).toHaveAttribute("data-status", "done");

  const table = page.getByRole("table", { name: "Comparison results" });
  await expect(table.locator("tbody tr")).toHaveCount(3);
  await expect(table.locator('td[data-key="seeds"][data-value="2"]')).toHaveCount(3);
  const small = await meanOf(page, "0.001");
  const right = await meanOf(page, "0.3");
  const large = await meanOf(page, "10");
  expect(Number.isFinite(right)).toBe(true);
  expect(right).toBeLessThan(small);
  expect(right).toBeLessThan(large);

  // The isolation plot marks the same value as best, and draws every value.
  const plot = page.getByRole("img", { name: "Isolation plot" });
  await expect(plot.locator("g.isolation-point")).toHaveCount(3);
  await expect(plot.locator('g.isolation-point[data-best="true"]')).toHaveAttribute("data-key", "value-1");
  expect(
    Number(await plot.locator('g.isolation-point[data-key="value-1"]').getAttribute("data-mean")),
  ).toBeCloseTo(right, 10);
  // One mean line per value on the curves chart.
  await expect(
    page.getByRole("img", { name: "Validation loss per epoch with bands" }).locator("path.mean"),
  ).toHaveCount(3);
  await page.screenshot({ path: test.info().outputPath("compare-view.png"), fullPage: true });

  // Download CSV gives every run's every epoch: 6 runs × 15 epochs, the value and seed on each row,
  // and the best value's mean score read back from the file.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("compare-lr.csv");
  const lines = readFileSync(await download.path(), "utf8")
    .trim()
    .split("\r\n");
  expect(lines[0]).toBe("lr,seed,status,epoch,learning_rate,train_loss,val_loss,train_accuracy,val_accuracy");
  const rows = lines.slice(1).map((l) => l.split(","));
  expect(rows).toHaveLength(6 * 15);
  expect(new Set(rows.map((r) => `${r[0]}/${r[1]}`)).size).toBe(6);
  const bestOfRun = (seed: string) =>
    Math.min(...rows.filter((r) => r[0] === "0.3" && r[1] === seed).map((r) => Number(r[6])));
  const seeds = [...new Set(rows.map((r) => r[1]))];
  expect((bestOfRun(seeds[0]) + bestOfRun(seeds[1])) / 2).toBeCloseTo(right, 6);

  // The link reproduces the comparison.
  await page.reload();
  await expect(page.getByLabel("Values", { exact: true })).toHaveValue("0.001, 0.3, 10");
  await expect(page.getByLabel("Seeds per configuration")).toHaveValue("2");
  expect(errors).toEqual([]);
});

test("a bad value list is refused with a message naming the value", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/#/compare");
  const values = page.getByLabel("Values", { exact: true });
  const run = page.getByRole("button", { name: "Run comparison" });
  await expect(run).toBeEnabled();

  await values.fill("0.01, abc, 0.3");
  await expect(page.getByRole("alert")).toHaveText("Learning rate values: 'abc' is not a number");
  await expect(run).toBeDisabled();
  await values.fill("0.01, 20");
  await expect(page.getByRole("alert")).toContainText("20 is out of range");
  await values.fill("0.01, 0.1, 1e-2");
  await expect(page.getByRole("alert")).toContainText("0.01 is given twice");
  await values.fill(" ");
  await expect(page.getByRole("alert")).toContainText("the list is empty");
  await values.fill("0.01, 0.1");
  await expect(run).toBeEnabled();

  // Too many runs is refused too.
  await page.getByLabel("Seeds per configuration").fill("10");
  await page.getByLabel("Parameter under study").selectOption("dropout");
  await values.fill("0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6");
  await expect(page.getByLabel("Run count")).toContainText("7 values × 10 seeds = 70 runs");
  await expect(page.getByRole("alert")).toContainText("too many; at most 60 runs");
  await expect(run).toBeDisabled();

  // A bad link is refused with a message, and the defaults are used.
  await page.goto("/#/compare?vary=lr&values=0.1,x&seeds=40");
  const notice = page.getByRole("alert", { name: "Link problems" });
  await expect(notice).toContainText("'x' is not a number");
  await expect(notice).toContainText("got '40'");
  await expect(values).toHaveValue("0.001, 0.03, 1");
  await expect(page.getByLabel("Seeds per configuration")).toHaveValue("2");
  expect(errors).toEqual([]);
});

test("with a nuisance parameter, each value is shown at its best nuisance value", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/#/compare?vary=width&values=2,16&nuisance=lr&nuisanceValues=0.003,1&seeds=1&${SMALL}`);
  await expect(page.getByLabel("Nuisance values")).toHaveValue("0.003, 1");
  await expect(page.getByLabel("Run count")).toContainText("2 values × 2 nuisance values × 1 seed = 4 runs");
  await page.getByRole("button", { name: "Run comparison" }).click();
  const status = page.getByLabel("Comparison status");
  await expect(status).toHaveAttribute("data-status", /done|failed/, { timeout: 90_000 });
  await expect(status).toHaveAttribute("data-status", "done");

  const table = page.getByRole("table", { name: "Comparison results" });
  await expect(table.locator("tbody tr")).toHaveCount(4);
  const plot = page.getByRole("img", { name: "Isolation plot" });
  for (const [index, value] of ["2", "16"].entries()) {
    const rows = table.locator(`tr[data-value="${value}"]`);
    await expect(rows).toHaveCount(2);
    await expect(rows.and(page.locator('[data-winner="true"]'))).toHaveCount(1);
    const means: number[] = [];
    const winners: boolean[] = [];
    for (const row of await rows.all()) {
      means.push(Number(await row.locator('td[data-key="mean"]').getAttribute("data-value")));
      winners.push((await row.getAttribute("data-winner")) === "true");
    }
    // The winner is the lower of the two, and the isolation plot shows its mean and its rate.
    const won = winners.indexOf(true);
    expect(means[won]).toBeLessThanOrEqual(means[1 - won]);
    const point = plot.locator(`g.isolation-point[data-key="value-${index}"]`);
    expect(Number(await point.getAttribute("data-mean"))).toBeCloseTo(means[won], 10);
    await expect(point).toContainText(`at learning rate ${won === 0 ? "0.003" : "1"}`);
  }
  expect(errors).toEqual([]);
});
