import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../core/playground-config";
import { defaultStudyConfig, validateStudyConfig, type StudyConfig } from "../../core/study/study-config";
import {
  numericTunable,
  parseNumericChoices,
  checkStep,
  paramMode,
  setParamMode,
  setParamSpec,
  setUnitsMode,
  unitsMode,
} from "./study-space";
import { configQuery, idQuery, parseStudyQuery, tuneThisHref } from "./study-url";
import { activeTime, estimateTimeLeft, startedTrial, type LiveTrial } from "./study-trials";

const tuned = (): StudyConfig =>
  defaultStudyConfig({ ...defaultConfig(), hiddenLayers: [8, 8], learningRate: 0.03 });

const ok = (config: StudyConfig): string[] => {
  const v = validateStudyConfig(config);
  return v.ok ? [] : v.errors;
};

describe("editing the search space", () => {
  it("switches a setting between fixed, a range and choices, staying valid", () => {
    let c = tuned();
    expect(paramMode(c.space, "batchSize")).toBe("fixed");
    c = setParamMode(c, "batchSize", "range");
    expect(c.space.batchSize).toMatchObject({ type: "int", low: 16, high: 256, log: true });
    c = setParamMode(c, "batchSize", "choices");
    expect(c.space.batchSize).toEqual({ type: "categorical", choices: [16, 64, 256] });
    c = setParamMode(c, "optimizer", "choices");
    expect(c.space.optimizer).toEqual({
      type: "categorical",
      choices: ["sgd", "momentum", "adam", "rmsprop"],
    });
    expect(ok(c)).toEqual([]);
    c = setParamMode(c, "batchSize", "fixed");
    expect(c.space.batchSize).toBeUndefined();
  });

  it("keeps per-layer widths conditional on the depth and within its range", () => {
    let c = tuned();
    expect(unitsMode(c.space)).toBe("perLayer");
    expect(Object.keys(c.space).filter((k) => k.startsWith("units_"))).toEqual([
      "units_1",
      "units_2",
      "units_3",
    ]);
    // A deeper range adds a width for the new layer; a shallower one drops the extra widths.
    c = setParamSpec(c, "layers", { type: "int", low: 1, high: 4 });
    expect(c.space.units_4).toMatchObject({ type: "int", condition: { param: "layers", min: 4 } });
    c = setParamSpec(c, "layers", { type: "int", low: 1, high: 2 });
    expect(c.space.units_3).toBeUndefined();
    expect(c.space.units_4).toBeUndefined();
    expect(ok(c)).toEqual([]);
    // A fixed depth: widths for the base's layers only, without conditions.
    c = setParamMode(c, "layers", "fixed");
    expect(c.space.units_1?.condition).toBeUndefined();
    expect(c.space.units_2?.condition).toBeUndefined();
    expect(ok(c)).toEqual([]);
    c = setUnitsMode(c, "shared");
    expect(Object.keys(c.space).some((k) => k.startsWith("units_"))).toBe(false);
    expect(c.space.units).toMatchObject({ type: "int", low: 4, high: 64 });
    expect(ok(c)).toEqual([]);
  });

  it("refuses bad choices and steps with a message naming the setting, its limits and the text", () => {
    const lr = numericTunable("learningRate");
    expect(parseNumericChoices(lr, "0.1, 0.01, 0.1")).toEqual({ ok: true, value: [0.1, 0.01] });
    const bad = parseNumericChoices(lr, "0.1, fast");
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.message).toMatch(
        /^Learning rate choices must be numbers from .* 'fast' is not, in '0.1, fast'$/,
      );
    expect(checkStep(numericTunable("batchSize"), "")).toEqual({ ok: true, value: null });
    const step = checkStep(numericTunable("batchSize"), "2.5");
    expect(step.ok).toBe(false);
    if (!step.ok) expect(step.message).toContain("Batch size step must be empty (no step) or a whole number");
  });
});

describe("the study link", () => {
  it("carries a configuration, an id, or a playground query to tune", () => {
    const c = tuned();
    const back = parseStudyQuery(configQuery(c));
    expect(back).toEqual({ kind: "config", config: c });
    expect(parseStudyQuery(idQuery("study-abc"))).toEqual({ kind: "id", id: "study-abc" });
    const tune = parseStudyQuery(tuneThisHref("dataset=xor&lr=0.02").replace("#/study?", ""));
    expect(tune.kind).toBe("tune");
    if (tune.kind === "tune") expect([tune.base.dataset, tune.base.learningRate]).toEqual(["xor", 0.02]);
    expect(parseStudyQuery("")).toEqual({ kind: "empty" });
  });

  it("says what is wrong with a bad link", () => {
    const bad = parseStudyQuery("cfg=%%%");
    expect(bad.kind).toBe("invalid");
    const garbage = parseStudyQuery("cfg=bm90IGpzb24");
    expect(garbage).toMatchObject({ kind: "invalid" });
    if (garbage.kind === "invalid")
      expect(garbage.errors[0]).toMatch(/^The study settings in the link cannot be read/);
    const wrong = parseStudyQuery(
      configQuery({ ...tuned(), budget: { trials: 0, timeLimitSec: null, workers: 2 } }),
    );
    expect(wrong.kind).toBe("invalid");
    if (wrong.kind === "invalid") expect(wrong.errors.join()).toContain("config.budget.trials");
    expect(parseStudyQuery("foo=1")).toEqual({
      kind: "invalid",
      errors: ['Unknown setting "foo" in the study link (expected id, cfg or tune)'],
    });
  });
});

describe("study time", () => {
  const trial = (n: number, start: number, end: number | null, worker = 0): LiveTrial => {
    const t = startedTrial(n, {}, worker, start);
    return end === null ? t : { ...t, state: "complete", value: 1, endedAt: end };
  };

  it("counts the time during which any trial ran, once", () => {
    const trials = [trial(0, 0, 10), trial(1, 5, 20, 1), trial(2, 30, 40), trial(3, 35, null, 1)];
    expect(activeTime(trials, 50)).toBe(20 + 20);
    const interrupted: LiveTrial = {
      ...startedTrial(4, {}, 0, 100),
      state: "interrupted",
      endedAt: 1_000_000,
    };
    interrupted.epochs = [{ epoch: 1, epochMs: 7 } as LiveTrial["epochs"][number]];
    expect(activeTime([interrupted], 2_000_000)).toBe(7);
  });

  it("estimates the time left from the mean trial, the running trials' pace and the workers", () => {
    const trials = [trial(0, 0, 10), trial(1, 0, 30, 1), trial(2, 30, null)];
    const base = { budgetTrials: 6, workers: 2, plannedEpochs: () => 10, limitLeftMs: null };
    // Mean 20; 3 trials to start (60) plus the running one's remaining 15 (started at 30, now 35), over 2 workers.
    expect(estimateTimeLeft({ ...base, trials, now: 35 })).toBe(37.5);
    expect(estimateTimeLeft({ ...base, trials, limitLeftMs: 10, now: 35 })).toBe(10);
    // Once the running trial has epochs, its own pace counts: 2 epochs in 40 ms, 8 to go.
    const paced = [
      ...trials.slice(0, 2),
      { ...trials[2], epochs: trials[2].epochs.concat([{} as never, {} as never]) },
    ];
    expect(estimateTimeLeft({ ...base, trials: paced, now: 70 })).toBe((60 + 160) / 2);
    expect(estimateTimeLeft({ ...base, trials: [trial(0, 0, null)], now: 5 })).toBeNull();
  });
});
