/**
 * Drives a study through the app's page as a person does (see e2e/study.spec.ts): the playground
 * with some settings in its link, "Tune this", the budget, Run, then the status until it finishes.
 * Waits poll from Node at a slow pace, so the driver adds almost no work to the page it measures.
 */
import type { ElementHandle, Page } from "playwright-core";

/** Polls `check` every `intervalMs` until it returns true; throws naming `what` after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs: number,
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Opens the playground with `query` and waits until Train can be pressed. */
export async function openPlayground(page: Page, baseUrl: string, query: string): Promise<void> {
  await page.goto(new URL(`#/playground?${query}`, baseUrl).href);
  const train = page.getByRole("button", { name: "Train", exact: true });
  await waitUntil(async () => (await train.count()) === 1 && (await train.isEnabled()), "Train", 60_000);
}

/** From the playground, "Tune this", then the budget: `trials` trials on `workers` workers. */
export async function defineStudy(page: Page, trials: number, workers: number): Promise<void> {
  await page.getByRole("button", { name: "Tune this", exact: true }).click();
  await page.waitForURL(/#\/study\?cfg=/);
  await page.getByLabel("Trials", { exact: true }).fill(String(trials));
  await page.getByLabel("Workers", { exact: true }).selectOption(String(workers));
}

// The polled readouts are found by CSS selectors: role and label queries walk the whole page's
// accessibility tree, which cost the page ~0.4 s of main-thread time over a 20-trial study.

/** The study's status word ("Running", "Finished", ...). */
export async function studyStatus(page: Page): Promise<string> {
  return ((await page.locator('[role="status"][aria-label="Study status"]').textContent()) ?? "").trim();
}

/** Trials ended so far, as the progress bar shows them. */
export async function trialsEnded(page: Page): Promise<number> {
  return page
    .locator('progress[aria-label="Study progress"]')
    .evaluate((el) => (el as HTMLProgressElement).value);
}

/** The backend the study's workers report. */
export async function backendInUse(page: Page): Promise<string> {
  return ((await page.getByLabel("Backend in use", { exact: true }).textContent()) ?? "").trim();
}

/** Presses Run. */
export async function pressRun(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Run", exact: true }).click();
}

/**
 * The Run button, found now: a measurement that starts its clock after this and then clicks the
 * handle does not count the role query (a walk over the page's accessibility tree) as the page's work.
 */
export async function runButton(page: Page): Promise<ElementHandle<HTMLElement | SVGElement>> {
  const handle = await page.getByRole("button", { name: "Run", exact: true }).elementHandle();
  if (!handle) throw new Error('The study page shows no "Run" button');
  return handle;
}

/** Waits until the study's status reads "Finished"; fails at once on "Paused" or "Stopped". */
export async function waitForFinished(page: Page, timeoutMs: number): Promise<void> {
  await waitUntil(
    async () => {
      const s = await studyStatus(page);
      if (s === "Paused" || s === "Stopped") throw new Error(`The study ended "${s}" instead of finishing`);
      return s === "Finished";
    },
    'the study status "Finished"',
    timeoutMs,
    500,
  );
}
