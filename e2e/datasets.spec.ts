import { expect, test } from "@playwright/test";
import { openPlayground, readNumber, trainToEnd, typeInto } from "./helpers";

test("a person picks Iris, trains, and reads a test accuracy; the split ratios are in the link", async ({
  page,
}) => {
  await openPlayground(page);
  const dataset = page.getByLabel("Dataset", { exact: true });
  await dataset.selectOption("iris");
  // The card says what the data is and where it comes from.
  const card = page.getByRole("region", { name: "About this dataset" });
  await expect(card).toContainText("150 rows · 4 features · 3 classes");
  await expect(card).toContainText(/Fisher/);
  await expect(card).toContainText(/Licence/);
  // 2D-only controls are gone, the split controls are there.
  await expect(page.getByLabel("Noise", { exact: true })).toHaveCount(0);
  await typeInto(page, "Validation fraction", "0.25");
  await typeInto(page, "Test fraction", "0.2");
  await typeInto(page, "Epochs", "60");
  expect(page.url()).toContain("dataset=iris");
  expect(page.url()).toMatch(/val=0\.25&test=0\.2(&|$)/);
  await expect(page.getByRole("table", { name: "First rows of the dataset" })).toContainText("setosa");

  await trainToEnd(page);
  await expect(page.getByLabel("Epoch", { exact: true })).toHaveText(/^\s*60 \/ 60\s*$/);
  expect(await readNumber(page, "Test accuracy")).toBeGreaterThan(0.8);
  expect(await readNumber(page, "Validation accuracy")).toBeGreaterThan(0.8);
  // The confusion matrix names the species.
  const matrix = page.getByRole("img", { name: "Confusion matrix" });
  await expect(matrix).toContainText("virginica");
  await expect(matrix).toContainText("setosa");

  // The link brings the same dataset and split back.
  await page.reload();
  await expect(page.getByLabel("Dataset", { exact: true })).toHaveValue("iris");
  await expect(page.getByLabel("Validation fraction", { exact: true })).toHaveValue("0.25");
});

test("a person picks digits, sees the images, trains a small CNN and sees the misclassified ones", async ({
  page,
}) => {
  await openPlayground(page);
  await page.getByLabel("Dataset", { exact: true }).selectOption("digits");
  const grid = page.getByRole("group", { name: "Example images" });
  await expect(grid).toBeVisible();
  await expect(grid.getByRole("img", { name: /examples of class \d/ })).toHaveCount(10);
  await expect(grid.getByRole("img", { name: "10 examples of class 7" })).toBeVisible();

  // Picking images sets up conv blocks; make the run small.
  await expect(page.getByLabel("Block 1 filters", { exact: true })).toHaveValue("8");
  await expect(page.getByLabel("Block 2 pooling", { exact: true })).toHaveValue("max");
  await expect(page.getByLabel("Random shift", { exact: true })).toBeVisible();
  await typeInto(page, "Epochs", "5");
  expect(page.url()).toContain("conv=8x3-max,16x3-max");

  await trainToEnd(page);
  expect(await readNumber(page, "Validation accuracy")).toBeGreaterThan(0.6);
  expect(await readNumber(page, "Test accuracy")).toBeGreaterThan(0.6);
  const wrong = page.getByRole("list", { name: "Misclassified examples" }).getByRole("listitem");
  await expect(wrong.first()).toBeVisible();
  const count = await wrong.count();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThanOrEqual(64);
  // Every example shown is one the model got wrong: actual and predicted differ.
  for (const name of await wrong.evaluateAll((items) =>
    items.map((i) => i.getAttribute("aria-label") ?? ""),
  )) {
    const m = name.match(/actual (\S+), predicted (\S+)$/);
    expect(m, name).not.toBeNull();
    expect(m![1]).not.toBe(m![2]);
  }
});

test("conv blocks that pool the images away are refused before training", async ({ page }) => {
  // Not openPlayground: Train is meant to stay disabled here.
  await page.goto("/#/playground?dataset=digits&conv=8x3-max,8x3-max,8x3-max,8x3-max&epochs=1");
  await expect(
    page.getByRole("alert").filter({ hasText: "pools the 8×8 images down to nothing" }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Train" })).toBeDisabled();
  await page.getByRole("button", { name: "Remove conv block" }).click();
  await expect(page.getByRole("button", { name: "Train" })).toBeEnabled();
});

test("the new 2D sets: moons trains as before, checkerboard is drawn", async ({ page }) => {
  await openPlayground(page, "epochs=40&batch=16&lr=0.03&layers=8,8&samples=400");
  await page.getByLabel("Dataset", { exact: true }).selectOption("moons");
  await expect(page.getByRole("region", { name: "About this dataset" })).toContainText(/moons/i);
  await expect(page.getByLabel("Noise", { exact: true })).toBeVisible();
  await trainToEnd(page);
  expect(await readNumber(page, "Validation accuracy")).toBeGreaterThan(0.85);
  await expect(page.getByRole("img", { name: /boundary/i })).toBeVisible();
  // 2D data has no test set readout.
  await expect(page.getByLabel("Test accuracy", { exact: true })).toHaveCount(0);

  await page.getByLabel("Dataset", { exact: true }).selectOption("checkerboard");
  await expect(page.getByRole("region", { name: "About this dataset" })).toContainText(/checkerboard/i);
  await expect(page.getByRole("img", { name: /boundary/i })).toBeVisible();
  await expect(page.getByRole("button", { name: "Train" })).toBeEnabled();
  expect(page.url()).toContain("dataset=checkerboard");
});
