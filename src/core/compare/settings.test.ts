import { describe, expect, it } from "vitest";
import { defaultConfig, serializeConfig } from "../playground-config";
import {
  checkRunBudget,
  collidingKeys,
  defaultCompareSettings,
  parseCompareQuery,
  planRuns,
  runCount,
  runCountText,
  serializeCompareQuery,
  type CompareSettings,
} from "./settings";

function settings(over: Partial<CompareSettings> = {}): CompareSettings {
  return { ...defaultCompareSettings(), ...over };
}

describe("compare URL", () => {
  it("its own keys never collide with a playground setting's", () => {
    expect(collidingKeys()).toEqual([]);
  });

  it("reads the playground's query as the base, with the default comparison", () => {
    const base = { ...defaultConfig(), learningRate: 0.1, epochs: 20, dataset: "xor" };
    const { settings: s, errors } = parseCompareQuery(serializeConfig(base));
    expect(errors).toEqual([]);
    expect(s.base).toEqual(base);
    expect(s.param).toBe("lr");
    expect(s.values).toEqual([0.001, 0.03, 1]);
    expect(s.seeds).toBe(2);
  });

  it("round-trips a whole comparison", () => {
    const s = settings({
      base: { ...defaultConfig(), epochs: 15, samples: 200 },
      param: "width",
      values: [2, 8, 32],
      nuisance: "lr",
      nuisanceValues: [0.01, 0.1],
      seeds: 3,
      metric: "final",
      band: "ci",
    });
    const query = serializeCompareQuery(s);
    expect(query).toMatch(
      /^vary=width&values=2,8,32&nuisance=lr&nuisanceValues=0.01,0.1&seeds=3&metric=final&band=ci&/,
    );
    expect(parseCompareQuery(query)).toEqual({ settings: s, errors: [] });
  });

  it("refuses bad values with a message naming them and keeps the defaults", () => {
    const { settings: s, errors } = parseCompareQuery(
      "vary=speed&values=0.1,x&seeds=40&metric=worst&band=wide&nuisance=lr&lr=-3",
    );
    expect(s.param).toBe("lr");
    expect(s.values).toEqual([0.001, 0.03, 1]);
    expect(s.seeds).toBe(2);
    expect(s.metric).toBe("best");
    expect(s.band).toBe("range");
    // The nuisance may not be the parameter under study.
    expect(s.nuisance).toBeNull();
    const text = errors.join("\n");
    expect(text).toContain("got 'speed'");
    expect(text).toContain("'x' is not a number");
    expect(text).toContain("got '40'");
    expect(text).toContain("got 'worst'");
    expect(text).toContain("got 'wide'");
    expect(text).toContain("both are 'lr'");
    expect(text).toMatch(/Learning rate must be a number .* got '-3'/);
  });

  it("reads values against the parameter named in the same link", () => {
    const { settings: s, errors } = parseCompareQuery("vary=batch&values=16,64");
    expect(errors).toEqual([]);
    expect(s.values).toEqual([16, 64]);
    const bad = parseCompareQuery("vary=batch&values=16,0.5");
    expect(bad.errors[0]).toMatch(/Batch size values: 0.5 is out of range/);
    expect(bad.settings.values).toEqual([8, 32, 128]);
  });

  it("reports a link that asks for too many runs", () => {
    const { errors } = parseCompareQuery(
      "vary=dropout&values=0,0.1,0.2,0.3,0.4,0.5&nuisance=lr&nuisanceValues=0.01,0.1,1&seeds=10",
    );
    expect(errors.at(-1)).toMatch(/6 values × 3 nuisance values × 10 seeds = 180 runs: too many/);
  });
});

describe("runs grid", () => {
  it("counts and describes the runs", () => {
    const s = settings({ values: [0.1, 0.2, 0.3], nuisance: "dropout", nuisanceValues: [0, 0.5], seeds: 4 });
    expect(runCount(s)).toBe(24);
    expect(runCountText(s)).toBe("3 values × 2 nuisance values × 4 seeds = 24 runs");
    expect(runCountText(settings({ values: [1], seeds: 1 }))).toBe("1 value × 1 seed = 1 run");
  });

  it("refuses too many runs and too many epochs in all", () => {
    const many = settings({ values: [1, 2, 3, 4, 5, 6, 7], seeds: 10 });
    expect(checkRunBudget(many)).toEqual({
      ok: false,
      message:
        "7 values × 10 seeds = 70 runs: too many; at most 60 runs are allowed. Use fewer values or seeds.",
    });
    const long = settings({ base: { ...defaultConfig(), epochs: 1000 }, seeds: 10 });
    const r = checkRunBudget(long);
    expect(!r.ok && r.message).toMatch(/30000 epochs in all: too many/);
    expect(checkRunBudget(settings())).toEqual({ ok: true, value: 6 });
  });

  it("makes one run per value × nuisance value × seed, each with its settings and seed", () => {
    const s = settings({
      base: { ...defaultConfig(), seed: 7 },
      param: "lr",
      values: [0.01, 0.1],
      nuisance: "batch",
      nuisanceValues: [16, 64],
      seeds: 3,
    });
    const runs = planRuns(s);
    expect(runs).toHaveLength(12);
    expect(new Set(runs.map((r) => r.id)).size).toBe(12);
    const r = runs.find((x) => x.valueIndex === 1 && x.nuisanceIndex === 0 && x.seedIndex === 2);
    expect(r?.config.learningRate).toBe(0.1);
    expect(r?.config.batchSize).toBe(16);
    expect(r?.config.seed).toBe(9);
    expect(r?.config.boundaryResolution).toBe(0);
    // Everything else is the base's.
    expect(r?.config.model.hiddenLayers).toEqual(defaultConfig().hiddenLayers);
    expect(r?.config.epochs).toBe(defaultConfig().epochs);
  });
});
