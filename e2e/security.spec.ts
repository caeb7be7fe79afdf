import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { buildStudyExport, studyExportFile } from "./fixtures/study-export";
import { openPlayground, trainToEnd } from "./helpers";

/**
 * What a page did that security cares about: every request it (or one of its workers) made, and
 * every Content-Security-Policy violation, whether reported to the page's securitypolicyviolation
 * listener or only logged to the console (violations inside a worker reach the page that way).
 */
interface Watch {
  requests: string[];
  violations: string[];
}

const SMALL = "dataset=circle&samples=200&noise=0&layers=4&batch=32&lr=0.03&optimizer=adam";

async function watch(page: Page): Promise<Watch> {
  const seen: Watch = { requests: [], violations: [] };
  page.context().on("request", (request) => seen.requests.push(request.url()));
  page.on("websocket", (socket) => seen.requests.push(socket.url()));
  const onConsole = (text: string): void => {
    if (
      /Content Security Policy|Refused to (load|execute|apply|compile|create|connect|evaluate|run)/i.test(
        text,
      )
    )
      seen.violations.push(`console: ${text}`);
  };
  page.on("console", (message) => onConsole(message.text()));
  page.on("worker", (worker) => worker.on("console", (message) => onConsole(`[worker] ${message.text()}`)));
  // The browser's own messages from a worker (where its CSP violations are told) reach no
  // Playwright event, so a CDP session attaches to each worker and reads its log.
  const cdp = await page.context().newCDPSession(page);
  cdp.on("Target.attachedToTarget", ({ sessionId, targetInfo }) => {
    if (targetInfo.type !== "worker") return;
    const message = JSON.stringify({ id: 1, method: "Log.enable" });
    cdp.send("Target.sendMessageToTarget", { sessionId, message }).catch(() => {});
  });
  cdp.on("Target.receivedMessageFromTarget", ({ message }) => {
    const parsed = JSON.parse(message) as { method?: string; params?: { entry?: { text?: string } } };
    if (parsed.method === "Log.entryAdded") onConsole(`[worker] ${parsed.params?.entry?.text ?? ""}`);
  });
  await cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await page.exposeFunction("__reportCspViolation", (text: string) => seen.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation: (t: string) => void })
        .__reportCspViolation;
      report(`${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"} at ${event.sourceFile}`);
    });
  });
  return seen;
}

/** Requests that left the app's own origin (blob: URLs of our own origin count as ours). */
function foreign(page: Page, seen: Watch): string[] {
  const own = new URL(page.url()).origin;
  return seen.requests.filter((url) => {
    if (url.startsWith("data:")) return false;
    const inner = url.startsWith("blob:") ? url.slice(5) : url;
    let origin: string;
    try {
      origin = new URL(inner).origin;
    } catch {
      return true;
    }
    // The dev server's HMR socket is ws:// on our host and port.
    return origin.replace(/^ws/, "http") !== own;
  });
}

async function expectClean(page: Page, seen: Watch): Promise<void> {
  // Violations are reported asynchronously; give late console messages a moment to arrive.
  await page.waitForTimeout(300);
  expect(seen.violations, "Content-Security-Policy violations").toEqual([]);
  expect(foreign(page, seen), "requests to another origin").toEqual([]);
}

test("the server sends a strict policy: no inline script, no eval, same origin only", async ({ page }) => {
  const response = await page.goto("/");
  const policy = response!.headers()["content-security-policy"];
  expect(policy).toBeTruthy();
  const directives = new Map(
    policy.split(";").map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name, sources] as const;
    }),
  );
  expect(directives.get("default-src")).toEqual(["'none'"]);
  expect(directives.get("script-src")).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(directives.get("style-src")).toEqual(["'self'"]);
  expect(directives.get("connect-src")).toEqual(["'self'"]);
  expect(directives.get("object-src")).toEqual(["'none'"]);
  expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
  // The built page carries the same policy in a <meta>, for hosts that send no headers.
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(meta).not.toContain("unsafe-inline");
});

test("the policy is enforced in the page and in the training worker, and the watcher sees it", async ({
  page,
}) => {
  // A check that can fail: break the policy on purpose and the watcher must notice. (Code run by
  // page.evaluate is exempt from the eval rule, so inline elements and a fetch elsewhere are used.)
  const seen = await watch(page);
  await openPlayground(page, `${SMALL}&epochs=1&backend=cpu`);
  const outcome = await page.evaluate(async () => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true";
    document.head.append(script);
    const style = document.createElement("style");
    style.textContent = "body { color: rgb(255, 0, 0) }";
    document.head.append(style);
    const fetched = await fetch("http://127.0.0.1:9/elsewhere").then(
      () => "fetched",
      () => "refused",
    );
    return {
      script: (window as unknown as { __injected?: boolean }).__injected === true,
      styled: getComputedStyle(document.body).color === "rgb(255, 0, 0)",
      fetched,
    };
  });
  expect(outcome).toEqual({ script: false, styled: false, fetched: "refused" });
  await expect.poll(() => seen.violations.join("\n")).toMatch(/script-src/);
  expect(seen.violations.join("\n")).toMatch(/style-src/);
  expect(seen.violations.join("\n")).toMatch(/connect-src/);

  // The worker has its own policy (sent with its script); what it breaks shows in the console.
  await trainToEnd(page);
  const worker = page.workers()[0];
  expect(worker, "the training worker").toBeTruthy();
  const before = seen.violations.length;
  const fromWorker = await worker.evaluate(() =>
    fetch("http://127.0.0.1:9/from-worker").then(
      () => "fetched",
      () => "refused",
    ),
  );
  expect(fromWorker).toBe("refused");
  await expect.poll(() => seen.violations.slice(before).join("\n")).toMatch(/\[worker\].*connect-src/);
});

for (const backend of ["webgpu", "webgl", "wasm", "cpu"] as const) {
  test(`training on ${backend} meets the policy and stays on this origin`, async ({ page }) => {
    const seen = await watch(page);
    // WebGPU and WebGL run in software (SwiftShader) here: few epochs, no boundary grid.
    await openPlayground(page, `${SMALL}&epochs=2&resolution=0&backend=${backend}`);
    await trainToEnd(page, 110_000);
    // Violations first: a backend the policy blocks falls back silently, the console tells why.
    await expectClean(page, seen);
    await expect(page.getByLabel("Backend in use", { exact: true })).toHaveText(new RegExp(backend, "i"));
    await expect(page.getByRole("img", { name: /loss/i }).first()).toBeVisible();
    if (backend === "wasm") {
      // The watcher sees what the worker fetches: the WebAssembly binary came from this origin.
      expect(seen.requests.some((url) => /\.wasm$/.test(url))).toBe(true);
    }
    expect(seen.requests.some((url) => /train\.worker.*\.js$/.test(url))).toBe(true);
    await expectClean(page, seen);
  });
}

test("shipped datasets load from this origin, in the page and in the worker", async ({ page }) => {
  const seen = await watch(page);
  for (const dataset of ["iris", "digits"]) {
    await openPlayground(page, `dataset=${dataset}&epochs=1&batch=32&layers=8&resolution=0&backend=cpu`);
    await trainToEnd(page);
    expect(seen.requests.some((url) => url.includes(`${dataset}.tlds`))).toBe(true);
  }
  await expectClean(page, seen);
});

test("a study runs, is saved, and its page and charts meet the policy with no request elsewhere", async ({
  page,
}) => {
  const seen = await watch(page);
  await openPlayground(page, `${SMALL}&epochs=3&resolution=0&backend=cpu`);
  await page.getByRole("button", { name: "Tune this" }).click();
  await page.getByLabel("Trials", { exact: true }).fill("3");
  await page.getByLabel("Workers", { exact: true }).selectOption("2");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("status", { name: "Study status" })).toHaveText("Finished", {
    timeout: 90_000,
  });
  for (const chart of ["Optimisation history", "Parallel coordinates", "Contour plot", "Trial timeline"]) {
    await expect(page.getByRole("img", { name: chart, exact: true })).toBeVisible();
  }
  await page.getByRole("button", { name: "Open trial 0", exact: true }).click();
  await expect(page.getByRole("img", { name: "Trial 0 loss chart" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("status", { name: "Study status" })).toHaveText("Finished");
  await expectClean(page, seen);
});

test("history import, compare and every export format stay on this origin", async ({ page }) => {
  const seen = await watch(page);
  await page.goto("/#/history");
  await page
    .getByLabel("Import", { exact: true })
    .setInputFiles([
      studyExportFile({ name: "First", trials: 6, seed: 2 }),
      studyExportFile({ name: "Second", trials: 5, seed: 4 }),
    ]);
  const rows = page.getByRole("row").filter({ has: page.getByRole("rowheader") });
  await expect(rows).toHaveCount(2);
  for (const format of ["JSON", "CSV", "Optuna journal", "Python script"]) {
    await rows.first().getByRole("button", { name: "Export", exact: true }).click();
    const downloading = page.waitForEvent("download");
    await page.getByRole("menuitem", { name: format, exact: true }).click();
    const download = await downloading;
    expect(readFileSync(await download.path(), "utf8").length).toBeGreaterThan(0);
  }
  await page.getByRole("checkbox", { name: "Compare “First”" }).check();
  await page.getByRole("checkbox", { name: "Compare “Second”" }).check();
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page.getByRole("img", { name: /^Best value so far by trial number/ })).toBeVisible();
  await expectClean(page, seen);
});

// Text people type or import must arrive as text: markup in it never becomes elements.
const MARKUP = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>`;

async function expectNoMarkupRan(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator("img, b")).toHaveCount(0);
}

test("a study name with markup is shown as text in the study, the history and the legend", async ({
  page,
}) => {
  const seen = await watch(page);
  await openPlayground(page, `${SMALL}&epochs=2&resolution=0&backend=cpu`);
  await page.getByRole("button", { name: "Tune this" }).click();
  await page.getByLabel("Study name", { exact: true }).fill(MARKUP);
  await page.getByLabel("Study name", { exact: true }).press("Tab");
  await page.getByLabel("Trials", { exact: true }).fill("1");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("status", { name: "Study status" })).toHaveText("Finished", {
    timeout: 60_000,
  });
  await expect(page.getByText(MARKUP).first()).toBeVisible();
  await expectNoMarkupRan(page);

  await page.goto("/#/history");
  await expect(page.getByRole("rowheader", { name: MARKUP, exact: true })).toBeVisible();
  await expectNoMarkupRan(page);

  // An imported file with markup in its name and in a trial's reason is shown as text too.
  const file = buildStudyExport({ name: "Imported", trials: 4, seed: 9 });
  file.study.name = `${MARKUP} imported`;
  file.study.config.name = file.study.name;
  await page.getByLabel("Import", { exact: true }).setInputFiles({
    name: `${MARKUP}.json`,
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(file)),
  });
  await expect(page.getByRole("rowheader", { name: `${MARKUP} imported`, exact: true })).toBeVisible();
  await page.getByRole("checkbox", { name: `Compare “${MARKUP}”` }).check();
  await page.getByRole("checkbox", { name: `Compare “${MARKUP} imported”` }).check();
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page.getByRole("list", { name: "Compared studies" })).toContainText(`${MARKUP} imported`);
  await expectNoMarkupRan(page);

  // A broken file whose name carries markup: the error names it, as text.
  await page.getByLabel("Import", { exact: true }).setInputFiles({
    name: `${MARKUP}.json`,
    mimeType: "application/json",
    buffer: Buffer.from("{"),
  });
  await expect(page.getByRole("alert")).toContainText(`Could not import ${MARKUP}.json`);
  await expectNoMarkupRan(page);
  await expectClean(page, seen);
});

test("a CSV with markup in its header, fields and name is shown as text, and trains", async ({ page }) => {
  const seen = await watch(page);
  const header = ["<img src=x onerror=window.__pwned=3>", "<b>weight</b>", "label"];
  const lines = [header.map((h) => `"${h}"`).join(",")];
  for (let i = 0; i < 60; i++) {
    const label = i % 2 ? "<script>window.__pwned=4</script>" : "<i>no</i>";
    lines.push([i % 7, (i * 13) % 11, `"${label}"`].join(","));
  }
  await openPlayground(page, "epochs=2&batch=16&layers=4&resolution=0&backend=cpu");
  await page.getByRole("button", { name: /upload a CSV/i }).click();
  const dialog = page.getByRole("dialog");
  await page.getByLabel("Upload CSV", { exact: true }).setInputFiles({
    name: `${MARKUP}.csv`,
    mimeType: "text/csv",
    buffer: Buffer.from(lines.join("\n"), "utf8"),
  });
  const preview = dialog.getByRole("table", { name: "CSV preview" });
  await expect(preview).toBeVisible();
  await expect(preview).toContainText(header[0]);
  await expect(preview).toContainText("<script>window.__pwned=4</script>");
  await expect(dialog.getByLabel("Target column", { exact: true })).toHaveValue("label");
  await expectNoMarkupRan(page);
  await expect(page.locator("i, script:not([src])")).toHaveCount(0);
  await dialog.getByLabel("Name", { exact: true }).fill(MARKUP);
  await dialog.getByRole("button", { name: "Use this dataset" }).click();
  await expect(dialog).toBeHidden();
  await trainToEnd(page);
  await expectNoMarkupRan(page);
  await expectClean(page, seen);
});
