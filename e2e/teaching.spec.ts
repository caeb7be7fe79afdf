import { expect, test, type Page } from "@playwright/test";
import { openPlayground, typeInto } from "./helpers";

// Teaching tools as a teacher and a student use them: a teacher link hides groups of controls,
// presets of good settings change only what they list, and lesson 2's suggestion opens a study
// searching around it.

/** Fails the test on any error thrown in the page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}

/** The playground's query parameters of the current URL. */
function params(page: Page): URLSearchParams {
  const hash = new URL(page.url()).hash;
  return new URLSearchParams(hash.slice(hash.indexOf("?") + 1));
}

const shots = process.env.TEACHING_SHOTS;

test("a teacher link hides the chosen controls, keeps the others and survives edits and reloads", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openPlayground(page, "optimizer=sgd&lr=0.1&schedule=cosine&teacher=1&hide=optimizer,schedule,warp");
  const controls = page.getByRole("form", { name: "Run settings" });

  await expect(page.getByRole("status", { name: "Teacher mode" })).toContainText(
    "Teacher mode: 2 control groups hidden",
  );
  await expect(page.getByRole("status", { name: "Teacher mode" })).toContainText("Optimizer, Schedule");
  // The unknown group is refused by name; the known ones are applied.
  await expect(page.getByRole("alert").filter({ hasText: "Unknown control group" })).toContainText('"warp"');

  await expect(controls.getByLabel("Optimizer", { exact: true })).toHaveCount(0);
  await expect(controls.getByLabel("Schedule", { exact: true })).toHaveCount(0);
  await expect(controls.getByLabel("Warmup", { exact: true })).toHaveCount(0);
  await expect(controls.getByLabel("Learning rate", { exact: true })).toBeVisible();
  await expect(controls.getByLabel("Batch size", { exact: true })).toBeVisible();
  await expect(controls.getByLabel("Dropout", { exact: true })).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/teacher-mode.png`, fullPage: true });

  // A preset that would change a hidden control is not offered; the others are.
  await page.getByRole("button", { name: "Presets" }).click();
  const menu = page.getByRole("region", { name: "Presets of good settings" });
  await expect(
    menu.getByRole("button", { name: "Apply preset: SGD + momentum 0.9, warmup and cosine decay" }),
  ).toBeDisabled();
  await expect(menu.locator('[data-preset="sgd-momentum-cosine"]')).toContainText(
    "changes controls your teacher hid (Optimizer, Schedule)",
  );
  await expect(menu.getByRole("button", { name: /^Apply preset: Dropout 0.3/ })).toBeEnabled();
  await page.getByRole("button", { name: "Presets" }).click();

  // An edit rewrites the URL with the flag kept (the unknown name is dropped from the canonical link).
  await typeInto(page, "Learning rate", "0.05");
  await expect.poll(() => params(page).get("lr")).toBe("0.05");
  expect(params(page).get("teacher")).toBe("1");
  expect(params(page).get("hide")).toBe("optimizer,schedule");

  // Restoring the defaults keeps what the teacher hid.
  await page.getByRole("button", { name: "Restore default settings" }).click();
  await expect.poll(() => params(page).get("lr")).toBe("0.03");
  expect(params(page).get("optimizer")).toBe("sgd");
  expect(params(page).get("schedule")).toBe("cosine");

  await page.reload();
  await expect(page.getByRole("status", { name: "Teacher mode" })).toContainText("2 control groups hidden");
  await expect(controls.getByLabel("Optimizer", { exact: true })).toHaveCount(0);
  await expect(controls.getByLabel("Learning rate", { exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

test("the teacher builds the link in Share for teaching, and the student sees only the rest", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openPlayground(page, "lr=0.2&dropout=0.1");
  await page.getByRole("button", { name: "Share for teaching…" }).click();
  const panel = page.getByRole("region", { name: "Share for teaching" });
  await panel.getByLabel("Regularisation").check();
  await panel.getByLabel("Optimizer").check();
  const link = await panel.getByLabel("Teacher link").inputValue();
  expect(link).toContain("lr=0.2");
  expect(link).toMatch(/&teacher=1&hide=optimizer,regularisation$/);
  await expect(panel).toContainText("2 of 10 groups hidden");
  if (shots) await page.screenshot({ path: `${shots}/share-panel.png` });

  await page.goto(link);
  await expect(page.getByRole("status", { name: "Teacher mode" })).toContainText("2 control groups hidden");
  const controls = page.getByRole("form", { name: "Run settings" });
  await expect(controls.getByLabel("Dropout", { exact: true })).toHaveCount(0);
  await expect(controls.getByLabel("Optimizer", { exact: true })).toHaveCount(0);
  await expect(controls.getByLabel("Learning rate", { exact: true })).toHaveValue("0.2");
  expect(params(page).get("dropout")).toBe("0.1");
  expect(errors).toEqual([]);
});

test("a preset says why, changes only the settings it lists, and the link carries them", async ({ page }) => {
  const errors = watchErrors(page);
  await openPlayground(page, "noise=25&seed=7&lr=0.03&optimizer=adam");
  await page.getByRole("button", { name: "Presets" }).click();
  const menu = page.getByRole("region", { name: "Presets of good settings" });
  await expect(menu.getByText("Momentum smooths SGD's zig-zag", { exact: false })).toBeVisible();
  await expect(menu.getByText("a safe default for small MLPs", { exact: false })).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/presets-menu.png`, fullPage: true });

  await menu
    .getByRole("button", { name: "Apply preset: SGD + momentum 0.9, warmup and cosine decay" })
    .click();
  const controls = page.getByRole("form", { name: "Run settings" });
  await expect(controls.getByLabel("Optimizer", { exact: true })).toHaveValue("momentum");
  await expect(controls.getByLabel("Learning rate", { exact: true })).toHaveValue("0.05");
  await expect(controls.getByLabel("Schedule", { exact: true })).toHaveValue("cosine");
  await expect(controls.getByLabel("Warmup", { exact: true })).toHaveValue("5");
  await expect.poll(() => params(page).get("optimizer")).toBe("momentum");
  const p = params(page);
  expect([p.get("lr"), p.get("schedule"), p.get("warmup"), p.get("momentum")]).toEqual([
    "0.05",
    "cosine",
    "5",
    "0.9",
  ]);
  // What the preset does not list stays as it was.
  expect([p.get("noise"), p.get("seed"), p.get("dropout")]).toEqual(["25", "7", "0"]);
  await expect(page.getByText("Preset applied: SGD + momentum 0.9")).toBeVisible();

  // One history entry: Back returns to the settings before the preset.
  await page.goBack();
  await expect(controls.getByLabel("Optimizer", { exact: true })).toHaveValue("adam");
  await expect(controls.getByLabel("Learning rate", { exact: true })).toHaveValue("0.03");

  // A preset may move to another dataset: the conv net loads the digits and can be trained.
  await page.getByRole("button", { name: "Presets" }).click();
  await page.getByRole("button", { name: "Apply preset: Conv net for digits" }).click();
  await expect(controls.getByLabel("Dataset", { exact: true })).toHaveValue("digits");
  await expect.poll(() => params(page).get("conv")).toBe("16x3-max,32x3-max");
  expect(params(page).get("seed")).toBe("7");
  await expect(page.getByRole("button", { name: "Train" })).toBeEnabled();
  expect(errors).toEqual([]);
});

test("lesson 2: after the range test, Search around it opens a study searching the rate around the suggestion", async ({
  page,
}) => {
  const errors = watchErrors(page);
  // Opened from a teacher's link: the lesson's playground link keeps teacher mode.
  await page.goto("/#/lessons/range-test?teacher=1&hide=optimizer");
  await page.getByRole("button", { name: "Run the experiment" }).click();
  const status = page.getByLabel("Experiment status");
  await expect(status).toHaveAttribute("data-status", /done|failed/, { timeout: 90_000 });
  await expect(status).toHaveAttribute("data-status", "done");
  const suggested = Number(await page.getByLabel("Suggested learning rate").getAttribute("data-value"));
  const two = (v: number) => Number(v.toPrecision(2));
  await expect(page.getByText("The steepest fall is a start, not the best rate")).toBeVisible();

  await expect(page.getByRole("link", { name: "Use this rate in the playground" })).toHaveAttribute(
    "href",
    /&teacher=1&hide=optimizer$/,
  );
  if (shots) await page.screenshot({ path: `${shots}/lesson-2.png`, fullPage: true });
  await page.getByRole("link", { name: /^Search around it/ }).click();
  await expect(page).toHaveURL(/#\/study\?cfg=/);
  await expect(page.getByLabel("Learning rate low", { exact: true })).toHaveValue(
    String(two(suggested / 10)),
  );
  await expect(page.getByLabel("Learning rate high", { exact: true })).toHaveValue(
    String(two(suggested * 3)),
  );
  await expect(page.getByLabel("Learning rate", { exact: true })).toHaveValue("range");
  // Only the rate is searched: the rest is fixed at the lesson's settings.
  await expect(page.getByLabel("Dropout", { exact: true })).toHaveValue("fixed");
  await expect(page.getByLabel("Epochs", { exact: true })).toHaveValue("fixed");
  await expect(page.getByTitle("Fixed at 40", { exact: true })).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/study-around.png` });
  expect(errors).toEqual([]);
});
