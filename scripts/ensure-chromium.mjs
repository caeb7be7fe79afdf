#!/usr/bin/env node
// Finds a Chromium for the browser tests and benchmarks. Playwright cannot download its own
// browser on machines without internet, so we use the system's (Debian's `chromium`).
// Order: $CHROMIUM_PATH, then the usual system paths. When none is found and we run as root on a
// Debian-like system, installs Debian's package with apt; otherwise stops with instructions.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** The path of a usable Chromium, or null. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(`CHROMIUM_PATH is set to "${fromEnv}", but no file exists there.`);
    }
    return fromEnv;
  }
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

function hasCommand(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

function main() {
  let found = findChromium();
  if (found) {
    console.log(`Chromium: ${found}`);
    return;
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && hasCommand("apt-get")) {
    console.log("No Chromium found: installing Debian's chromium package with apt-get (running as root)...");
    execFileSync("apt-get", ["update"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    found = findChromium();
    if (found) {
      console.log(`Chromium: ${found}`);
      return;
    }
  }
  console.error(
    [
      "No Chromium found for the browser tests.",
      "Install one, for example on Debian or Ubuntu:  sudo apt-get install -y chromium",
      "or point at an existing Chromium or Chrome binary:  CHROMIUM_PATH=/path/to/chromium npm test",
      `(looked at: ${CANDIDATES.join(", ")})`,
    ].join("\n"),
  );
  process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
