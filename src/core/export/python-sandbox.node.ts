/**
 * A Python with Optuna for the tests that run our exports through the real thing, and a scratch
 * folder for the files they write (optuna-journal-python.test.ts, optuna-python.test.ts). Node only
 * (".node.ts": type-checked with the tests, not with the core).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

/**
 * A Python that imports optuna: $OPTUNA_PYTHON (as scripts/ensure-test-deps.mjs), Debian's
 * /usr/bin/python3, or the one on PATH (often a pyenv one without optuna).
 */
function findOptunaPython(): string {
  const candidates = [process.env.OPTUNA_PYTHON, "/usr/bin/python3", "python3", "python"].filter(
    (c): c is string => typeof c === "string" && c !== "",
  );
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["-c", "import optuna"], { encoding: "utf8" });
    if (probe.status === 0) return candidate;
  }
  throw new Error(
    `No Python with Optuna found (tried ${candidates.join(", ")}). Install Debian's python3-optuna ` +
      "(apt-get install python3-optuna) or set OPTUNA_PYTHON to a Python that imports optuna.",
  );
}

/** Generous: each Python start imports Optuna, and the machine may be busy (no timing is asserted). */
export const PYTHON_TIMEOUT = 300_000;

export interface PythonSandbox {
  /** Runs the Python with `args` in the folder; its standard output, or an Error with its output. */
  run(args: string[]): string;
  /** Writes a file into the folder and returns its path. */
  write(name: string, text: string): string;
  /** The path of `name` in the folder. */
  path(name: string): string;
}

/** Finds the Python before the file's tests and makes the folder; removes the folder after them. */
export function pythonSandbox(): PythonSandbox {
  let python = "";
  let dir = "";
  beforeAll(() => {
    python = findOptunaPython();
    dir = mkdtempSync(join(tmpdir(), "tunelab-optuna-"));
  }, PYTHON_TIMEOUT);
  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });
  return {
    run(args) {
      const result = spawnSync(python, args, {
        cwd: dir,
        encoding: "utf8",
        timeout: PYTHON_TIMEOUT,
        env: { ...process.env, PYTHONWARNINGS: "ignore" },
      });
      if (result.status !== 0) {
        throw new Error(
          `${python} ${args.join(" ")} exited with ${result.status}:\n${result.stderr}\n${result.stdout}`,
        );
      }
      return result.stdout;
    },
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    path: (name) => join(dir, name),
  };
}
