import { expect, type Page } from "@playwright/test";
import { DEFAULT_DB_NAME } from "../src/app/db/schema";

/** The number shown by a readout such as "Validation accuracy" (its first number). */
export async function readNumber(page: Page, name: string): Promise<number> {
  const text = (await page.getByLabel(name, { exact: true }).first().textContent()) ?? "";
  const match = text.match(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/i);
  if (!match) throw new Error(`Readout "${name}" shows no number: "${text}"`);
  return Number(match[0]);
}

/** Sets a text or number control the way a person does: select all, type, leave the field. */
export async function typeInto(page: Page, name: string, value: string): Promise<void> {
  const input = page.getByLabel(name, { exact: true });
  await input.fill(value);
  await input.press("Tab");
}

/** Opens the playground with some settings in its link and waits until it can train. */
export async function openPlayground(page: Page, query = ""): Promise<void> {
  await page.goto(`/#/playground${query ? `?${query}` : ""}`);
  await expect(page.getByRole("button", { name: "Train" })).toBeEnabled();
}

/**
 * Presses Train and waits for that run to end (Train usable again). A short run may end before a
 * test could see it running, so the run is told from the one before by the count of runs started.
 */
export async function trainToEnd(page: Page, timeout = 90_000): Promise<void> {
  const status = page.getByRole("status", { name: "Run status" });
  const before = Number(await status.getAttribute("data-runs"));
  await page.getByRole("button", { name: "Train" }).click();
  await expect(status).toHaveAttribute("data-runs", String(before + 1));
  await expect(status).toHaveText(/^(Done|Stopped|Diverged|Failed)$/, { timeout });
  await expect(page.getByRole("button", { name: "Train" })).toBeEnabled();
}

/**
 * The states of the trials the page has saved in its IndexedDB history (the study store saves
 * within a second, so a test that reloads waits for what it needs to be saved, as a person who
 * reloads a second later would find it).
 */
export async function savedTrialStates(page: Page): Promise<string[]> {
  return page.evaluate(
    (name) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction("trials").objectStore("trials").getAll();
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            db.close();
            resolve((read.result as { state: string }[]).map((t) => t.state));
          };
        };
      }),
    DEFAULT_DB_NAME,
  );
}
