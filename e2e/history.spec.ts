import { readFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { buildStudyExport, studyExportFile, type FixtureStudy } from "./fixtures/study-export";

// Studies are seeded by importing export files built by the real search engine (see the fixture);
// every test starts from an empty browser profile, so an empty history.
const ALPHA: FixtureStudy = { name: "Alpha circle", dataset: "circle", sampler: "tpe", trials: 9, seed: 3 };
const BETA: FixtureStudy = { name: "Beta spiral", dataset: "spiral", sampler: "random", trials: 7, seed: 11 };
const GAMMA: FixtureStudy = { name: "Gamma xor", dataset: "xor", sampler: "qmc", trials: 6, seed: 5 };

async function openHistory(page: Page): Promise<void> {
  await page.goto("/#/history");
  await expect(page.getByRole("heading", { level: 1, name: "History" })).toBeVisible();
  await expect(page.getByText("Opening the saved studies…")).toHaveCount(0);
}

async function importFiles(page: Page, ...specs: FixtureStudy[]): Promise<void> {
  await page.getByLabel("Import", { exact: true }).setInputFiles(specs.map((s) => studyExportFile(s)));
}

/** The table row of the study named exactly `name`. */
function studyRow(page: Page, name: string): Locator {
  return page.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
}

/** The data rows of the table (the header row has no row header). */
function studyRows(page: Page): Locator {
  return page.getByRole("row").filter({ has: page.getByRole("rowheader") });
}

/** Cells after the name: 0 compare box, 1 created, 2 dataset, 3 strategy, 4 trials, 5 best value, 6 actions. */
function cell(row: Locator, index: number): Locator {
  return row.getByRole("cell").nth(index);
}

/** Chooses a format in a study's Export menu and returns the downloaded file. */
async function exportAs(
  page: Page,
  row: Locator,
  format: string,
): Promise<{ filename: string; text: string }> {
  await row.getByRole("button", { name: "Export", exact: true }).click();
  const downloading = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: format, exact: true }).click();
  const download = await downloading;
  const path = await download.path();
  return { filename: download.suggestedFilename(), text: readFileSync(path, "utf8") };
}

test("files chosen while the history still opens are imported once it is open", async ({ page }) => {
  // Holds the history's database open back by a second, as a slow disk or a busy page would.
  await page.addInitScript(() => {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, ...args: Parameters<IDBFactory["open"]>) {
      const request = open.apply(this, args);
      const add = request.addEventListener.bind(request);
      request.addEventListener = ((
        type: string,
        listener: EventListener,
        options?: AddEventListenerOptions,
      ) =>
        add(
          type,
          type === "success" ? (e) => setTimeout(() => listener(e), 1000) : listener,
          options,
        )) as typeof request.addEventListener;
      return request;
    };
  });
  await page.goto("/#/history");
  await expect(page.getByText("Opening the saved studies…")).toBeVisible();
  await importFiles(page, ALPHA);
  await expect(studyRow(page, ALPHA.name)).toHaveCount(1);
  await expect(page.getByRole("status").filter({ hasText: "Imported “Alpha circle”" })).toBeVisible();
});

test("an imported study is listed with its dataset, strategy, trials and best value, and stays after a reload", async ({
  page,
}) => {
  const file = buildStudyExport(ALPHA);
  const complete = file.study.trials.flatMap((t) =>
    t.state === "complete" && t.value !== null ? [t.value] : [],
  );
  const best = Math.min(...complete);
  await openHistory(page);
  await expect(page.getByText("No studies yet.")).toBeVisible();
  await importFiles(page, ALPHA);
  await expect(page.getByRole("status")).toContainText("Imported “Alpha circle” (9 trials)");
  const row = studyRow(page, "Alpha circle");
  await expect(cell(row, 2)).toHaveText("Circle 300 points");
  await expect(cell(row, 3)).toHaveText("TPE");
  await expect(cell(row, 4)).toHaveText("9");
  await expect(cell(row, 5)).toContainText(best.toFixed(4));
  await expect(row.getByRole("link", { name: "Open" })).toHaveAttribute(
    "href",
    /^#\/study\?id=study-[0-9a-f]+$/,
  );
  await page.reload();
  await expect(cell(studyRow(page, "Alpha circle"), 4)).toHaveText("9");
  // The History link in the navigation leads here from another page.
  await page.getByRole("link", { name: "Playground" }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "History" }).click();
  await expect(studyRows(page)).toHaveCount(1);
});

test("export as JSON, delete with confirmation, import the download: the same study with the same trials", async ({
  page,
}) => {
  const original = buildStudyExport(BETA);
  await openHistory(page);
  await importFiles(page, BETA);
  const row = studyRow(page, "Beta spiral");
  await expect(cell(row, 4)).toHaveText("7");

  const exported = await exportAs(page, row, "JSON");
  expect(exported.filename).toBe("Beta-spiral.tunelab.json");
  const first = JSON.parse(exported.text);
  expect(first.format).toBe("tunelab-study");
  expect(first.study.trials).toEqual(original.study.trials);

  // Cancel keeps the study; Delete in the dialog removes it.
  await row.getByRole("button", { name: "Delete", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Delete “Beta spiral”?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("7 trials");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(studyRows(page)).toHaveCount(1);
  await row.getByRole("button", { name: "Delete", exact: true }).click();
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(studyRows(page)).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveText("Deleted “Beta spiral”.");

  await page.getByLabel("Import", { exact: true }).setInputFiles({
    name: exported.filename,
    mimeType: "application/json",
    buffer: Buffer.from(exported.text),
  });
  const back = studyRow(page, "Beta spiral");
  await expect(cell(back, 4)).toHaveText("7");
  await expect(cell(back, 3)).toHaveText("Random");
  const again = JSON.parse((await exportAs(page, back, "JSON")).text);
  expect(again.study.trials).toEqual(original.study.trials);
  expect(again.study.engine).toEqual(original.study.engine);
  expect(again.study.config).toEqual(original.study.config);
});

test("a broken file gets a message naming what is wrong, and nothing is listed", async ({ page }) => {
  await openHistory(page);
  const input = page.getByLabel("Import", { exact: true });
  const alert = page.getByRole("alert");

  await input.setInputFiles({
    name: "broken.json",
    mimeType: "application/json",
    buffer: Buffer.from('{ "format": '),
  });
  await expect(alert).toContainText("Could not import broken.json: Malformed JSON at line 1");
  await expect(studyRows(page)).toHaveCount(0);

  const newer = { ...buildStudyExport(GAMMA), version: 3 };
  await input.setInputFiles({
    name: "newer.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(newer)),
  });
  await expect(alert).toContainText(
    "Could not import newer.json: Unsupported study export version 3 (this Tunelab reads versions 1 and 2)",
  );

  const file = buildStudyExport(GAMMA);
  file.study.trials[2].value = -1;
  await input.setInputFiles({
    name: "tampered.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(file)),
  });
  await expect(alert).toContainText(
    "Could not import tampered.json: Not a valid Tunelab study export: study.trials[2].value",
  );
  await expect(studyRows(page)).toHaveCount(0);
  await page.reload();
  await expect(page.getByText("No studies yet.")).toBeVisible();
});

test("rename in place: empty and too long names are refused, a good one is kept", async ({ page }) => {
  await openHistory(page);
  await importFiles(page, ALPHA);
  const row = studyRow(page, "Alpha circle");
  await row.getByRole("button", { name: "Rename" }).click();
  const input = page.getByRole("textbox", { name: "New name for “Alpha circle”" });
  await expect(input).toBeFocused();

  await input.fill("   ");
  await expect(page.getByRole("alert")).toHaveText("The name cannot be empty");
  await input.press("Enter");
  await expect(input).toBeVisible();
  await input.fill("x".repeat(101));
  await expect(page.getByRole("alert")).toHaveText(
    "The name is 101 characters long; at most 100 are allowed",
  );
  await expect(input).toHaveAttribute("aria-invalid", "true");

  // Escape leaves the name as it was.
  await input.press("Escape");
  await expect(studyRow(page, "Alpha circle")).toHaveCount(1);

  await studyRow(page, "Alpha circle").getByRole("button", { name: "Rename" }).click();
  await input.fill("  Circle, tuned with TPE  ");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(studyRow(page, "Circle, tuned with TPE")).toHaveCount(1);
  await expect(studyRow(page, "Alpha circle")).toHaveCount(0);
  await page.reload();
  const renamed = studyRow(page, "Circle, tuned with TPE");
  await expect(cell(renamed, 4)).toHaveText("9");
  // The export carries the new name, in the file and in its name.
  const exported = await exportAs(page, renamed, "JSON");
  expect(exported.filename).toBe("Circle-tuned-with-TPE.tunelab.json");
  expect(JSON.parse(exported.text).study.name).toBe("Circle, tuned with TPE");
});

test("duplicate makes a new draft with the same configuration and no trials", async ({ page }) => {
  await openHistory(page);
  await importFiles(page, GAMMA);
  await studyRow(page, "Gamma xor").getByRole("button", { name: "Duplicate" }).click();
  const copy = studyRow(page, "Gamma xor (copy)");
  await expect(copy).toHaveCount(1);
  await expect(cell(copy, 2)).toHaveText("Exclusive or 300 points");
  await expect(cell(copy, 3)).toHaveText("Quasi-random (Sobol)");
  await expect(cell(copy, 4)).toHaveText("0");
  await expect(cell(copy, 5)).toContainText("–");
  await expect(cell(studyRow(page, "Gamma xor"), 4)).toHaveText("6");
  const original = JSON.parse((await exportAs(page, studyRow(page, "Gamma xor"), "JSON")).text);
  const copyFile = JSON.parse((await exportAs(page, copy, "JSON")).text);
  expect(copyFile.study.trials).toEqual([]);
  expect({ ...copyFile.study.config, name: "" }).toEqual({ ...original.study.config, name: "" });
  expect(copyFile.study.id).not.toBe(original.study.id);
});

test("compare two studies: one chart with a line per study and both names in the legend", async ({
  page,
}) => {
  await openHistory(page);
  await importFiles(page, ALPHA, BETA, GAMMA);
  await expect(studyRows(page)).toHaveCount(3);
  const compare = page.getByRole("button", { name: "Compare", exact: true });
  await expect(compare).toBeDisabled();
  await page.getByRole("checkbox", { name: "Compare “Alpha circle”" }).check();
  await expect(compare).toBeDisabled();
  await page.getByRole("checkbox", { name: "Compare “Beta spiral”" }).check();
  await compare.click();

  const legend = page.getByRole("list", { name: "Compared studies" });
  await expect(legend.getByRole("listitem")).toHaveCount(2);
  await expect(legend).toContainText("Alpha circle");
  await expect(legend).toContainText("Beta spiral");
  await expect(legend).not.toContainText("Gamma xor");
  const chart = page.getByRole("img", { name: /^Best value so far by trial number/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator("path[stroke-width='2.25']")).toHaveCount(2);
  await expect(page).toHaveURL(/#\/history\?compare=study-[0-9a-f]+,study-[0-9a-f]+$/);

  // The link keeps the comparison; a rename shows in the legend; a deleted study leaves it.
  await page.reload();
  await expect(legend.getByRole("listitem")).toHaveCount(2);
  await studyRow(page, "Beta spiral").getByRole("button", { name: "Rename" }).click();
  await page.getByRole("textbox", { name: "New name for “Beta spiral”" }).fill("Beta, renamed");
  await page.keyboard.press("Enter");
  await expect(legend).toContainText("Beta, renamed");
  await studyRow(page, "Alpha circle").getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).click();
  await expect(legend.getByRole("listitem")).toHaveCount(1);
  await expect(legend).not.toContainText("Alpha circle");
});

test("CSV, Optuna journal and Python script downloads start as their formats do", async ({ page }) => {
  const file = buildStudyExport(ALPHA);
  await openHistory(page);
  await importFiles(page, ALPHA);
  const row = studyRow(page, "Alpha circle");

  const csv = await exportAs(page, row, "CSV");
  expect(csv.filename).toBe("Alpha-circle.csv");
  const lines = csv.text.split("\r\n");
  expect(lines[0]).toBe("number,state,value,learningRate,dropout,layers,units_1,units_2,units_3,duration_s");
  expect(lines[1]).toMatch(new RegExp(`^0,${file.study.trials[0].state},${file.study.trials[0].value},`));
  expect(lines.filter((l) => l !== "")).toHaveLength(1 + 9);

  const journal = await exportAs(page, row, "Optuna journal");
  expect(journal.filename).toBe("Alpha-circle.optuna-journal.log");
  const ops = journal.text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(ops[0]).toMatchObject({ op_code: 0, study_name: "Alpha circle", directions: [1] });
  expect(ops.filter((op) => op.op_code === 4)).toHaveLength(9);

  const script = await exportAs(page, row, "Python script");
  expect(script.filename).toBe("Alpha-circle.py");
  expect(script.text.split("\n")[0]).toBe("#!/usr/bin/env python3");
  expect(script.text).toContain("import optuna");
});

test("the Export menu works from the keyboard and closes with Escape", async ({ page }) => {
  await openHistory(page);
  await importFiles(page, GAMMA);
  const button = studyRow(page, "Gamma xor").getByRole("button", { name: "Export", exact: true });
  await button.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu", { name: "Export" });
  await expect(menu.getByRole("menuitem")).toHaveText([/JSON/, /CSV/, /Optuna journal/, /Python script/]);
  await expect(menu.getByRole("menuitem", { name: "JSON", exact: true })).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(menu.getByRole("menuitem", { name: "Python script", exact: true })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowDown");
  const downloading = page.waitForEvent("download");
  await page.keyboard.press("Enter");
  expect((await downloading).suggestedFilename()).toBe("Gamma-xor.csv");
});

test("without IndexedDB the page says so and the rest of the app keeps working", async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, "indexedDB", { configurable: true, get: () => undefined });
  });
  await openHistory(page);
  await expect(page.getByRole("alert")).toContainText(
    "History is off: this browser does not allow storage here",
  );
  await expect(page.getByLabel("Import", { exact: true })).toBeDisabled();
  await page.getByRole("link", { name: "Playground" }).click();
  await expect(page.getByRole("button", { name: "Train" })).toBeEnabled();
});

test("a full disk during an import says so and keeps nothing of the study", async ({ page }) => {
  await page.addInitScript(() => {
    const add = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore["add"]>
    ) {
      if (this.name === "epochs" && (globalThis as { diskFull?: boolean }).diskFull) {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      }
      return add.apply(this, args);
    };
  });
  await openHistory(page);
  await page.evaluate(() => ((globalThis as { diskFull?: boolean }).diskFull = true));
  await importFiles(page, ALPHA);
  await expect(page.getByRole("alert")).toContainText(
    'Could not import Alpha circle.json: Storage is full: could not save the imported study "Alpha circle". Delete old studies to free space.',
  );
  await expect(studyRows(page)).toHaveCount(0);
  // Once there is room again, the same file imports whole.
  await page.evaluate(() => ((globalThis as { diskFull?: boolean }).diskFull = false));
  await importFiles(page, ALPHA);
  await expect(cell(studyRow(page, "Alpha circle"), 4)).toHaveText("9");
});
