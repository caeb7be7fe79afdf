import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { throughputCases } from "./cases";
import {
  describeMachine,
  parallelTable,
  SECTION_HEADING,
  throughputTable,
  trainingSection,
  updateBenchmarksFile,
  type BackendOutcome,
} from "./report";

const dirs: string[] = [];
function tempFile(content?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "train-bench-report-"));
  dirs.push(dir);
  const file = join(dir, "BENCHMARKS.md");
  if (content !== undefined) writeFileSync(file, content);
  return file;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const section = (body: string) => `${SECTION_HEADING}\n\n${body}\n`;

describe("updateBenchmarksFile", () => {
  it("creates the file with a title when there is none", () => {
    const file = tempFile();
    updateBenchmarksFile(file, section("first"));
    const text = readFileSync(file, "utf8");
    expect(text.startsWith("# Benchmarks")).toBe(true);
    expect(text).toContain(`${SECTION_HEADING}\n\nfirst\n`);
  });

  it("replaces only its own section and keeps the others, before and after it", () => {
    const file = tempFile(
      `# Benchmarks\n\nintro\n\n## Search engine\n\nsearch numbers\n\n${SECTION_HEADING}\n\nold\n\n## Later\n\nkept\n`,
    );
    updateBenchmarksFile(file, section("new"));
    const text = readFileSync(file, "utf8");
    expect(text).toContain("## Search engine\n\nsearch numbers\n");
    expect(text).toContain(`${SECTION_HEADING}\n\nnew\n\n## Later\n\nkept\n`);
    expect(text).not.toContain("old");
  });

  it("appends its section after the others when it is missing", () => {
    const file = tempFile("# Benchmarks\n\n## Search engine\n\nsearch numbers\n");
    updateBenchmarksFile(file, section("added"));
    expect(readFileSync(file, "utf8")).toBe(
      `# Benchmarks\n\n## Search engine\n\nsearch numbers\n\n${SECTION_HEADING}\n\nadded\n`,
    );
  });
});

describe("tables", () => {
  it("says when a backend is not available instead of leaving it out", () => {
    const outcomes: BackendOutcome[] = [
      { backend: "webgpu", available: false, note: "no adapter", cases: [] },
    ];
    expect(throughputTable(outcomes)).toContain("| WebGPU | not available: no adapter |");
  });

  it("reports the ratio of the medians and the paired ratios", () => {
    const [c] = throughputCases("wasm");
    const outcomes: BackendOutcome[] = [
      {
        backend: "wasm",
        available: true,
        note: "",
        cases: [
          {
            case: c,
            trainerSamplesPerSec: [90, 100, 110],
            fitSamplesPerSec: [100, 100, 100],
            trainerFlopsPerSec: [1e9, 1e9, 1e9],
            matmulFlopsPerSec: { autodiff: [], explicit: [] },
            trainerValAccuracy: 1,
            fitValAccuracy: 1,
          },
        ],
      },
    ];
    const row = throughputTable(outcomes).split("\n")[2];
    expect(row).toContain("**1.00**");
    expect(row).toContain("1.00 (0.90–1.10)");
  });

  it("gives the two-worker speed-up of trials and of the control loop", () => {
    const table = parallelTable({
      backend: "wasm",
      trials: [
        {
          label: "small",
          trialsPerWorker: 2,
          oneWorker: [100, 100],
          twoWorkers: [180, 160],
          coresBusy: { one: [1.1, 1.3], two: [1.9, 1.9] },
        },
      ],
      controlOne: [10, 10],
      controlTwo: [20, 19],
    });
    expect(table).toContain("| small, 2 per worker | 100.0 trials/min | 170.0 trials/min | **1.70** |");
    expect(table).toContain("| 1.20 → 1.90 |");
    expect(table).toContain("| control: plain JavaScript loop, one per worker | | | 1.95 |");
  });

  it("adds the GPU backends' one-against-two-worker tables, and says when one could not be measured", () => {
    const machine = describeMachine("1.0", 0.5);
    const scaling = (label: string, one: number, two: number) => ({
      label,
      trialsPerWorker: 2,
      oneWorker: [one],
      twoWorkers: [two],
      coresBusy: { one: [1], two: [1.5] },
    });
    const section = trainingSection(machine, [], null, { reps: 1, quick: false, minutes: 1 }, [
      { backend: "webgpu", trials: [scaling("GPU trials", 10, 10.5)], controlOne: [10], controlTwo: [19] },
      { backend: "webgl", trials: [], controlOne: [], controlTwo: [], error: "webgl is not available here" },
    ]);
    expect(section).toContain("**Workers on a GPU backend.**");
    expect(section).toContain("The app suggests 1 worker on a GPU backend");
    expect(section).toContain("WebGPU:\n\n| workload |");
    expect(section).toContain("| GPU trials, 2 per worker | 10.0 trials/min | 10.5 trials/min | **1.05** |");
    expect(section).toContain("Parallel trials on webgl could not be measured: webgl is not available here");
  });
});
