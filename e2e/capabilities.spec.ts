import { expect, test, type Page } from "@playwright/test";
import { openPlayground, trainToEnd } from "./helpers";

/** Opens the header's Capabilities panel and waits until the training worker has answered. */
async function openCapabilities(page: Page) {
  await page.getByRole("button", { name: "Capabilities" }).click();
  const panel = page.getByRole("dialog", { name: "Capabilities" });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("region", { name: 'Backend "auto"' })).toBeVisible({ timeout: 60_000 });
  return panel;
}

test("the Capabilities panel lists the software GPU, isolation and the auto choice", async ({ page }) => {
  await openPlayground(page);
  const panel = await openCapabilities(page);

  // Headless Chromium with --enable-unsafe-webgpu offers WebGPU only through SwiftShader.
  const webgpu = panel.getByRole("region", { name: "WebGPU" });
  await expect(webgpu.getByText(/^Software/)).toBeVisible();
  await expect(webgpu).toContainText(/swiftshader/i);
  await expect(panel.getByRole("region", { name: "WebGL 2" })).toContainText(/SwiftShader/);
  await expect(panel.getByRole("region", { name: "WebGL 2" }).getByText(/^Software/)).toBeVisible();

  const wasm = panel.getByRole("region", { name: "WebAssembly" });
  await expect(wasm).toContainText(/SIMD\s*Yes/);
  await expect(wasm).toContainText(/Threads\s*Yes/);
  const thisPage = panel.getByRole("region", { name: "This page" });
  await expect(thisPage.getByText("Cross-origin isolated", { exact: true })).toBeVisible();
  await expect(thisPage).toContainText(/Logical cores\s*\d+/);

  const auto = panel.getByRole("region", { name: 'Backend "auto"' });
  await expect(auto).toContainText(/Chooses\s*WebAssembly/);
  await expect(auto.getByRole("listitem").first()).toHaveText(
    /^WebGPU adapter is (a fallback adapter|software)/,
  );
  await expect(auto).toContainText(/Study workers\s*\d+ workers?: one per core/);

  // The panel is a popover: Escape closes it and focus goes back to the page.
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
});

test("the page's prediction of auto is what the worker then runs, with the same reason", async ({ page }) => {
  await openPlayground(page, "dataset=circle&samples=200&epochs=2&backend=auto");
  const panel = await openCapabilities(page);
  const auto = panel.getByRole("region", { name: 'Backend "auto"' });
  await expect(auto).toContainText(/Chooses\s*WebAssembly/);
  const notes = (await auto.getByRole("listitem").allTextContents()).map((t) => t.trim());
  expect(notes.length).toBeGreaterThan(0);
  const reason = `auto: WebAssembly because ${notes.join("; ")}`;
  await page.keyboard.press("Escape");

  await trainToEnd(page);
  const inUse = page.getByLabel("Backend in use", { exact: true });
  await expect(inUse).toHaveText(/wasm/i);
  await expect(inUse).toHaveAttribute("title", reason);
});

test("the panel works when the app is opened on another view than the playground", async ({ page }) => {
  await page.goto("/#/history");
  await expect(page.getByRole("heading", { level: 1, name: "History" })).toBeVisible();
  const panel = await openCapabilities(page);
  await expect(panel.getByRole("region", { name: 'Backend "auto"' })).toContainText("WebAssembly");
});
