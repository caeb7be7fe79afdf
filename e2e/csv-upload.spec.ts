import { expect, test, type Page } from "@playwright/test";
import { openPlayground, readNumber, trainToEnd } from "./helpers";

/**
 * 120 fruit rows: a row id (left out by default), a numeric "weight", a text "colour", a quoted
 * "note" holding commas, and the binary target "ripe" that weight alone decides (so a small network
 * learns it well).
 */
function fruitCsv(): string {
  const lines = ["id,weight,colour,note,ripe"];
  for (let i = 0; i < 120; i++) {
    const weight = 80 + ((i * 37) % 120);
    const colour = ["red", "green", "yellow"][i % 3];
    const note = i % 4 === 0 ? '"picked early, washed"' : '"from the ""north"" field"';
    lines.push([i + 1, weight, colour, note, weight > 140 ? "yes" : "no"].join(","));
  }
  return lines.join("\n") + "\n";
}

async function openUpload(page: Page): Promise<void> {
  await page.getByRole("button", { name: /upload a CSV/i }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
}

async function chooseFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel("Upload CSV", { exact: true }).setInputFiles({
    name,
    mimeType: "text/csv",
    buffer: Buffer.from(text, "utf8"),
  });
}

const QUICK = "epochs=40&batch=16&lr=0.03&optimizer=adam&layers=8&resolution=0";

test("a person uploads a CSV, trains on it, reloads, finds it again and trains again", async ({ page }) => {
  await openPlayground(page, QUICK);
  await openUpload(page);
  await chooseFile(page, "fruit.csv", fruitCsv());

  const dialog = page.getByRole("dialog");
  const preview = dialog.getByRole("table", { name: "CSV preview" });
  await expect(preview).toBeVisible();
  await expect(preview.locator("tbody tr")).toHaveCount(20);
  await expect(preview.locator("tbody tr").first()).toContainText("picked early, washed");
  await expect(dialog.getByLabel("Target column", { exact: true })).toHaveValue("ripe");
  await expect(dialog.getByLabel("Task", { exact: true })).toHaveValue("binary");
  await expect(dialog.getByLabel("Kind of column id")).toHaveValue("ignore");
  await expect(dialog.getByLabel("Kind of column colour")).toHaveValue("categorical");
  const balance = dialog.getByRole("figure", { name: "Class balance" });
  await expect(balance).toContainText("no");
  await expect(balance).toContainText("yes");
  // Leaving the note out keeps weight and the three colours (one-hot) as the inputs.
  await dialog.getByLabel("Kind of column note").selectOption("ignore");
  await expect(dialog.getByText("Makes 120 examples with 4 input features and 2 classes.")).toBeVisible();
  await dialog.getByLabel("Name", { exact: true }).fill("Fruit ripeness");
  await dialog.getByRole("button", { name: "Use this dataset" }).click();

  await expect(page.getByRole("dialog")).toBeHidden();
  const picker = page.getByLabel("Dataset", { exact: true });
  await expect(picker).toHaveValue(/^upload-/);
  const uploadId = await picker.inputValue();
  await expect(picker.locator(`option[value="${uploadId}"]`)).toHaveText("Fruit ripeness");
  await expect(page).toHaveURL(new RegExp(`dataset=${uploadId}`));

  await trainToEnd(page);
  expect(await readNumber(page, "Validation accuracy")).toBeGreaterThan(0.8);

  await page.reload();
  await expect(page.getByRole("button", { name: "Train" })).toBeEnabled();
  await expect(picker).toHaveValue(uploadId);
  await expect(picker.locator(`option[value="${uploadId}"]`)).toHaveText("Fruit ripeness");
  await trainToEnd(page);
  expect(await readNumber(page, "Validation accuracy")).toBeGreaterThan(0.8);

  // It is listed among the stored uploads, and deleting it there takes it out of the picker.
  await openUpload(page);
  const stored = page.getByRole("region", { name: "Stored uploads" });
  await expect(stored).toContainText("Fruit ripeness");
  await expect(stored).toContainText("120 rows · 4 features");
  await stored.getByRole("button", { name: "Delete Fruit ripeness" }).click();
  await stored.getByRole("button", { name: "Confirm deleting Fruit ripeness" }).click();
  await expect(stored).toContainText("None yet");
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
  await expect(picker.locator("option", { hasText: "Fruit ripeness" })).toHaveCount(0);
  // It was the data set in use: the picker and the link move to the default one, and training works.
  await expect(picker).toHaveValue("circle");
  await expect(page).not.toHaveURL(new RegExp(uploadId));
  await expect(page.getByRole("button", { name: "Train" })).toBeEnabled();
});

test("a malformed CSV shows its line and column, and nothing is stored", async ({ page }) => {
  await openPlayground(page);
  await openUpload(page);
  const dialog = page.getByRole("dialog");

  // A ragged row: line 5 has one field too many.
  const ragged = "a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y,9\n";
  await chooseFile(page, "ragged.csv", ragged);
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("Line 5");
  await expect(alert).toContainText("Line 5 has 4 fields, the header has 3");
  await expect(alert).toContainText("Nothing was stored");
  await expect(dialog.getByRole("button", { name: "Use this dataset" })).toHaveCount(0);

  // Well formed, but a word in a numeric column: the line and column are named and the button stays off.
  const rows = Array.from({ length: 14 }, (_, i) => `${i},${i % 3 === 0 ? 1.5 : 2.5},${i % 2 ? "x" : "y"}`);
  rows[6] = "6,heavy,x";
  await chooseFile(page, "word.csv", ["a,b,label", ...rows].join("\n"));
  await expect(dialog.getByRole("table", { name: "CSV preview" })).toBeVisible();
  await dialog.getByLabel("Kind of column b").selectOption("numeric");
  await expect(alert).toContainText("Line 8, column “b”");
  await expect(alert).toContainText('Non-numeric value "heavy" in numeric column "b" on line 8');
  await expect(dialog.getByRole("button", { name: "Use this dataset" })).toBeDisabled();

  const stored = dialog.getByRole("region", { name: "Stored uploads" });
  await expect(stored).toContainText("None yet");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(page.getByLabel("Dataset", { exact: true }).locator('option[value^="upload-"]')).toHaveCount(
    0,
  );
});
