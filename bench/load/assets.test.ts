import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { builtAssets, mapHoldsTfjs } from "./assets";
import { isJavaScript, splitByThread, type FetchedResource } from "./first-load";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("mapHoldsTfjs", () => {
  it("looks for a TensorFlow.js source among the map's sources", () => {
    const map = (sources: string[]) => JSON.stringify({ version: 3, sources, mappings: "" });
    expect(
      mapHoldsTfjs(map(["../src/main.ts", "../node_modules/@tensorflow/tfjs-core/dist/engine.js"])),
    ).toBe(true);
    expect(mapHoldsTfjs(map(["../src/main.ts", "../node_modules/d3-scale/src/linear.js"]))).toBe(false);
    expect(() => mapHoldsTfjs("{}")).toThrow(/without a sources list/);
  });
});

describe("builtAssets", () => {
  it("lists the JavaScript and WebAssembly of a build with sizes, largest compressed first", () => {
    const dir = mkdtempSync(join(tmpdir(), "assets-test-"));
    dirs.push(dir);
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "assets/page.js"), "console.log(1);\n".repeat(10));
    writeFileSync(join(dir, "assets/page.js.map"), JSON.stringify({ sources: ["../src/main.ts"] }));
    writeFileSync(
      join(dir, "assets/worker.js"),
      Array.from({ length: 400 }, (_, i) => `v${i * 7919}`).join(";"),
    );
    writeFileSync(
      join(dir, "assets/worker.js.map"),
      JSON.stringify({ sources: ["../node_modules/@tensorflow/tfjs-core/x.js"] }),
    );
    writeFileSync(join(dir, "assets/tfjs-backend-wasm-simd-abc.wasm"), Buffer.alloc(64));
    writeFileSync(join(dir, "index.html"), "<html></html>");
    const assets = builtAssets(dir);
    expect(assets.map((a) => [a.path, a.holdsTfjs])).toEqual([
      ["assets/worker.js", true],
      ["assets/page.js", false],
      ["assets/tfjs-backend-wasm-simd-abc.wasm", true],
    ]);
    const page = assets.find((a) => a.path === "assets/page.js")!;
    expect(page.bytes).toBe(160);
    expect(page.gzipBytes).toBeLessThan(page.bytes);
  });
});

describe("isJavaScript", () => {
  it("tells scripts from other files by their path", () => {
    expect(isJavaScript("http://127.0.0.1:4405/assets/index-abc.js")).toBe(true);
    expect(isJavaScript("http://127.0.0.1:4405/assets/x.mjs?v=1")).toBe(true);
    expect(isJavaScript("http://127.0.0.1:4405/assets/index-abc.css")).toBe(false);
    expect(isJavaScript("http://127.0.0.1:4405/")).toBe(false);
  });
});

describe("splitByThread", () => {
  const res = (path: string, encodedBytes = 100): FetchedResource => ({
    url: `http://localhost:4173/${path}`,
    initiatorType: "script",
    encodedBytes,
    decodedBytes: encodedBytes * 3,
    responseEnd: 10,
  });

  it("puts a worker's script, and what the worker fetched itself, apart from the page's scripts", () => {
    const page = [res(""), res("assets/index.js"), res("assets/train.worker.js"), res("data/circle.bin")];
    const split = splitByThread(page, [
      {
        url: "http://localhost:4173/assets/train.worker.js",
        resources: [res("assets/tfjs-backend-wasm-simd.wasm"), res("data/spiral.bin")],
      },
    ]);
    expect(split.page.map((r) => r.url)).toEqual(["http://localhost:4173/assets/index.js"]);
    expect(split.workers.map((r) => new URL(r.url).pathname)).toEqual([
      "/assets/train.worker.js",
      "/assets/tfjs-backend-wasm-simd.wasm",
    ]);
  });

  it("lists a script shared by two workers once, and leaves the page whole without workers", () => {
    const page = [res("assets/index.js"), res("assets/w.js")];
    const worker = { url: "http://localhost:4173/assets/w.js", resources: [res("assets/chunk.js")] };
    expect(splitByThread(page, [worker, worker]).workers).toHaveLength(2);
    expect(splitByThread(page, []).page).toHaveLength(2);
  });
});
