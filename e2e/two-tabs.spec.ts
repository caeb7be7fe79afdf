import { expect, test, type Locator, type Page } from "@playwright/test";
import { openPlayground, savedTrialStates } from "./helpers";

/*
 * Two tabs on the same study: only one runs it, the other shows it read-only and says so (a status
 * notice containing "running in another tab" while another tab holds the study's lock, with Run,
 * Resume, Pause and Stop unavailable).
 */

const SMALL = "dataset=circle&samples=200&noise=0&layers=4&batch=32&lr=0.03&optimizer=adam&resolution=0";
const elsewhere = /running in another tab/i;

function rows(page: Page): Locator {
  return page.getByRole("table", { name: "Trial table" }).locator("tbody tr");
}

async function readTable(page: Page): Promise<{ number: number; state: string }[]> {
  const texts = await rows(page).evaluateAll((trs) =>
    trs.map((tr) => [tr.children[0]?.textContent ?? "", tr.children[1]?.textContent ?? ""]),
  );
  return texts.map(([n, s]) => ({ number: Number(n.trim()), state: s.trim() }));
}

const status = (page: Page) => page.getByRole("status", { name: "Study status" });

/** Starts a study of `trials` long trials in `page` and returns its link once a trial runs. */
async function startStudy(page: Page, trials: number): Promise<string> {
  // Trials longer than the history's save delay (1 s), so that its saves hold a running one.
  await openPlayground(page, `${SMALL}&epochs=300`);
  await page.getByRole("button", { name: "Tune this" }).click();
  await page.getByLabel("Trials", { exact: true }).fill(String(trials));
  await page.getByLabel("Workers", { exact: true }).selectOption("1");
  await page.getByLabel("Pruner", { exact: true }).selectOption("none");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page).toHaveURL(/#\/study\?id=study-/);
  await expect
    .poll(async () => (await readTable(page)).some((r) => r.state === "running"), { timeout: 60_000 })
    .toBe(true);
  return page.url();
}

test("a second tab shows a running study read-only, without touching it, and follows it to the end", async ({
  context,
}) => {
  const runner = await context.newPage();
  const link = await startStudy(runner, 3);

  const viewer = await context.newPage();
  await viewer.goto(link);
  await expect(viewer.getByText(elsewhere)).toBeVisible();
  let controls = 0;
  for (const name of ["Run", "Resume", "Pause", "Stop"]) {
    const button = viewer.getByRole("button", { name, exact: true });
    if ((await button.count()) === 0) continue;
    controls++;
    await expect(button).toBeDisabled();
  }
  expect(controls, "the viewer shows the study's controls, disabled").toBeGreaterThan(0);
  // Opening it did not mark the other tab's running trial interrupted, here or there.
  expect((await readTable(viewer)).some((r) => r.state === "interrupted")).toBe(false);
  await expect(status(runner)).toHaveText("Running");

  await expect(status(runner)).toHaveText("Finished", { timeout: 120_000 });
  const final = await readTable(runner);
  expect(final.map((r) => r.number)).toEqual([0, 1, 2]);
  expect(final.every((r) => r.state === "complete")).toBe(true);
  // The viewer learns the other tab let go, and shows the finished study.
  await expect(viewer.getByText(elsewhere)).toHaveCount(0, { timeout: 30_000 });
  await expect(status(viewer)).toHaveText("Finished");
  expect(await readTable(viewer)).toEqual(final);
});

test("when the running tab closes, the other tab can take the study over and finish it", async ({
  context,
}) => {
  const runner = await context.newPage();
  const link = await startStudy(runner, 4);
  const viewer = await context.newPage();
  await viewer.goto(link);
  await expect(viewer.getByText(elsewhere)).toBeVisible();
  // The runner saves within a second: close it once the history has a trial running.
  await expect.poll(async () => (await savedTrialStates(viewer)).includes("running")).toBe(true);

  await runner.close();
  await expect(viewer.getByText(elsewhere)).toHaveCount(0, { timeout: 30_000 });
  await viewer.reload();
  await expect(status(viewer)).toHaveText("Paused");
  await viewer.getByRole("button", { name: "Resume", exact: true }).click();
  await expect(status(viewer)).toHaveText("Finished", { timeout: 120_000 });
  const table = await readTable(viewer);
  // Every number once; the trial cut short by the closed tab is interrupted, the rest complete.
  expect(table.map((r) => r.number)).toEqual([0, 1, 2, 3]);
  expect(table.filter((r) => r.state === "interrupted").length).toBeGreaterThanOrEqual(1);
  expect(table.filter((r) => r.state !== "interrupted").every((r) => r.state === "complete")).toBe(true);
});

test("two tabs pressing Resume on the same paused study: only one runs it", async ({ context }) => {
  const first = await context.newPage();
  const link = await startStudy(first, 6);
  await first.getByRole("button", { name: "Pause", exact: true }).click();
  await expect(status(first)).toHaveText("Paused", { timeout: 60_000 });

  const second = await context.newPage();
  await second.goto(link);
  await expect(status(second)).toHaveText("Paused");
  await Promise.all([
    first.getByRole("button", { name: "Resume", exact: true }).click(),
    second.getByRole("button", { name: "Resume", exact: true }).click(),
  ]);
  // Exactly one of them runs; the other says where it runs.
  await expect
    .poll(async () => {
      const here = await Promise.all([first, second].map((p) => status(p).textContent()));
      const told = await Promise.all([first, second].map((p) => p.getByText(elsewhere).count()));
      return {
        running: here.filter((s) => s?.trim() === "Running").length,
        told: told.filter((n) => n > 0).length,
      };
    })
    .toEqual({ running: 1, told: 1 });
});
