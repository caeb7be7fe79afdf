#!/usr/bin/env node
// Finds what the tests need outside npm: a Chromium for the browser tests (Playwright cannot
// download its own browser on machines without internet) and a Python with Optuna, which checks
// that the Optuna journal files Tunelab writes really open in Optuna.
// When something is missing and we run as root on a Debian-like system, installs Debian's
// packages with apt; otherwise stops with a message that says what to install.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];
const PYTHON_CANDIDATES = ["/usr/bin/python3", "python3"];

/** The path of a usable Chromium, or null. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new Error(`CHROMIUM_PATH is set to "${fromEnv}", but no file exists there.`);
    return fromEnv;
  }
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** A Python interpreter that imports optuna and scikit-learn (the exported scripts use both), or null. */
export function findOptunaPython() {
  const candidates = process.env.OPTUNA_PYTHON ? [process.env.OPTUNA_PYTHON] : PYTHON_CANDIDATES;
  return (
    candidates.find(
      (py) => spawnSync(py, ["-c", "import optuna, sklearn"], { stdio: "ignore" }).status === 0,
    ) ?? null
  );
}

const canApt = () =>
  typeof process.getuid === "function" &&
  process.getuid() === 0 &&
  spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;

let aptUpdated = false;
function aptInstall(pkg) {
  const pkgs = pkg.split(" ");
  console.log(`Installing Debian's ${pkgs.join(", ")} with apt-get (running as root)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) execFileSync("apt-get", ["update"], { stdio: "inherit", env });
  aptUpdated = true;
  execFileSync("apt-get", ["install", "-y", ...pkgs], { stdio: "inherit", env });
}

function ensure(name, find, pkg, help) {
  let found = find();
  if (!found && canApt()) {
    aptInstall(pkg);
    found = find();
  }
  if (found) {
    console.log(`${name}: ${found}`);
    return true;
  }
  console.error(help);
  return false;
}

function main() {
  const only = process.argv[2];
  let ok = true;
  if (!only || only === "chromium") {
    ok &&= ensure(
      "Chromium",
      findChromium,
      "chromium",
      [
        "No Chromium found for the browser tests.",
        "Install one, for example on Debian or Ubuntu:  sudo apt-get install -y chromium",
        "or point at an existing Chromium or Chrome binary:  CHROMIUM_PATH=/path/to/chromium npm test",
        `(looked at: ${CHROMIUM_CANDIDATES.join(", ")})`,
      ].join("\n"),
    );
  }
  if (!only || only === "optuna") {
    ok &&= ensure(
      "Python with Optuna and scikit-learn",
      findOptunaPython,
      "python3-optuna python3-sklearn",
      [
        "No Python with Optuna and scikit-learn found (needed to check the exported Optuna journal files and Python scripts).",
        "Install them, for example on Debian or Ubuntu:  sudo apt-get install -y python3-optuna python3-sklearn",
        "or point at a Python that imports both:  OPTUNA_PYTHON=/path/to/python3 npm test",
      ].join("\n"),
    );
  }
  if (!ok) process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
