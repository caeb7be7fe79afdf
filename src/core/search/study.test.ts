import { describe, expect, it } from "vitest";
import { Study, StudyExhaustedError, createStudy, loadStudy } from "./study";
import type { SearchSpace } from "./types";

const space: SearchSpace = {
  x: { type: "float", low: -5, high: 5 },
  k: { type: "int", low: 1, high: 4 },
};

describe("Study", () => {
  it("numbers trials, records reports and results, and finds the best trial in either direction", () => {
    for (const direction of ["minimize", "maximize"] as const) {
      const study = createStudy({ space, direction, seed: 1 });
      const values = [3, -1, 2];
      for (const v of values) {
        const { number } = study.ask();
        study.report(number, 0, v + 1);
        study.report(number, 1, v);
        study.tell(number, v);
      }
      expect(study.trials.map((t) => t.number)).toEqual([0, 1, 2]);
      expect(study.trials[1]).toMatchObject({ state: "complete", value: -1, intermediate: { 0: 0, 1: -1 } });
      expect(study.bestTrial?.number).toBe(direction === "minimize" ? 1 : 0);
    }
    expect(createStudy({ space }).bestTrial).toBeNull();
  });

  it("hands out copies, so callers cannot change the record", () => {
    const study = createStudy({ space, seed: 2 });
    const asked = study.ask();
    asked.params.x = 999;
    study.trials[0].params.x = 999;
    expect(study.trial(0).params.x).not.toBe(999);
  });

  it("fails a trial told NaN or infinity, with the reason", () => {
    const study = createStudy({ space, seed: 3 });
    const a = study.ask();
    const b = study.ask();
    study.tell(a.number, NaN);
    study.tell(b.number, -Infinity);
    expect(study.trial(a.number)).toMatchObject({ state: "failed", reason: "objective value was NaN" });
    expect(study.trial(a.number).value).toBeUndefined();
    expect(study.trial(b.number)).toMatchObject({ state: "failed", reason: "objective value was -Infinity" });
    expect(study.bestTrial).toBeNull();
  });

  it("keeps the last finite report of a pruned trial and records explicit failures", () => {
    const study = createStudy({ space, seed: 4 });
    const a = study.ask();
    study.report(a.number, 0, 0.9);
    study.report(a.number, 1, 0.7);
    study.report(a.number, 2, NaN);
    study.tell(a.number, { state: "pruned", reason: "median" });
    expect(study.trial(a.number)).toMatchObject({ state: "pruned", value: 0.7, reason: "median" });
    const b = study.ask();
    study.tell(b.number, { state: "failed", reason: "worker crashed" });
    expect(study.trial(b.number)).toMatchObject({ state: "failed", reason: "worker crashed" });
    const c = study.ask();
    study.tell(c.number, { state: "complete", value: 0.5 });
    expect(study.bestTrial?.number).toBe(c.number);
  });

  it("prunes a trial that reported NaN or infinity whatever the pruner, none included", () => {
    for (const pruner of ["none", "median", "asha"] as const) {
      const study = createStudy({ space, pruner, seed: 5 });
      const t = study.ask();
      study.report(t.number, 0, 0.5);
      expect(study.shouldPrune(t.number)).toBe(false);
      study.report(t.number, 1, Infinity);
      expect(study.shouldPrune(t.number)).toBe(true);
    }
  });

  it("asks the pruner about running trials", () => {
    const study = createStudy({ space, pruner: { name: "median", nStartupTrials: 1 }, seed: 6 });
    const good = study.ask();
    study.report(good.number, 0, 1);
    study.tell(good.number, 1);
    const bad = study.ask();
    study.report(bad.number, 0, 5);
    expect(study.shouldPrune(bad.number)).toBe(true);
    const fine = study.ask();
    study.report(fine.number, 0, 0.5);
    expect(study.shouldPrune(fine.number)).toBe(false);
  });

  it("rejects misuse with clear messages", () => {
    const study = createStudy({ space, seed: 7 });
    expect(() => study.tell(0, 1)).toThrow("Unknown trial number 0 (the study has no trials yet)");
    const t = study.ask();
    expect(() => study.tell(5, 1)).toThrow("Unknown trial number 5 (trials are 0..0)");
    expect(() => study.report(t.number, 1.5, 0)).toThrow(
      "Trial 0: step must be a non-negative integer, got 1.5",
    );
    expect(() => study.report(t.number, "2" as never, 0)).toThrow(
      'step must be a non-negative integer, got "2"',
    );
    expect(() => study.report(t.number, -1, 0)).toThrow("got -1");
    expect(() => study.report(t.number, 0, "0.5" as never)).toThrow(
      'Trial 0: reported value must be a number, got "0.5"',
    );
    study.report(t.number, 0, 0.5);
    expect(() => study.report(t.number, 0, 0.4)).toThrow("Trial 0: step 0 was already reported (value 0.5)");
    expect(() => study.tell(t.number, { state: "done" } as never)).toThrow('Trial 0: unknown state "done"');
    expect(() => study.tell(t.number, "1" as never)).toThrow(
      'tell needs a number or { state, ... }, got "1"',
    );
    expect(() => study.tell(t.number, { state: "failed", reason: 3 } as never)).toThrow(
      "reason must be a string, got 3",
    );
    study.tell(t.number, 1);
    expect(() => study.tell(t.number, 2)).toThrow("Cannot tell trial 0: it has already ended (complete)");
    expect(() => study.report(t.number, 1, 2)).toThrow(
      "Cannot report on trial 0: it has already ended (complete)",
    );
    expect(() => study.shouldPrune(t.number)).toThrow("Cannot ask about pruning trial 0");
  });

  it("rejects bad options", () => {
    expect(() => createStudy({ space: {} })).toThrow("The search space has no parameters");
    expect(() => createStudy({ space, sampler: "bayes" as never })).toThrow(
      'Unknown sampler "bayes" (expected one of grid, random, qmc, tpe, gp)',
    );
    expect(() => createStudy({ space, pruner: { name: "sometimes" } as never })).toThrow(
      'Unknown pruner "sometimes"',
    );
    expect(() => createStudy({ space, direction: "down" as never })).toThrow(
      'Direction must be "minimize" or "maximize", got "down"',
    );
    expect(() => createStudy({ space, seed: NaN })).toThrow("Seed must be a finite number");
    expect(() => createStudy({ space, sampler: { name: "random", n: 3 } })).toThrow(
      'Unknown option "n" for the random sampler',
    );
    expect(() => createStudy({ space, pruner: { name: "asha", reductionFactor: 0 } })).toThrow(
      "reductionFactor must be an integer >= 2, got 0",
    );
  });

  it("saves NaN reports and every state to JSON and loads them back", () => {
    const study = createStudy({ space, sampler: "qmc", pruner: "median", direction: "maximize", seed: 8 });
    const a = study.ask();
    study.report(a.number, 0, NaN);
    study.report(a.number, 1, -Infinity);
    study.tell(a.number, { state: "pruned" });
    const b = study.ask();
    study.tell(b.number, 2.5);
    study.ask();
    const text = JSON.stringify(study.toJSON());
    expect(text).toContain('"NaN"');
    const loaded = loadStudy(JSON.parse(text));
    expect(loaded.trials).toEqual(study.trials);
    expect(loaded.trial(0).intermediate[0]).toBeNaN();
    expect(loaded.trial(0).intermediate[1]).toBe(-Infinity);
    expect(loaded.direction).toBe("maximize");
    expect(loaded.samplerOptions).toEqual({ name: "qmc" });
    expect(loaded.prunerOptions).toEqual({ name: "median" });
    expect(loaded.trial(2).state).toBe("running");
    expect(loaded.ask()).toEqual(study.ask());
  });

  it("converts an ended trial to JSON once: later saves share its frozen entry, a running one is fresh each time", () => {
    const study = createStudy({ space, pruner: "median", seed: 4 });
    const ended = study.ask();
    study.report(ended.number, 1, 0.5);
    study.tell(ended.number, 0.5);
    const running = study.ask();
    study.report(running.number, 1, 0.7);
    const first = study.toJSON();
    study.report(running.number, 2, 0.6);
    const second = study.toJSON();
    expect(second.trials[0]).toBe(first.trials[0]);
    expect(Object.isFrozen(second.trials[0].intermediate)).toBe(true);
    expect(second.trials[0]).toEqual({
      number: 0,
      params: ended.params,
      state: "complete",
      value: 0.5,
      intermediate: { 1: 0.5 },
    });
    // The running trial's entry is taken afresh, with the report made since.
    expect(first.trials[1].intermediate).toEqual({ 1: 0.7 });
    expect(second.trials[1].intermediate).toEqual({ 1: 0.7, 2: 0.6 });
    expect(Object.isFrozen(second.trials[1])).toBe(false);
    // Once it ends it is converted with its final state, and the reload continues alike.
    study.tell(running.number, { state: "pruned" });
    const third = study.toJSON();
    expect(third.trials[1]).toMatchObject({ state: "pruned", value: 0.6, intermediate: { 1: 0.7, 2: 0.6 } });
    const loaded = loadStudy(third);
    expect(loaded.trials).toEqual(study.trials);
    expect(loaded.ask()).toEqual(study.ask());
  });

  it("rejects malformed saved studies", () => {
    const saved = createStudy({ space, seed: 1 }).toJSON();
    expect(() => Study.fromJSON(null)).toThrow("A saved study must be an object");
    expect(() => loadStudy({ ...saved, format: "other" })).toThrow('Not a saved study: format is "other"');
    expect(() => loadStudy({ ...saved, version: 2 })).toThrow("Unsupported saved study version 2");
    const badTrial = { number: 0, params: { x: 99, k: 1 }, state: "complete", value: 1, intermediate: {} };
    expect(() => loadStudy({ ...saved, trials: [badTrial] })).toThrow(
      'Trial 0 in the saved study: Parameter "x": value 99 is not valid',
    );
    const misnumbered = { ...badTrial, number: 4, params: { x: 0, k: 1 } };
    expect(() => loadStudy({ ...saved, trials: [misnumbered] })).toThrow(
      "Trial 0 in the saved study: has number 4",
    );
    const noValue = { number: 0, params: { x: 0, k: 1 }, state: "complete", intermediate: {} };
    expect(() => loadStudy({ ...saved, trials: [noValue] })).toThrow("complete but has no value");
  });

  it("throws StudyExhaustedError from ask once a grid is done", () => {
    const study = createStudy({
      space: { c: { type: "categorical", choices: ["a", "b"] } },
      sampler: "grid",
    });
    expect(study.isExhausted).toBe(false);
    study.ask();
    study.ask();
    expect(study.isExhausted).toBe(true);
    const error = (() => {
      try {
        study.ask();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StudyExhaustedError);
    expect((error as Error).name).toBe("StudyExhaustedError");
  });
});
