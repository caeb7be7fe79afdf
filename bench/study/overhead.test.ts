import { describe, expect, it } from "vitest";
import type { StudyRunMeasurement } from "./measurement";
import { medianRun, overheadAimText, overheadTable, summarizeOverhead } from "./overhead";

function measurement(overrides: Partial<StudyRunMeasurement> = {}): StudyRunMeasurement {
  return {
    trials: 2,
    epochs: 4,
    states: { complete: 1, pruned: 1 },
    backend: { name: "wasm", reason: "test" } as StudyRunMeasurement["backend"],
    wallMs: 2100,
    engine: { ask: [1, 1], report: [0.5, 0.5, 0.5, 0.5], shouldPrune: [1, 1, 1, 1], tell: [0.5, 0.5] },
    db: {
      startTrial: [10, 10],
      "startTrial:sync": [1, 1],
      appendEpoch: [5, 5, 5, 5],
      "appendEpoch:sync": [0.5, 0.5, 0.5, 0.5],
      finishTrial: [10, 10],
      "finishTrial:sync": [1, 1],
    },
    idbCalls: [0.25, 0.25, 0.5],
    idbCallCount: 7,
    epochCallbacks: [2, 2, 2, 2],
    spans: [
      { worker: 1, start: 0, end: 1000 },
      { worker: 1, start: 1004, end: 2004 },
    ],
    error: null,
    ...overrides,
  };
}

describe("summarizeOverhead", () => {
  it("turns the page's timings into per-trial figures and shares of the training time", () => {
    const s = summarizeOverhead({ label: "case", measurement: measurement() });
    expect(s.trainMsPerTrial).toBe(1000);
    // ask 2 + report 2 + shouldPrune 4 + tell 1 = 9 ms over 2 trials.
    expect(s.engineMsPerTrial).toBe(4.5);
    expect(s.engineByCall.ask).toBe(1);
    expect(s.engineByCall.toJSON).toBe(0);
    expect(s.dbWritesPerTrial).toBe(4);
    expect(s.dbMsPerTrial).toBe(30);
    expect(s.dbSyncMsPerTrial).toBe(3);
    // The IndexedDB calls after the writes' synchronous part (0.25 + 0.25 + 0.5 over 2 trials) count too.
    expect(s.idbCallsMsPerTrial).toBe(0.5);
    // Every IndexedDB call counts, those inside the writes' synchronous part too.
    expect(s.idbCallsPerTrial).toBe(3.5);
    expect(s.mainThreadShare).toBeCloseTo((9 + 6 + 1) / 2000, 12);
    expect(s.withCommitShare).toBeCloseTo((9 + 60) / 2000, 12);
    expect(s.callbackMsPerTrial).toBe(4);
    expect(s.gapMsPerTrial).toBe(2);
    expect(s.workerLossShare).toBeCloseTo((8 + 4) / 2000, 12);
    expect(s.states).toBe("1 complete, 1 pruned");
    expect(s.mainThreadCpuShare).toBeNull();
    expect(
      summarizeOverhead({ label: "case", measurement: measurement(), mainThreadCpuMs: 50 })
        .mainThreadCpuShare,
    ).toBe(0.025);
    expect(overheadTable([medianRun([s])])).toContain(
      "| case | 2 (4): 1 complete, 1 pruned | wasm | 1,000 | 4.50 | 4.00 | 3.00 | 3.5 | 0.500 |",
    );
  });

  it("reports the run of median share, with every run's share in the order they ran", () => {
    const run = (ask: number) =>
      summarizeOverhead({
        label: "case",
        measurement: measurement({ engine: { ask: [ask, ask] } }),
      });
    const runs = [run(8), run(2), run(4)];
    const { median, shares } = medianRun(runs);
    expect(median).toBe(runs[2]);
    expect(shares).toEqual(runs.map((r) => r.mainThreadShare));
    expect(overheadTable([{ median, shares }])).toMatch(/\| 1\.15 %, 0\.550 %, 0\.750 % \|$/);
    // An even count takes the lower middle run.
    expect(medianRun([runs[0], runs[1]]).median).toBe(runs[1]);
    expect(() => medianRun([])).toThrow("No run of the study to summarise");
  });

  it("holds the first case against the aim and gives each other case the trial length its cost allows", () => {
    const base = summarizeOverhead({ label: "x", measurement: measurement() });
    const runs = (label: string, share: number, trainMs: number) => ({
      median: { ...base, label, mainThreadShare: share, trainMsPerTrial: trainMs },
      shares: [share],
    });
    const text = overheadAimText([
      runs("default study (circle, 100 epochs), TPE", 0.0076, 235),
      runs("tiny model (circle, 6 epochs), TPE", 0.0345, 17.5),
    ]);
    expect(text).toContain("the default study costs the main thread **0.760 %**");
    expect(text).toContain("the aim is **met** (1.79 ms a trial against 235 ms of training)");
    // 3.45 % of 17.5 ms is 0.604 ms, under 1 % of 60.4 ms: from 61 ms up.
    expect(text).toContain(
      "The tiny model's trials train in 17.5 ms and the study costs 0.604 ms a trial (3.45 %)",
    );
    expect(text).toContain("train for 61 ms or more, so trials this short are above it.");
    expect(overheadAimText([runs("default study (a)", 0.012, 100)])).toContain("the aim is **not met**");
    expect(() => overheadAimText([])).toThrow("No study case");
  });

  it("refuses a run that ended on an error or trained nothing", () => {
    expect(() => summarizeOverhead({ label: "a", measurement: measurement({ error: "bug" }) })).toThrow(
      /a study ended on an error: bug/,
    );
    expect(() => summarizeOverhead({ label: "b", measurement: measurement({ spans: [] }) })).toThrow(
      /b study trained no trial/,
    );
  });
});
