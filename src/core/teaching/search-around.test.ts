import { describe, expect, it } from "vitest";
import { defaultConfig } from "../playground-config";
import { validateStudyConfig } from "../study/study-config";
import { rangeAround, searchAroundRate, SEARCH_AROUND_TRIALS } from "./search-around";

describe("searchAroundRate", () => {
  it("tunes only the learning rate, log-uniform from a tenth to three times the suggestion", () => {
    const config = searchAroundRate({ ...defaultConfig(), epochs: 40 }, 0.0312);
    expect(config.space).toEqual({ learningRate: { type: "float", low: 0.0031, high: 0.094, log: true } });
    expect(config.base.learningRate).toBe(0.031);
    expect(config.base.epochs).toBe(40);
    expect(config.budget.trials).toBe(SEARCH_AROUND_TRIALS);
    expect(config.name).toBe("Learning rate around 0.031");
    const checked = validateStudyConfig(config);
    expect(checked.ok ? [] : checked.errors).toEqual([]);
  });

  it("keeps the range inside the learning rate's limits", () => {
    expect(rangeAround(8)).toEqual({ low: 0.8, high: 10 });
    expect(rangeAround(0.00002)).toEqual({ low: 0.00001, high: 0.00006 });
  });

  it("refuses a rate that is not a positive number, naming it", () => {
    expect(() => rangeAround(NaN)).toThrow("got NaN");
    expect(() => rangeAround(-1)).toThrow("got -1");
    expect(() => rangeAround(0.000001)).toThrow(/No range around the learning rate 0.000001|1e-6/);
  });
});
