import { describe, expect, it } from "vitest";
import { PROPERTIES, defaultConfig } from "../playground-config";
import { defaultStudyConfig, validateStudyConfig, type StudyConfig } from "./study-config";

import { BAD_CASES, type Mutable } from "./validate-study-config.cases";

const valid = (): StudyConfig => {
  const config = defaultStudyConfig({ ...defaultConfig(), hiddenLayers: [8, 4] });
  config.space.optimizer = { type: "categorical", choices: ["sgd", "momentum", "adam"] };
  config.space.momentum = {
    type: "float",
    low: 0.8,
    high: 0.99,
    condition: { param: "optimizer", values: ["momentum"] },
  };
  return config;
};

/** Validates a copy of the valid config changed by `mutate`, and returns the messages. */
function errorsOf(mutate: (c: Mutable) => void): string[] {
  const config = JSON.parse(JSON.stringify(valid())) as Mutable;
  mutate(config);
  const result = validateStudyConfig(config);
  if (result.ok) throw new Error("expected the configuration to be refused");
  return result.errors;
}

describe("validateStudyConfig", () => {
  it("accepts a valid configuration and returns a copy", () => {
    const config = valid();
    const result = validateStudyConfig(config);
    expect(result).toEqual({ ok: true, config });
    if (result.ok) expect(result.config).not.toBe(config);
  });

  it.each(BAD_CASES)("refuses %s, naming the field and value", (_, mutate, expected) => {
    const errors = errorsOf(mutate);
    const text = errors.join("\n");
    for (const fragment of expected) expect(text).toContain(fragment);
  });

  it("reports every problem at once", () => {
    const errors = errorsOf((c) => {
      c.budget.workers = 0;
      c.seed = "x";
      c.name = "";
    });
    expect(errors).toHaveLength(3);
  });

  it("accepts a timeLimitSec of null, regression RMSE minimised and categorical numeric settings", () => {
    const config = valid() as Mutable;
    config.budget.timeLimitSec = null;
    config.base.dataset = "reg-gaussian";
    config.objective = { metric: "valMetric", direction: "minimize", reduce: "final" };
    config.space.batchSize = { type: "categorical", choices: [16, 32, 64] };
    config.space.warmupEpochs = { type: "int", low: 0, high: 3 };
    expect(validateStudyConfig(config)).toMatchObject({ ok: true });
  });

  it("refuses input that is not plain data, before reading any field", () => {
    const cases: [unknown, string][] = [
      [null, "config must be an object, got null"],
      [[valid()], "config must be an object, got an array of 1"],
      [[1, 2], "config must be an object, got [1,2]"],
      ["{}", 'config must be an object, got "{}"'],
      [new Date(0), "config must be plain JSON data, got an object that is not plain data"],
      [{ ...valid(), seed: NaN }, "config.seed must be a finite number, got NaN"],
      [{ ...valid(), seed: 10n }, "config.seed must be plain JSON data, got 10n"],
      [{ ...valid(), name: undefined }, "config.name must be plain JSON data, got nothing"],
      [{ ...valid(), name: () => "x" }, "config.name must be plain JSON data, got a function"],
      [{ ...valid(), [Symbol("x")]: 1 }, "config has symbol keys"],
    ];
    for (const [input, message] of cases) {
      const result = validateStudyConfig(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.join("\n")).toContain(message);
    }
  });

  it("refuses __proto__, constructor and prototype keys anywhere", () => {
    for (const key of ["__proto__", "constructor", "prototype"]) {
      const config = JSON.parse(JSON.stringify(valid())) as Mutable;
      // JSON.parse makes "__proto__" an own data property, as an imported file would.
      config.space.dropout = JSON.parse(`{"type":"float","low":0,"high":0.5,"${key}":{"polluted":true}}`);
      const result = validateStudyConfig(config);
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.errors[0]).toBe(`config.space.dropout.${key}: the key "${key}" is not allowed`);
    }
    expect(({} as Mutable).polluted).toBeUndefined();
  });

  it("refuses getters without calling them, deep nesting, cycles and huge input", () => {
    let called = false;
    const withGetter = { ...valid() } as Mutable;
    Object.defineProperty(withGetter, "name", { enumerable: true, get: () => ((called = true), "x") });
    const getter = validateStudyConfig(withGetter);
    expect(getter.ok === false && getter.errors[0]).toBe("config.name is a getter or setter, not plain data");
    expect(called).toBe(false);

    const deep = valid() as Mutable;
    let nest: Mutable = {};
    deep.sampler = { name: "tpe", nStartupTrials: nest };
    for (let i = 0; i < 100_000; i++) nest = nest.a = {};
    const deepResult = validateStudyConfig(deep);
    expect(deepResult.ok === false && deepResult.errors[0]).toMatch(
      /^config\.sampler\.nStartupTrials\.a.* is nested too deeply \(more than 10 levels\)$/,
    );

    const cyclic = valid() as Mutable;
    cyclic.space.dropout.self = cyclic.space;
    expect(validateStudyConfig(cyclic).ok).toBe(false);

    const huge = valid() as Mutable;
    huge.base.features = Array.from({ length: 30_000 }, () => "x1");
    const hugeResult = validateStudyConfig(huge);
    expect(hugeResult.ok === false && hugeResult.errors[0]).toBe(
      "config is too large (more than 20000 values)",
    );

    const longString = valid() as Mutable;
    longString.base.dataset = "c".repeat(5_000);
    const longResult = validateStudyConfig(longString);
    expect(longResult.ok === false && longResult.errors[0]).toContain(
      "config.base.dataset is a string of 5000 characters",
    );
  });

  it("treats a base with any one setting missing as unusable: one message, no check built on it", () => {
    for (const { key } of PROPERTIES) {
      const errors = errorsOf((c) => delete c.base[key]);
      expect(errors, key).toContain(`config.base.${key} is missing`);
      // Nothing downstream (dataset, space, objective) may read the incomplete base and crash or guess.
      for (const message of errors) {
        expect(message, key).not.toMatch(/could not be checked|has no usable dataset|has an unknown dataset/);
      }
    }
  });

  it("refuses sampler and pruner counts past their maxima, naming the option and the value", () => {
    const sampler = (options: Mutable) => errorsOf((c) => (c.sampler = options)).join(" | ");
    expect(sampler({ name: "tpe", nStartupTrials: 1e9 })).toContain(
      "config.sampler has a bad option: Option nStartupTrials of the tpe sampler must be at most 100000, got 1000000000",
    );
    expect(sampler({ name: "tpe", nEiCandidates: 1e15 })).toContain(
      "nEiCandidates of the tpe sampler must be at most",
    );
    expect(sampler({ name: "gp", candidates: 1e7 })).toContain(
      "candidates of the gp sampler must be at most 65536",
    );
    expect(sampler({ name: "grid", n: 1e6 })).toContain(
      "Grid option n must be at most 1000 points per range",
    );
    const pruner = errorsOf((c) => (c.pruner = { name: "median", nWarmupSteps: 1e12 })).join(" | ");
    expect(pruner).toContain("config.pruner has a bad option");
    expect(pruner).toContain("nWarmupSteps must be at most 1000000, got 1000000000000");
  });

  it("never throws, whatever it is given", () => {
    const inputs: unknown[] = [
      undefined,
      0,
      "",
      true,
      [],
      {},
      { version: 1 },
      Object.create(null),
      new Map(),
      valid().space,
    ];
    for (const input of inputs) expect(() => validateStudyConfig(input)).not.toThrow();
  });
});
