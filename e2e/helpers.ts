import { expect, type Page } from "@playwright/test";

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

/** Presses Train and waits for the run to end (Train usable again). */
export async function trainToEnd(page: Page, timeout = 90_000): Promise<void> {
  await page.getByRole("button", { name: "Train" }).click();
  await expect(page.getByRole("button", { name: "Stop" })).toBeEnabled();
  await expect(page.getByRole("button", { name: "Train" })).toBeEnabled({ timeout });
}
