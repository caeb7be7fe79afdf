import { expect, test, type Page } from "@playwright/test";

// Each lesson runs its experiment in the real app (#/lessons/<id>) and the effect it teaches is
// checked with the numbers the page shows. Runs are seeded, so the effects are reproducible; the
// margins are wide because backends differ in the last digits.

/** Lessons in the list: 1 to 14. */
const LESSON_COUNT = 14;

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
  await expect(list.getByRole("listitem")).toHaveCount(LESSON_COUNT);
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

test("lesson 11: pruned searches try far more configurations for the same epochs, with a best value as good", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await runLesson(page, "pruning");
  const budget = 120;
  const row = async (id: string) => ({
    tried: await cell(page, id, "tried"),
    pruned: await cell(page, id, "pruned"),
    complete: await cell(page, id, "complete"),
    epochs: await cell(page, id, "epochs"),
    best: await cell(page, id, "best"),
  });
  const random = await row("random");
  const asha = await row("asha");
  const hyperband = await row("hyperband");
  // The same compute for each: every search spends its whole budget, and no more.
  for (const r of [random, asha, hyperband]) expect(r.epochs).toBe(budget);
  // Without pruning, 120 epochs buy six full 20-epoch trials.
  expect(random).toMatchObject({ tried: 6, pruned: 0, complete: 6 });
  // With a pruner most trials stop early, so many more configurations are tried.
  expect(asha.tried).toBeGreaterThanOrEqual(3 * random.tried);
  expect(asha.pruned).toBeGreaterThan(asha.tried / 2);
  expect(hyperband.tried).toBeGreaterThanOrEqual(2 * random.tried);
  expect(hyperband.pruned).toBeGreaterThan(0);
  // And the best validation loss found is not worse (within the last digits backends differ by).
  expect(asha.best).toBeLessThanOrEqual(random.best * 1.01);
  expect(hyperband.best).toBeLessThanOrEqual(random.best * 1.01);
  // Every trial is drawn, pruned ones in grey: as many lines as configurations tried.
  const ashaChart = page.getByRole("img", { name: "Validation loss of every trial, Random + ASHA" });
  await expect(ashaChart.locator('path[stroke="#aab2ba"]')).toHaveCount(asha.tried - asha.complete);
  await expect(ashaChart.locator("path[stroke]")).toHaveCount(asha.tried);
  await expect(
    page.getByRole("img", { name: "Best validation loss against epochs spent" }).locator("path[stroke]"),
  ).toHaveCount(3);
  expect(errors).toEqual([]);
});

test("lesson 5: a 16× larger batch lags per epoch at the same rate; the scaled rate wins it back in far fewer steps", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await runLesson(page, "batch-size");
  const small = await cell(page, "small", "final-train-loss");
  const large = orInfinity(await cell(page, "large", "final-train-loss"));
  const scaled = await cell(page, "scaled", "final-train-loss");
  // Same rate: far worse after the same epochs.
  expect(large).toBeGreaterThan(3 * small);
  // Scaled rate: most of the difference recovered.
  expect(large - scaled).toBeGreaterThan(0.7 * (large - small));
  // With far fewer optimizer steps.
  const smallSteps = await cell(page, "small", "steps");
  expect(await cell(page, "scaled", "steps")).toBe(await cell(page, "large", "steps"));
  expect(smallSteps).toBeGreaterThan(10 * (await cell(page, "scaled", "steps")));
  for (const name of ["Training loss per epoch", "Training loss per optimizer step"]) {
    await expect(
      page.getByRole("img", { name }).locator("path[stroke]:not([stroke='none'])"),
    ).not.toHaveCount(0);
  }
  expect(errors).toEqual([]);
});

test("lesson 13: the best validation score of many trials overstates its test score", async ({ page }) => {
  const errors = watchErrors(page);
  await runLesson(page, "validation-overfit");
  const readout = async (key: string) =>
    Number(
      await page.locator(`table[aria-label="Readout"] td[data-key="${key}"]`).getAttribute("data-value"),
    );
  const trials = await readout("trials");
  expect(trials).toBe(40);
  // Recompute the pick from every trial's scores on the page.
  await page.getByText("Every trial's settings and scores").click();
  const scores: { val: number; test: number }[] = [];
  for (let i = 1; i <= trials; i++) {
    const row = page.locator(`tr[data-trial="${i}"]`);
    const val = Number(await row.locator('td[data-key="val"]').getAttribute("data-value"));
    const test = Number(await row.locator('td[data-key="test"]').getAttribute("data-value"));
    expect(val).toBeGreaterThan(0);
    expect(test).toBeGreaterThan(0);
    scores.push({ val, test });
  }
  const bestIndex = scores.reduce((b, s, i) => (s.val > scores[b].val ? i : b), 0);
  expect(await readout("best-trial")).toBe(bestIndex + 1);
  expect(await readout("best-val")).toBeCloseTo(scores[bestIndex].val, 6);
  expect(await readout("test-of-best")).toBeCloseTo(scores[bestIndex].test, 6);
  const meanGap = scores.reduce((a, s) => a + s.val - s.test, 0) / trials;
  expect(await readout("mean-gap")).toBeCloseTo(meanGap, 6);
  // The picked trial's validation accuracy overstates its test accuracy, well beyond the average trial's.
  const gap = await readout("gap");
  expect(gap).toBeCloseTo(scores[bestIndex].val - scores[bestIndex].test, 6);
  expect(gap).toBeGreaterThan(0.04);
  expect(gap).toBeGreaterThan(meanGap + 0.04);
  expect(await readout("best-test")).toBeCloseTo(Math.max(...scores.map((s) => s.test)), 6);
  expect(errors).toEqual([]);
});

test("lesson 14: transfer from digits 0–4 to 5–9 — pretrained, frozen or slower, against from scratch", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await runLesson(page, "transfer");
  const accuracy = async (run: string) => cell(page, run, "final-val-accuracy");
  const [scratch, frozen, slower] = [
    await accuracy("scratch"),
    await accuracy("frozen"),
    await accuracy("smaller-rate"),
  ];
  // Every run learns 5–9 far above chance (20%) from its 15 examples.
  for (const a of [scratch, frozen, slower]) expect(a).toBeGreaterThan(0.4);
  // Pretraining learned 0–4 well; the scratch run has no pretraining.
  for (const run of ["frozen", "smaller-rate"]) {
    expect(await cell(page, run, "pretrain-accuracy")).toBeGreaterThan(0.9);
  }
  expect(Number.isNaN(await cell(page, "scratch", "pretrain-accuracy"))).toBe(true);
  // On these digits the features of 0–4 transfer badly: frozen is worst, slower fine-tuning recovers part.
  expect(scratch).toBeGreaterThan(frozen + 0.1);
  expect(slower).toBeGreaterThan(frozen);
  expect(await cell(page, "frozen", "final-val-loss")).toBeGreaterThan(
    await cell(page, "scratch", "final-val-loss"),
  );
  for (const name of ["Validation accuracy per epoch", "Validation loss per epoch"]) {
    await expect(page.getByRole("img", { name }).locator("path[stroke]")).toHaveCount(3);
  }
  await page.screenshot({ path: "/tmp/h3/lesson14.png", fullPage: true });
  expect(errors).toEqual([]);
});
