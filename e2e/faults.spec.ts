import { expect, test, type Locator, type Page, type Worker } from "@playwright/test";
import { openPlayground, typeInto } from "./helpers";

// Faults caused on purpose while a study runs: a worker dies, a loss turns NaN, a model too large.
const SMALL = "dataset=circle&samples=200&noise=0&layers=4&batch=32&lr=0.03&optimizer=adam&resolution=0";

function rows(page: Page): Locator {
  return page.getByRole("table", { name: "Trial table" }).locator("tbody tr");
}

/** Number, state, epochs done and note of every row of the trial table. */
async function readTable(
  page: Page,
): Promise<{ number: number; state: string; epochs: number; note: string }[]> {
  return rows(page).evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.children].map((c) => (c.textContent ?? "").trim());
      // Columns: number, state, value, epochs, time, worker, ...params, note (last).
      return {
        number: Number(cells[0]),
        state: cells[1],
        epochs: Number(cells[3]),
        note: cells[cells.length - 1],
      };
    }),
  );
}

const status = (page: Page) => page.getByRole("status", { name: "Study status" });

async function defineStudy(page: Page, query: string, trials: number, workers: number): Promise<void> {
  await openPlayground(page, query);
  await page.getByRole("button", { name: "Tune this" }).click();
  await expect(page).toHaveURL(/#\/study\?cfg=/);
  await page.getByLabel("Trials", { exact: true }).fill(String(trials));
  await page.getByLabel("Workers", { exact: true }).selectOption(String(workers));
  await page.getByLabel("Pruner", { exact: true }).selectOption("none");
}

/** The training workers alive in the page. */
function trainingWorkers(page: Page): Worker[] {
  return page.workers().filter((w) => /train\.worker/.test(w.url()));
}

test("a worker killed in the middle of a trial: the trial fails with the reason, a new worker takes over, the study goes on", async ({
  page,
}) => {
  // Long trials (batches of 8, 3,000 epochs: several seconds each even on the dense step's host
  // kernel), so that the kill, sent once trial 0 reports its second epoch, lands well before that
  // trial could end.
  await defineStudy(page, SMALL.replace("batch=32", "batch=8") + "&epochs=3000", 3, 1);
  // The study's own worker is the one started by Run (the playground's and the capability probe's
  // workers were started before it).
  const startedByRun: Worker[] = [];
  page.on("worker", (w) => {
    if (/train\.worker/.test(w.url())) startedByRun.push(w);
  });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  // Wait until trial 0 is a few epochs in, so the kill lands in the middle of it.
  await expect
    .poll(
      async () => (await readTable(page)).find((r) => r.number === 0 && r.state === "running")?.epochs ?? 0,
      {
        timeout: 60_000,
      },
    )
    .toBeGreaterThanOrEqual(2);
  expect(startedByRun, "the study started one training worker").toHaveLength(1);
  const [victim] = startedByRun;
  const closed = new Promise<void>((resolve) => victim.once("close", () => resolve()));
  // The worker ends itself at once, as a crashed or killed worker would: no error, no goodbye.
  void victim.evaluate(() => self.close()).catch(() => {});
  await closed;

  await expect(status(page)).toHaveText("Finished", { timeout: 90_000 });
  const table = await readTable(page);
  expect(table.map((r) => r.number)).toEqual([0, 1, 2]);
  const killed = table.find((r) => r.number === 0)!;
  expect(killed.state).toBe("failed");
  expect(killed.note).toMatch(/worker/i);
  // The others ran on a fresh worker to the end.
  expect(table.filter((r) => r.number > 0).every((r) => r.state === "complete")).toBe(true);
  expect(trainingWorkers(page).length).toBeLessThanOrEqual(1);
});

test("a loss that becomes NaN ends the trial as failed or pruned, with the epoch, and the study goes on", async ({
  page,
}) => {
  // Plain SGD with a huge constant rate on a regression set blows up within a few epochs.
  await defineStudy(
    page,
    "dataset=reg-plane&samples=300&epochs=30&batch=8&optimizer=sgd&lr=5&schedule=constant&warmup=0&layers=32,32&activation=relu&resolution=0",
    3,
    1,
  );
  await typeInto(page, "Learning rate low", "3");
  await typeInto(page, "Learning rate high", "5");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(status(page)).toHaveText("Finished", { timeout: 90_000 });
  const table = await readTable(page);
  expect(table.map((r) => r.number)).toEqual([0, 1, 2]);
  for (const trial of table) {
    expect(["failed", "pruned"]).toContain(trial.state);
    expect(trial.note).toMatch(/epoch \d+/);
    expect(trial.note).toMatch(/NaN|infinite|diverged/i);
    expect(trial.epochs).toBeLessThan(30);
  }
});

test("a model far too large is refused with a message naming its size, and the page stays usable", async ({
  page,
}) => {
  // Typed into the playground: refused at the control, with the number and the limit.
  await openPlayground(page, `${SMALL}&epochs=2`);
  await typeInto(page, "Layer 1 units", "100000");
  const alert = page.getByRole("alert").filter({ hasText: /units/i });
  await expect(alert).toContainText("100000");
  await expect(alert).toContainText(/between \d+ and \d+|\d+ to \d+|at most \d+/);
  await expect(page.getByRole("button", { name: "Train" })).toBeDisabled();

  // Carried by a link: ignored with a notice naming it, and the default is used instead.
  await page.goto("/#/playground?layers=100000,100000&epochs=2");
  await expect(page.getByText(/100000/).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Train" })).toBeEnabled();

  // A study whose space reaches 100000 units is refused before any worker starts.
  await defineStudy(page, `${SMALL}&epochs=2`, 2, 1);
  await page.getByLabel("Layer widths", { exact: true }).selectOption("shared");
  const high = page.getByLabel("Units per layer high", { exact: true });
  await high.fill("100000");
  await high.press("Tab");
  await expect(page.getByRole("alert").filter({ hasText: "100000" }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Run", exact: true })).toBeDisabled();
  // The page still answers: the playground trains a small model.
  await openPlayground(page, `${SMALL}&epochs=2&backend=cpu`);
  await page.getByRole("button", { name: "Train" }).click();
  await expect(page.getByRole("button", { name: "Train" })).toBeEnabled({ timeout: 60_000 });
});
