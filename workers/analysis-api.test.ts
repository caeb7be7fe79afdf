import { describe, expect, it } from "vitest";
import type { SearchSpace, TrialRecord } from "../src/core/search/types";
import type { ImportanceRequest } from "../src/shared/analysis";
import { analysisApi } from "./analysis-api";

const space: SearchSpace = {
  learning_rate: { type: "float", low: 1e-5, high: 1, log: true },
  units: { type: "int", low: 2, high: 16 },
  noise_knob: { type: "categorical", choices: ["a", "b"] },
};

/** Trials whose value depends on the learning rate only, so it must come out most important. */
function trials(count: number): TrialRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const lr = 10 ** (-4 + (4 * ((i * 7) % count)) / count);
    return {
      number: i,
      params: { learning_rate: lr, units: 2 + ((i * 5) % 15), noise_knob: i % 2 ? "a" : "b" },
      state: "complete" as const,
      value: Math.abs(Math.log10(lr) + 2),
      intermediate: {},
    };
  });
}

describe("analysis worker API: importance", () => {
  it("fits fANOVA importance of every parameter, the one that drives the value first", () => {
    const outcome = analysisApi.importance({ space, trials: trials(30), direction: "minimize" });
    expect("importance" in outcome).toBe(true);
    if (!("importance" in outcome)) return;
    const shares = outcome.importance;
    expect(Object.keys(shares)).toEqual(["learning_rate", "units", "noise_knob"]);
    expect(Object.values(shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(shares.learning_rate).toBeGreaterThan(0.5);
    expect(shares.learning_rate).toBeGreaterThan(shares.units);
    expect(shares.learning_rate).toBeGreaterThan(shares.noise_knob);
  });

  it("gives the same bars for the same trials (seeded), and survives a structured clone both ways", () => {
    const request = structuredClone({ space, trials: trials(12), direction: "maximize" as const });
    const first = analysisApi.importance(request);
    expect(structuredClone(first)).toEqual(first);
    expect(analysisApi.importance(request)).toEqual(first);
  });

  it("returns the engine's message, not a throw, for too few trials or a bad space", () => {
    expect(analysisApi.importance({ space, trials: trials(1), direction: "minimize" })).toEqual({
      error: "Importance needs at least 2 complete trials with finite values, got 1",
    });
    const bad = {
      space: { lr: { type: "float", low: 1, high: 0 } },
      trials: trials(4),
      direction: "minimize",
    };
    const outcome = analysisApi.importance(bad as unknown as ImportanceRequest);
    expect(outcome).toHaveProperty("error");
    expect("error" in outcome && outcome.error).toMatch(/lr/);
  });

  it("names a malformed request and the value it got", () => {
    expect(analysisApi.importance(null as unknown as ImportanceRequest)).toEqual({
      error: "An importance request must be an object, got null",
    });
    expect(
      analysisApi.importance({
        space,
        trials: "many",
        direction: "minimize",
      } as unknown as ImportanceRequest),
    ).toEqual({ error: "An importance request's trials must be an array, got string" });
    expect(
      analysisApi.importance({
        space: [],
        trials: [],
        direction: "minimize",
      } as unknown as ImportanceRequest),
    ).toEqual({ error: "An importance request's space must be an object, got an array of 0" });
    expect(
      analysisApi.importance({
        space,
        trials: trials(4),
        direction: "upward",
      } as unknown as ImportanceRequest),
    ).toEqual({ error: 'Direction must be "minimize" or "maximize", got "upward"' });
  });
});
