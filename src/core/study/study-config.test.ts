import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  defaultConfig,
  propertyOf,
  toTrainConfig,
  type NumberProperty,
  type PlaygroundConfig,
} from "../playground-config";
import { gridSize } from "../search/samplers/grid";
import { validateSpace } from "../search/space";
import type { SearchSpace } from "../search/types";
import {
  ENORMOUS_GRID_POINTS,
  defaultObjective,
  defaultStudyConfig,
  gridPointCount,
  isEnormousGrid,
  objectiveCurve,
  objectiveOf,
  trialLayers,
  trialTrainConfig,
  validateStudyConfig,
  type StudyConfig,
} from "./study-config";
import { TUNABLE, defaultParamSpec, layerOfUnits, tunableOf } from "./tunables";

const base = (overrides: Partial<PlaygroundConfig> = {}): PlaygroundConfig => ({
  ...defaultConfig(),
  ...overrides,
});

describe("TUNABLE", () => {
  it("takes its bounds from the playground's table and starts from valid ranges inside them", () => {
    for (const t of TUNABLE) {
      const spec = t.default;
      expect(() => validateSpace({ [t.key]: spec }), t.key).not.toThrow();
      if (t.kind === "categorical") {
        expect(spec.type).toBe("categorical");
        if (spec.type === "categorical") for (const c of spec.choices) expect(t.choices).toContain(c);
      } else {
        if (spec.type === "categorical") throw new Error(`${t.key} starts categorical`);
        expect(spec.low, t.key).toBeGreaterThanOrEqual(t.min);
        expect(spec.high, t.key).toBeLessThanOrEqual(t.max);
        expect(spec.type).toBe(t.kind);
      }
    }
    const lr = propertyOf("learningRate") as NumberProperty;
    expect(tunableOf("learningRate")).toMatchObject({ kind: "float", min: lr.min, max: lr.max });
    expect(tunableOf("learningRate")?.default).toEqual({ type: "float", low: 1e-4, high: 1e-1, log: true });
    expect(tunableOf("batchSize")?.default).toEqual({ type: "int", low: 16, high: 256, log: true });
    expect(tunableOf("dropout")?.default).toEqual({ type: "float", low: 0, high: 0.5 });
    expect(tunableOf("batchNorm")).toMatchObject({ kind: "categorical", choices: [false, true] });
    expect(tunableOf("optimizer")?.kind === "categorical" && tunableOf("optimizer")).toMatchObject({
      choices: ["sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw", "adagrad"],
    });
  });

  it("names per-layer units parameters units_1 to units_6 only", () => {
    expect(TUNABLE.filter((t) => layerOfUnits(t.key) !== null).map((t) => t.key)).toEqual([
      "units_1",
      "units_2",
      "units_3",
      "units_4",
      "units_5",
      "units_6",
    ]);
    expect(layerOfUnits("units_7")).toBeNull();
    expect(layerOfUnits("units_01")).toBeNull();
    expect(layerOfUnits("units")).toBeNull();
  });

  it("starts the learning rate a decade either side of the current one, clamped to the allowed range", () => {
    expect(defaultParamSpec("learningRate", base({ learningRate: 0.03 }), {})).toEqual({
      type: "float",
      low: 0.003,
      high: 0.3,
      log: true,
    });
    expect(defaultParamSpec("learningRate", base({ learningRate: 5 }), {})).toMatchObject({
      low: 0.5,
      high: 10,
    });
    expect(defaultParamSpec("learningRate", base({ learningRate: 0.00001 }), {})).toMatchObject({
      low: 0.00001,
      high: 0.0001,
    });
  });

  it("makes units_k conditional on layers only when layers is tuned", () => {
    expect(defaultParamSpec("units_2", base(), {}).condition).toBeUndefined();
    const space: SearchSpace = { layers: { type: "int", low: 1, high: 3 } };
    expect(defaultParamSpec("units_2", base(), space).condition).toEqual({ param: "layers", min: 2 });
    expect(() => defaultParamSpec("seed", base(), {})).toThrow(/"seed" is not a tunable setting/);
  });
});

describe("defaultStudyConfig", () => {
  it("fixes the playground's settings and tunes the learning rate, dropout and layers, and is valid", () => {
    const playground = base({ learningRate: 0.01, seed: 42 });
    const config = defaultStudyConfig(playground);
    expect(config.base).toEqual(playground);
    expect(config.base).not.toBe(playground);
    expect(config.space.learningRate).toEqual({ type: "float", low: 0.001, high: 0.1, log: true });
    expect(config.space.dropout).toEqual({ type: "float", low: 0, high: 0.5 });
    expect(config.space.layers).toEqual({ type: "int", low: 1, high: 3 });
    expect(config.space.units_3).toEqual({
      type: "int",
      low: 4,
      high: 64,
      log: true,
      condition: { param: "layers", min: 3 },
    });
    expect(config.space.units_4).toBeUndefined();
    expect(config.seed).toBe(42);
    expect(config.sampler).toEqual({ name: "tpe" });
    expect(validateStudyConfig(config)).toEqual({ ok: true, config });
  });

  it("widens the layer and unit ranges to cover a larger playground network", () => {
    const config = defaultStudyConfig(base({ hiddenLayers: [100, 50, 20, 10, 5] }));
    expect(config.space.layers).toEqual({ type: "int", low: 1, high: 5 });
    expect(config.space.units_5).toMatchObject({ low: 4, high: 100 });
    expect(validateStudyConfig(config).ok).toBe(true);
  });

  it("scores classification on validation loss and regression on validation RMSE", () => {
    expect(defaultStudyConfig(base({ dataset: "spiral" })).objective).toEqual(defaultObjective("binary"));
    expect(defaultObjective("binary")).toEqual({ metric: "valLoss", direction: "minimize", reduce: "best" });
    expect(defaultObjective("multiclass").metric).toBe("valLoss");
    const regression = defaultStudyConfig(base({ dataset: "reg-plane" }));
    expect(regression.objective).toEqual({ metric: "valMetric", direction: "minimize", reduce: "best" });
    expect(validateStudyConfig(regression).ok).toBe(true);
  });
});

describe("trialTrainConfig", () => {
  const config = (space: SearchSpace, overrides: Partial<PlaygroundConfig> = {}): StudyConfig => ({
    ...defaultStudyConfig(base(overrides)),
    space,
  });

  it("applies the trial's parameters over the base", () => {
    const c = config({}, { hiddenLayers: [4, 2], epochs: 50 });
    const t = trialTrainConfig(c, {
      learningRate: 0.005,
      dropout: 0.25,
      optimizer: "rmsprop",
      batchNorm: true,
      batchSize: 64,
    });
    const expected = toTrainConfig({
      ...c.base,
      learningRate: 0.005,
      dropout: 0.25,
      optimizer: "rmsprop",
      batchNorm: true,
      batchSize: 64,
    });
    expect(t).toEqual(expected);
    expect(t.model.hiddenLayers).toEqual([4, 2]);
    expect(c.base.learningRate).not.toBe(0.005);
  });

  it("builds the hidden layers from layers and units_k, ignoring units_k beyond the layer count", () => {
    const c = config({}, { hiddenLayers: [4, 2] });
    expect(
      trialTrainConfig(c, { layers: 3, units_1: 16, units_2: 8, units_3: 5 }).model.hiddenLayers,
    ).toEqual([16, 8, 5]);
    expect(
      trialTrainConfig(c, { layers: 1, units_1: 16, units_2: 8, units_3: 5 }).model.hiddenLayers,
    ).toEqual([16]);
    expect(trialTrainConfig(c, { layers: 0, units_1: 16 }).model.hiddenLayers).toEqual([]);
    expect(trialTrainConfig(c, { units_2: 32 }).model.hiddenLayers).toEqual([4, 32]);
  });

  it("uses a shared units for every layer, and the base's layers when no units are tuned", () => {
    expect(trialLayers([4, 2], { layers: 3, units: 12 })).toEqual([12, 12, 12]);
    expect(trialLayers([4, 2], { layers: 4 })).toEqual([4, 2, 2, 2]);
    expect(trialLayers([], { layers: 2 })).toEqual([8, 8]);
    expect(trialLayers([6, 3], {})).toEqual([6, 3]);
  });

  it("refuses a parameter that is not tunable or has an impossible value", () => {
    const c = config({});
    expect(() => trialTrainConfig(c, { seed: 3 })).toThrow('Trial parameter "seed" is not a tunable setting');
    expect(() => trialTrainConfig(c, { optimizer: "lbfgs" })).toThrow(
      'Trial parameter "optimizer" has an impossible value "lbfgs"',
    );
    expect(() => trialTrainConfig(c, { batchSize: 2.5 })).toThrow('"batchSize" has an impossible value 2.5');
  });
});

describe("objectiveOf", () => {
  const reports = [
    { valLoss: 0.9, valMetric: 0.6 },
    { valLoss: 0.4, valMetric: 0.8 },
    { valLoss: 0.5, valMetric: 0.75 },
  ];

  it("takes the final epoch's value", () => {
    expect(objectiveOf(reports, { metric: "valLoss", direction: "minimize", reduce: "final" })).toBe(0.5);
    expect(objectiveOf(reports, { metric: "valMetric", direction: "maximize", reduce: "final" })).toBe(0.75);
  });

  it("takes the best epoch's value in the objective's direction", () => {
    expect(objectiveOf(reports, { metric: "valLoss", direction: "minimize", reduce: "best" })).toBe(0.4);
    expect(objectiveOf(reports, { metric: "valMetric", direction: "maximize", reduce: "best" })).toBe(0.8);
    expect(objectiveOf(reports, { metric: "valMetric", direction: "minimize", reduce: "best" })).toBe(0.6);
  });

  it("skips non-finite values for the best, and gives NaN when there is nothing to score", () => {
    const diverging = [
      ...reports,
      { valLoss: NaN, valMetric: NaN },
      { valLoss: -Infinity, valMetric: Infinity },
    ];
    expect(objectiveOf(diverging, { metric: "valLoss", direction: "minimize", reduce: "best" })).toBe(0.4);
    expect(objectiveOf(diverging, { metric: "valMetric", direction: "maximize", reduce: "best" })).toBe(0.8);
    expect(
      objectiveOf(diverging.slice(3), { metric: "valLoss", direction: "minimize", reduce: "final" }),
    ).toBe(-Infinity);
    expect(objectiveOf([], { metric: "valLoss", direction: "minimize", reduce: "final" })).toBeNaN();
    expect(
      objectiveOf([{ valLoss: NaN, valMetric: NaN }], {
        metric: "valLoss",
        direction: "minimize",
        reduce: "best",
      }),
    ).toBeNaN();
  });
});

describe("objectiveCurve", () => {
  const reports = [
    { valLoss: 0.9, valMetric: 0.6 },
    { valLoss: 0.4, valMetric: 0.8 },
    { valLoss: 0.5, valMetric: 0.75 },
    { valLoss: NaN, valMetric: NaN },
  ];

  it("is the objective after each epoch: the epoch's own value, or the best so far", () => {
    expect(objectiveCurve(reports, { metric: "valLoss", direction: "minimize", reduce: "final" })).toEqual([
      0.9,
      0.4,
      0.5,
      NaN,
    ]);
    expect(objectiveCurve(reports, { metric: "valLoss", direction: "minimize", reduce: "best" })).toEqual([
      0.9, 0.4, 0.4, 0.4,
    ]);
    expect(objectiveCurve(reports, { metric: "valMetric", direction: "maximize", reduce: "best" })).toEqual([
      0.6, 0.8, 0.8, 0.8,
    ]);
    expect(objectiveCurve([], { metric: "valLoss", direction: "minimize", reduce: "best" })).toEqual([]);
  });

  it("equals objectiveOf over every prefix of the epochs", () => {
    const score = fc.oneof(fc.double({ noNaN: false }), fc.constantFrom(NaN, Infinity, -Infinity, 0.5));
    const objective = fc.record({
      metric: fc.constantFrom("valLoss" as const, "valMetric" as const),
      direction: fc.constantFrom("minimize" as const, "maximize" as const),
      reduce: fc.constantFrom("final" as const, "best" as const),
    });
    fc.assert(
      fc.property(
        fc.array(fc.record({ valLoss: score, valMetric: score }), { maxLength: 12 }),
        objective,
        (rs, o) => {
          const curve = objectiveCurve(rs, o);
          expect(curve).toHaveLength(rs.length);
          curve.forEach((v, k) => expect(Object.is(v, objectiveOf(rs.slice(0, k + 1), o))).toBe(true));
        },
      ),
    );
  });
});

describe("gridPointCount", () => {
  const space: SearchSpace = {
    learningRate: { type: "float", low: 0.001, high: 0.1, log: true },
    optimizer: { type: "categorical", choices: ["sgd", "adam"] },
    layers: { type: "int", low: 1, high: 2 },
    units_1: { type: "int", low: 4, high: 64, log: true, condition: { param: "layers", min: 1 } },
    units_2: { type: "int", low: 4, high: 64, log: true, condition: { param: "layers", min: 2 } },
  };
  const config: StudyConfig = { ...defaultStudyConfig(base()), space };

  it("counts the engine's grid, conditional parameters only where active", () => {
    // 5 rates x 2 optimizers x (5 + 5 x 5) layer/units combinations.
    expect(gridPointCount(config)).toBe(5 * 2 * (5 + 25));
    expect(gridPointCount(config, 3)).toBe(gridSize(space, 3));
    expect(gridPointCount(config, 3)).toBe(3 * 2 * (3 + 9));
  });

  it("uses the grid sampler's own points per range and value lists", () => {
    const grid: StudyConfig = { ...config, sampler: { name: "grid", n: 2, values: { optimizer: ["adam"] } } };
    expect(gridPointCount(grid)).toBe(2 * 1 * (2 + 4));
  });

  it("calls a grid enormous beyond ENORMOUS_GRID_POINTS", () => {
    expect(isEnormousGrid(ENORMOUS_GRID_POINTS)).toBe(false);
    expect(isEnormousGrid(ENORMOUS_GRID_POINTS + 1)).toBe(true);
    const big: StudyConfig = {
      ...config,
      space: { ...space, dropout: { type: "float", low: 0, high: 0.5 } },
    };
    expect(isEnormousGrid(gridPointCount(big, 20))).toBe(true);
  });
});
