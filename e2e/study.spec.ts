import { expect, test, type Locator, type Page } from "@playwright/test";
import { openPlayground, savedTrialStates } from "./helpers";

// A small, quick study base: 200 points of the circle set, a tiny network, a few epochs.
const SMALL = "dataset=circle&samples=200&noise=0&layers=4&batch=32&lr=0.03&optimizer=adam&resolution=0";

/** The rows of the trial table. */
function rows(page: Page): Locator {
  return page.getByRole("table", { name: "Trial table" }).locator("tbody tr");
}

/** Trial number and state word of every row. */
async function readTable(page: Page): Promise<{ number: number; state: string }[]> {
  const texts = await rows(page).evaluateAll((trs) =>
    trs.map((tr) => [tr.children[0]?.textContent ?? "", tr.children[1]?.textContent ?? ""]),
  );
  return texts.map(([n, s]) => ({ number: Number(n.trim()), state: s.trim() }));
}

/** Opens the playground with `query`, presses "Tune this" and sets the budget. */
async function defineStudy(page: Page, query: string, trials: number, workers: number): Promise<void> {
  await openPlayground(page, query);
  await page.getByRole("button", { name: "Tune this" }).click();
  await expect(page).toHaveURL(/#\/study\?cfg=/);
  await page.getByLabel("Trials", { exact: true }).fill(String(trials));
  await page.getByLabel("Workers", { exact: true }).selectOption(String(workers));
}

const status = (page: Page) => page.getByRole("status", { name: "Study status" });

test("a 6-trial study on two workers with a pruner runs to the end, fills the table and the charts", async ({
  page,
}) => {
  await defineStudy(page, `${SMALL}&epochs=6`, 6, 2);
  await page.getByLabel("Sampler", { exact: true }).selectOption("tpe");
  await page.getByLabel("Pruner", { exact: true }).selectOption("median");
  await page.getByLabel("Pruner startup trials", { exact: true }).fill("2");
  await page.getByLabel("Objective", { exact: true }).selectOption("valLoss");
  await page.getByRole("button", { name: "Run", exact: true }).click();

  // Once saved, the link names the study.
  await expect(page).toHaveURL(/#\/study\?id=study-/);
  await expect(status(page)).toHaveText("Finished", { timeout: 60_000 });
  await expect(rows(page)).toHaveCount(6);
  const table = await readTable(page);
  expect(table.map((r) => r.number)).toEqual([0, 1, 2, 3, 4, 5]);
  for (const r of table) expect(["complete", "pruned", "failed"]).toContain(r.state);
  expect(table.filter((r) => r.state === "complete").length).toBeGreaterThanOrEqual(2);
  // The best trial is marked.
  await expect(page.getByRole("table", { name: "Trial table" }).getByText("★ best")).toHaveCount(1);

  for (const chart of [
    "Optimisation history",
    "Intermediate values",
    "Parallel coordinates",
    "Slice plot",
    "Contour plot",
    "Parameter importance",
    "Trial timeline",
  ]) {
    await expect(page.getByRole("img", { name: chart, exact: true })).toBeVisible();
  }
  await expect(page.getByLabel("Best value", { exact: true })).toHaveText(/^\d+\.\d{4}$/);

  // A trial opens with its curves; "Open in playground" carries its configuration there.
  const learningRate = (await rows(page).nth(1).locator("td").nth(6).textContent())!.trim();
  await page.getByRole("button", { name: "Open trial 1", exact: true }).click();
  const details = page.getByRole("complementary", { name: "Trial 1 details" });
  await expect(details.getByRole("img", { name: "Trial 1 loss chart" })).toBeVisible();
  await details.getByRole("link", { name: "Open in playground" }).click();
  await expect(page).toHaveURL(/#\/playground\?/);
  const typed = await page.getByLabel("Learning rate", { exact: true }).inputValue();
  expect(Number(typed).toPrecision(3)).toBe(Number(learningRate).toPrecision(3));
  await expect(page.getByLabel("Epochs", { exact: true })).toHaveValue("6");
});

test("a reload in the middle interrupts the running trial; Resume completes the budget without repeating a number", async ({
  page,
}) => {
  // Trials longer than the history's save delay (1 s), so that a save holds one running.
  await defineStudy(page, `${SMALL}&epochs=400`, 6, 2);
  await page.getByLabel("Pruner", { exact: true }).selectOption("none");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page).toHaveURL(/#\/study\?id=study-/);
  await expect
    .poll(
      async () => {
        const t = await readTable(page);
        return t.some((r) => r.state === "complete") && t.some((r) => r.state === "running");
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  // The history has them within a second.
  await expect
    .poll(async () => {
      const saved = await savedTrialStates(page);
      return saved.includes("complete") && saved.includes("running");
    })
    .toBe(true);

  await page.reload();
  await expect(status(page)).toHaveText("Paused");
  const afterReload = await readTable(page);
  expect(afterReload.some((r) => r.state === "interrupted")).toBe(true);
  expect(afterReload.some((r) => r.state === "running")).toBe(false);
  await expect(page.getByText(/marked interrupted/)).toBeVisible();

  await page.getByRole("button", { name: "Resume", exact: true }).click();
  await expect(status(page)).toHaveText("Finished", { timeout: 60_000 });
  const final = await readTable(page);
  expect(final.map((r) => r.number)).toEqual([0, 1, 2, 3, 4, 5]);
  const interrupted = final.filter((r) => r.state === "interrupted").map((r) => r.number);
  expect(interrupted).toEqual(afterReload.filter((r) => r.state === "interrupted").map((r) => r.number));
  expect(final.filter((r) => r.state !== "interrupted").every((r) => r.state === "complete")).toBe(true);
});

test("Tune this carries the playground's settings as the fixed values, and the link keeps the study", async ({
  page,
}) => {
  await openPlayground(
    page,
    "dataset=xor&samples=200&epochs=7&layers=6,3&lr=0.02&optimizer=rmsprop&batch=16",
  );
  await page.getByRole("button", { name: "Tune this" }).click();
  await expect(page).toHaveURL(/#\/study\?cfg=/);

  // The learning rate is searched a decade either side of the playground's; the rest is fixed at its values.
  await expect(page.getByLabel("Learning rate low", { exact: true })).toHaveValue("0.002");
  await expect(page.getByLabel("Learning rate high", { exact: true })).toHaveValue("0.2");
  await expect(page.getByLabel("Epochs", { exact: true })).toHaveValue("fixed");
  await expect(page.getByTitle("Fixed at 7", { exact: true })).toBeVisible();
  await expect(page.getByTitle("Fixed at rmsprop", { exact: true })).toBeVisible();
  await page.getByText("Fixed settings of every trial").click();
  await expect(page.getByText("Exclusive or, 200 points")).toBeVisible();

  // A change survives a reload: the link holds the whole configuration.
  await page.getByLabel("Trials", { exact: true }).fill("12");
  await page.getByLabel("Batch size", { exact: true }).selectOption("range");
  await expect(page).toHaveURL(/#\/study\?cfg=/);
  await page.reload();
  await expect(page.getByLabel("Trials", { exact: true })).toHaveValue("12");
  await expect(page.getByLabel("Batch size low", { exact: true })).toHaveValue("16");

  // A range the wrong way round is refused, naming the parameter and the values; Run waits.
  await page.getByLabel("Learning rate low", { exact: true }).fill("0.5");
  await expect(page.getByRole("alert").filter({ hasText: "learningRate" })).toContainText("0.5");
  await expect(page.getByRole("button", { name: "Run", exact: true })).toBeDisabled();
  await page.getByLabel("Learning rate low", { exact: true }).fill("0.001");
  await expect(page.getByRole("button", { name: "Run", exact: true })).toBeEnabled();
});

test("Pause lets the running trials finish; Stop ends them at once; Resume goes on", async ({ page }) => {
  await defineStudy(page, `${SMALL}&epochs=60`, 10, 2);
  await page.getByLabel("Pruner", { exact: true }).selectOption("none");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const running = async () => (await readTable(page)).filter((r) => r.state === "running").length;
  await expect.poll(running, { timeout: 60_000 }).toBeGreaterThan(0);

  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await expect(status(page)).toHaveText("Paused", { timeout: 60_000 });
  const paused = await readTable(page);
  expect(paused.length).toBeLessThan(10);
  expect(paused.every((r) => r.state === "complete")).toBe(true);

  await page.getByRole("button", { name: "Resume", exact: true }).click();
  await expect.poll(running, { timeout: 60_000 }).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await expect(status(page)).toHaveText("Stopped", { timeout: 30_000 });
  const stopped = await readTable(page);
  expect(stopped.some((r) => r.state === "failed")).toBe(true);
  expect(stopped.some((r) => r.state === "running")).toBe(false);
  await expect(
    rows(page)
      .filter({ hasText: /stopped by Stop after \d+ epochs?/ })
      .first(),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Resume", exact: true })).toBeEnabled();
});

test("without IndexedDB the study runs in memory and the page says history is off", async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, "indexedDB", { value: undefined, configurable: true });
  });
  await defineStudy(page, `${SMALL}&epochs=4`, 3, 2);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(status(page)).toHaveText("Finished", { timeout: 60_000 });
  await expect(rows(page)).toHaveCount(3);
  await expect(page.getByRole("status", { name: "History" })).toContainText("History is off");
  // Nothing was saved, so the link still holds the configuration.
  await expect(page).toHaveURL(/#\/study\?cfg=/);
});

test("a 4-trial study with 3-fold cross-validation on Iris runs and shows the spread of each trial's folds", async ({
  page,
}) => {
  await defineStudy(
    page,
    "dataset=iris&val=0.2&test=0.2&layers=8&batch=16&lr=0.03&optimizer=adam&epochs=8&earlyStop=false",
    4,
    2,
  );
  await expect(page.getByText("Fixed settings of every trial")).toBeVisible();
  await page.getByLabel("Cross-validation folds", { exact: true }).selectOption("3");
  await expect(page.getByText(/mean over the folds it has finished/)).toBeVisible();
  // A newly chosen median pruner waits about a fifth of the 8 epochs, and says why.
  await page.getByLabel("Pruner", { exact: true }).selectOption("percentile");
  await page.getByLabel("Pruner", { exact: true }).selectOption("median");
  const warmup = page.getByLabel("Pruner warm-up epochs", { exact: true });
  await expect(warmup).toHaveValue("2");
  await expect(warmup).toHaveAccessibleDescription(/The first epochs' losses are noisy.*\(2\)/);
  await page.getByLabel("Pruner", { exact: true }).selectOption("none");
  await page.getByRole("button", { name: "Run", exact: true }).click();

  await expect(page).toHaveURL(/#\/study\?id=study-/);
  await expect(status(page)).toHaveText("Finished", { timeout: 110_000 });
  await expect(rows(page)).toHaveCount(4);
  const table = page.getByRole("table", { name: "Trial table" });
  await expect(table.getByRole("columnheader", { name: /\(mean of 3 folds\)/ })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: /Fold spread \(std, min–max\)/ })).toBeVisible();
  const states = await readTable(page);
  expect(states.every((r) => r.state === "complete")).toBe(true);
  // Every trial trained 3 folds of 8 epochs, and its folds' spread reads "± std (min–max)".
  const cells = await rows(page).evaluateAll((trs) =>
    trs.map((tr) => [tr.children[3]?.textContent?.trim() ?? "", tr.children[4]?.textContent?.trim() ?? ""]),
  );
  for (const [spread, epochs] of cells) {
    expect(epochs).toBe("24");
    const match = /^± ([\d.]+) \(([\d.]+)–([\d.]+)\)$/.exec(spread);
    expect(match, spread).not.toBeNull();
    const [std, min, max] = match!.slice(1).map(Number);
    expect(min).toBeLessThanOrEqual(max);
    expect(std).toBeLessThanOrEqual(max - min);
  }

  // A trial's details list each fold's value, their spread, and draw one curve per fold.
  await page.getByRole("button", { name: "Open trial 0", exact: true }).click();
  const details = page.getByRole("complementary", { name: "Trial 0 details" });
  await expect(details.getByText(/^1: [\d.]+, 2: [\d.]+, 3: [\d.]+$/)).toBeVisible();
  await expect(details.getByText(/^std [\d.]+, min [\d.]+, max [\d.]+$/)).toBeVisible();
  await expect(details.getByText("8 + 8 + 8 of 8 per fold")).toBeVisible();
  await expect(details.getByText("Fold 3 (validation)")).toBeVisible();
  await expect(details.getByText(/^[\d.]+ \(loss [\d.]+\)$/)).toBeVisible();
  // The best trial's test accuracy (the mean over its folds) is shown with the other readouts.
  await expect(page.getByLabel("Best trial's test accuracy", { exact: true })).toHaveText(/^\d\.\d+$/);
  if (process.env.E2E_SHOTS)
    await page.screenshot({ path: `${process.env.E2E_SHOTS}/study-cv.png`, fullPage: true });
});
