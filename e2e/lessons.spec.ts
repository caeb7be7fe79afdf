import { expect, test, type Page } from "@playwright/test";

// Each lesson runs its experiment in the real app (#/lessons/<id>) and the effect it teaches is
// checked with the numbers the page shows. Runs are seeded, so the effects are reproducible; the
// margins are wide because backends differ in the last digits.

/** Fails the test on any error thrown in the page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}

/** Opens a lesson, runs its experiment and waits until every run has finished. */
async function runLesson(page: Page, id: string): Promise<void> {
  await page.goto(`/#/lessons/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Lesson");
  await page.getByRole("button", { name: "Run the experiment" }).click();
  const status = page.getByLabel("Experiment status");
  await expect(status).toHaveAttribute("data-status", /done|failed/, { timeout: 90_000 });
  await expect(status).toHaveAttribute("data-status", "done");
}

/** The number in the readout cell of run `run`, column `key` (NaN for a diverged run). */
async function cell(page: Page, run: string, key: string): Promise<number> {
  const value = await page.locator(`tr[data-run="${run}"] td[data-key="${key}"]`).getAttribute("data-value");
  return value === null || value === "" ? NaN : Number(value);
}

/** A loss that counts as "high": not finite (diverged) counts as infinitely high. */
const orInfinity = (v: number) => (Number.isFinite(v) ? v : Infinity);

test("the lessons list links every lesson, and an unknown lesson says so", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/#/lessons");
  const list = page.getByRole("navigation", { name: "Lessons" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  await list.getByRole("link", { name: /Warmup/ }).click();
  await expect(page).toHaveURL(/#\/lessons\/warmup$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lesson 3: Warmup");
  await page.goto("/#/lessons/no-such-lesson");
  await expect(page.getByRole("alert")).toContainText("no-such-lesson");
  expect(errors).toEqual([]);
});

test("lesson 1: the right rate ends far below too small and too large", async ({ page }) => {
  const errors = watchErrors(page);
  await runLesson(page, "learning-rate");
  const small = await cell(page, "small", "final-train-loss");
  const right = await cell(page, "right", "final-train-loss");
  const large = orInfinity(await cell(page, "large", "final-train-loss"));
  expect(right).toBeLessThan(small / 3);
  expect(right).toBeLessThan(large / 3);
  await expect(
    page.getByRole("img", { name: "Training loss per epoch" }).locator("path[stroke]"),
  ).not.toHaveCount(0);
  expect(errors).toEqual([]);
});

test("lesson 2: the range test suggests a rate and links it to the playground", async ({ page }) => {
  const errors = watchErrors(page);
  await runLesson(page, "range-test");
  const suggested = Number(await page.getByLabel("Suggested learning rate").getAttribute("data-value"));
  const lowest = Number(await page.getByLabel("Lowest-loss rate").getAttribute("data-value"));
  // The steepest fall comes before the lowest loss, inside the tested range.
  expect(suggested).toBeGreaterThan(1e-4);
  expect(suggested).toBeLessThanOrEqual(lowest);
  await page.getByRole("link", { name: "Use this rate in the playground" }).click();
  await expect(page).toHaveURL(/#\/playground\?/);
  const lr = new URL(page.url().replace("#/playground", "playground")).searchParams.get("lr");
  expect(Number(lr)).toBeCloseTo(Number(suggested.toPrecision(2)), 10);
  expect(errors).toEqual([]);
});

test("lesson 3: with warmup the same high rate ends far lower than without", async ({ page }) => {
  const errors = watchErrors(page);
  await runLesson(page, "warmup");
  const without = orInfinity(await cell(page, "no-warmup", "final-train-loss"));
  const withWarmup = await cell(page, "warmup", "final-train-loss");
  expect(withWarmup).toBeLessThan(without / 3);
  expect(errors).toEqual([]);
});

test("lesson 4: every decaying schedule ends below the constant rate, drawn under its schedule", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await runLesson(page, "decay");
  const constant = await cell(page, "constant", "final-train-loss");
  for (const run of ["step", "cosine", "onecycle"]) {
    expect(await cell(page, run, "final-train-loss")).toBeLessThan(constant * 0.75);
  }
  await expect(page.getByRole("img", { name: "Learning rate per step" }).locator("path[stroke]")).toHaveCount(
    4,
  );
  expect(errors).toEqual([]);
});

test("lesson 6: dropout and L2 shrink the train/validation gap", async ({ page }) => {
  const errors = watchErrors(page);
  await runLesson(page, "regularisation");
  const plain = await cell(page, "plain", "gap");
  expect(await cell(page, "dropout", "gap")).toBeLessThan(plain / 2);
  expect(await cell(page, "l2", "gap")).toBeLessThan(plain / 2);
  expect(errors).toEqual([]);
});

test("lesson 7: early stopping stops early, and restoring the best weights keeps the best loss", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await runLesson(page, "early-stopping");
  expect(await cell(page, "full", "epochs")).toBe(80);
  const stoppedAt = await cell(page, "stop-best", "epochs");
  expect(stoppedAt).toBeLessThan(80);
  const best = await cell(page, "stop-best", "best-val-loss");
  expect(await cell(page, "stop-best", "kept-val-loss")).toBeCloseTo(best, 3);
  expect(await cell(page, "stop-best", "kept-val-loss")).toBeLessThan(
    await cell(page, "full", "kept-val-loss"),
  );
  expect(await cell(page, "stop-best", "kept-val-loss")).toBeLessThan(
    await cell(page, "stop-last", "kept-val-loss"),
  );
  expect(errors).toEqual([]);
});

test("lesson 8: the tiny network underfits, the large one overfits", async ({ page }) => {
  const errors = watchErrors(page);
  await runLesson(page, "capacity");
  const tinyTrain = await cell(page, "tiny", "final-train-loss");
  const largeTrain = await cell(page, "large", "final-train-loss");
  expect(tinyTrain).toBeGreaterThan(largeTrain * 3);
  expect(await cell(page, "large", "gap")).toBeGreaterThan(2 * (await cell(page, "medium", "gap")));
  expect(await cell(page, "large", "final-val-loss")).toBeGreaterThan(
    await cell(page, "medium", "final-val-loss"),
  );
  expect(errors).toEqual([]);
});

test("lesson 9: random search beats the 4×4 grid in most seeds when one parameter does not matter", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await runLesson(page, "grid-vs-random");
  expect(await cell(page, "random", "wins")).toBeGreaterThan(5);
  expect(await cell(page, "random", "mean-best")).toBeLessThan(await cell(page, "grid", "mean-best"));
  expect(errors).toEqual([]);
});

test("lesson 10: the Gaussian process ends with a better mean than random search", async ({ page }) => {
  const errors = watchErrors(page);
  await runLesson(page, "bayesian-search");
  expect(await cell(page, "gp", "mean-best")).toBeLessThan((await cell(page, "random", "mean-best")) / 2);
  expect(await cell(page, "gp", "wins")).toBeGreaterThanOrEqual(4);
  await expect(
    page.getByRole("img", { name: "Best value against trials" }).locator("path[stroke]"),
  ).toHaveCount(9);
  expect(errors).toEqual([]);
});

test("lesson 12: five seeds each, means with intervals, and a Welch t-test from the shown values", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await runLesson(page, "seeds");
  const groups: Record<string, number[]> = {};
  for (const g of ["a", "b"]) {
    groups[g] = [];
    for (const seed of [1, 2, 3, 4, 5]) groups[g].push(await cell(page, g, `seed-${seed}`));
    const mean = groups[g].reduce((x, y) => x + y, 0) / 5;
    expect(await cell(page, g, "mean")).toBeCloseTo(mean, 6);
    const ci = page.locator(`tr[data-run="${g}"] td[data-key="ci"]`);
    expect(Number(await ci.getAttribute("data-low"))).toBeLessThan(mean);
    expect(Number(await ci.getAttribute("data-high"))).toBeGreaterThan(mean);
  }
  // Welch's t from the per-seed values on the page.
  const variance = (v: number[]) => {
    const m = v.reduce((x, y) => x + y, 0) / v.length;
    return v.reduce((x, y) => x + (y - m) ** 2, 0) / (v.length - 1);
  };
  const t =
    (groups.a.reduce((x, y) => x + y, 0) / 5 - groups.b.reduce((x, y) => x + y, 0) / 5) /
    Math.sqrt(variance(groups.a) / 5 + variance(groups.b) / 5);
  expect(Number(await page.getByLabel("t statistic").getAttribute("data-value"))).toBeCloseTo(t, 6);
  // The larger rate is better over the seeds, and the test says the difference is unlikely to be luck.
  expect(t).toBeLessThan(0);
  expect(Number(await page.getByLabel("p-value").getAttribute("data-value"))).toBeLessThan(0.05);
  expect(errors).toEqual([]);
});
