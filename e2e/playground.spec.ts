import { expect, test } from "@playwright/test";
import { openPlayground, readNumber, trainToEnd, typeInto } from "./helpers";

// A small, quick configuration on the circle data set (defaults otherwise come from the page).
const GPU_CIRCLE =
  "dataset=circle&samples=300&noise=0&epochs=25&batch=32&lr=0.05&optimizer=adam&layers=8,8&resolution=20";

test("a person chooses circle, presses Train and reads a validation accuracy above 0.9", async ({ page }) => {
  await openPlayground(page, "epochs=40&batch=16&lr=0.03&optimizer=adam&layers=8,8&samples=400");
  await page.getByLabel("Dataset", { exact: true }).selectOption("circle");
  await trainToEnd(page);
  await expect(page.getByLabel("Epoch", { exact: true })).toHaveText(/^\s*\d+ \/ 40\s*$/);
  expect(await readNumber(page, "Validation accuracy")).toBeGreaterThan(0.9);
  expect(await readNumber(page, "Training loss")).toBeLessThan(0.5);
  await expect(page.getByLabel("Backend in use", { exact: true })).toHaveText(/webgpu|webgl|wasm|cpu/i);
  // The charts are drawn from the run: a loss chart and a decision boundary are on the page.
  await expect(page.getByRole("img", { name: /loss/i }).first()).toBeVisible();
  await expect(page.getByRole("img", { name: /boundary/i }).first()).toBeVisible();
});

test("auto skips a software GPU and says which backend runs and why", async ({ page }) => {
  await openPlayground(page, "dataset=circle&samples=200&epochs=2&backend=auto");
  await trainToEnd(page);
  // Headless Chromium here offers WebGPU and WebGL only through SwiftShader, slower than WebAssembly.
  const inUse = page.getByLabel("Backend in use", { exact: true });
  await expect(inUse).toHaveText(/wasm/i);
  await expect(inUse).toHaveAttribute("title", /software|SwiftShader|fallback/i);
});

test("Stop stops a long run and the epoch count no longer moves", async ({ page }) => {
  await openPlayground(page, "dataset=spiral&samples=600&epochs=1000&batch=16&layers=16,16");
  await page.getByRole("button", { name: "Train" }).click();
  await expect.poll(() => readNumber(page, "Epoch"), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByRole("button", { name: "Train" })).toBeEnabled();
  const stoppedAt = await readNumber(page, "Epoch");
  expect(stoppedAt).toBeLessThan(1000);
  await page.waitForTimeout(1500);
  expect(await readNumber(page, "Epoch")).toBe(stoppedAt);
});

test("the link holds the configuration: a changed control survives a reload and back goes back", async ({
  page,
}) => {
  await openPlayground(page);
  await page.getByLabel("Dataset", { exact: true }).selectOption("xor");
  await typeInto(page, "Learning rate", "0.005");
  await page.getByLabel("Activation", { exact: true }).selectOption("tanh");
  await typeInto(page, "Dropout", "0.25");
  await page.getByLabel("Optimizer", { exact: true }).selectOption("rmsprop");
  await typeInto(page, "Batch size", "64");
  await typeInto(page, "Seed", "1234");
  const link = page.url();
  expect(link).toContain("lr=0.005");

  const other = await page.context().newPage();
  await other.goto(link);
  await expect(other.getByLabel("Dataset", { exact: true })).toHaveValue("xor");
  await expect(other.getByLabel("Learning rate", { exact: true })).toHaveValue("0.005");
  await expect(other.getByLabel("Activation", { exact: true })).toHaveValue("tanh");
  await expect(other.getByLabel("Dropout", { exact: true })).toHaveValue("0.25");
  await expect(other.getByLabel("Optimizer", { exact: true })).toHaveValue("rmsprop");
  await expect(other.getByLabel("Batch size", { exact: true })).toHaveValue("64");
  await expect(other.getByLabel("Seed", { exact: true })).toHaveValue("1234");

  // Back undoes the last change (the seed), forward redoes it.
  await page.goBack();
  await expect(page.getByLabel("Seed", { exact: true })).not.toHaveValue("1234");
  await page.goForward();
  await expect(page.getByLabel("Seed", { exact: true })).toHaveValue("1234");
});

test("a value out of range is refused at the control with the range, and Train waits", async ({ page }) => {
  await openPlayground(page);
  await typeInto(page, "Dropout", "1.7");
  await expect(page.getByRole("alert").filter({ hasText: /Dropout must be/ })).toContainText("1.7");
  await expect(page.getByRole("button", { name: "Train" })).toBeDisabled();
  await typeInto(page, "Dropout", "0.2");
  await expect(page.getByRole("button", { name: "Train" })).toBeEnabled();
  await typeInto(page, "Learning rate", "fast");
  await expect(page.getByRole("alert").filter({ hasText: /Learning rate must be/ })).toContainText("fast");
});

test("a diverging run stops with a message naming the epoch", async ({ page }) => {
  await openPlayground(
    page,
    "dataset=reg-plane&samples=300&epochs=30&batch=8&optimizer=sgd&lr=5&schedule=constant&warmup=0&layers=32,32&activation=relu",
  );
  await page.getByRole("button", { name: "Train" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /diverged at epoch \d+/ })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByRole("button", { name: "Train" })).toBeEnabled();
});

test("the same run on the WebGPU backend (SwiftShader) trains to the same accuracy", async ({ page }) => {
  // SwiftShader runs WebGPU in software, about a quarter of a second per step here: few, larger steps.
  await openPlayground(page, `${GPU_CIRCLE}&backend=webgpu`);
  await expect(page.getByLabel("Backend", { exact: true })).toHaveValue("webgpu");
  await trainToEnd(page, 100_000);
  await expect(page.getByLabel("Backend in use", { exact: true })).toHaveText(/webgpu/i);
  const gpu = await readNumber(page, "Validation accuracy");
  expect(gpu).toBeGreaterThan(0.9);

  await page.getByLabel("Backend", { exact: true }).selectOption("cpu");
  await trainToEnd(page);
  await expect(page.getByLabel("Backend in use", { exact: true })).toHaveText(/cpu/i);
  const cpu = await readNumber(page, "Validation accuracy");
  expect(Math.abs(gpu - cpu)).toBeLessThanOrEqual(0.05);
});

test("the first load fetches the playground only; Study and History arrive when first visited", async ({
  page,
}) => {
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
  });
  await openPlayground(page);
  expect(scripts.filter((s) => /StudyView|HistoryView/.test(s))).toEqual([]);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Study" }).click();
  await expect(page.getByLabel("Trials", { exact: true })).toBeVisible();
  expect(scripts.some((s) => /StudyView/.test(s))).toBe(true);
  expect(scripts.some((s) => /HistoryView/.test(s))).toBe(false);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "History" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "History" })).toBeVisible();
  // Back to the playground: its controls are there at once, without a loading state.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Playground" }).click();
  await expect(page.getByRole("button", { name: "Train" })).toBeEnabled();
  await expect(page.getByRole("status").filter({ hasText: /^Loading the/ })).toHaveCount(0);
});
