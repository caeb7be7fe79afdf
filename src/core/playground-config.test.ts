import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DATASET_CARDS } from "./datasets/catalog";
import { GENERATORS_2D } from "./datasets/generators2d";
import {
  PROPERTIES,
  defaultConfig,
  formatValue,
  fromTrainConfig,
  isRelevant,
  parseConfig,
  propertyOf,
  serializeConfig,
  toTrainConfig,
  validateValue,
  type ConfigKey,
  type PlaygroundConfig,
  type Property,
} from "./playground-config";

/** An arbitrary valid value for one property of the table. */
function arbitraryValue(p: Property): fc.Arbitrary<unknown> {
  switch (p.kind) {
    case "number":
      return p.integer
        ? fc.integer({ min: p.min, max: p.max })
        : fc
            .double({ min: p.min, max: p.max, noNaN: true, noDefaultInfinity: true })
            .map((v) => (Object.is(v, -0) ? 0 : v));
    case "choice":
      return fc.constantFrom(...p.choices.map((c) => c.value));
    case "boolean":
      return fc.boolean();
    case "features":
      return fc.subarray(
        p.choices.map((c) => c.value),
        { minLength: 1 },
      );
    case "layers":
      return fc.array(fc.integer({ min: p.minUnits, max: p.maxUnits }), { maxLength: p.maxLayers });
    case "dataset":
      return fc.oneof(
        fc.constantFrom(...p.choices.map((c) => c.value)),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/).map((s) => `upload-${s}`),
      );
    case "conv":
      return fc.array(
        fc.record({
          filters: fc.integer({ min: p.minFilters, max: p.maxFilters }),
          kernel: fc.integer({ min: p.minKernel, max: p.maxKernel }),
          pool: fc.constantFrom("max" as const, "avg" as const, "none" as const),
        }),
        { maxLength: p.maxBlocks },
      );
  }
}

const arbitraryConfig: fc.Arbitrary<PlaygroundConfig> = fc.record(
  Object.fromEntries(PROPERTIES.map((p) => [p.key, arbitraryValue(p)])),
) as unknown as fc.Arbitrary<PlaygroundConfig>;

describe("the property table", () => {
  it("has one entry per setting, with unique URL keys", () => {
    const keys = PROPERTIES.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(PROPERTIES.map((p) => p.urlKey)).size).toBe(keys.length);
    // Every field of a config built from a TrainConfig is in the table, and nothing else.
    const fromTrain = fromTrainConfig(toTrainConfig(defaultConfig()));
    expect([...keys].sort()).toEqual(Object.keys(fromTrain).sort());
  });

  it("gives every setting a label, a tooltip and a default that passes its own validation", () => {
    for (const p of PROPERTIES) {
      expect(p.label.length, p.key).toBeGreaterThan(0);
      expect(p.tooltip.length, p.key).toBeGreaterThan(20);
      const result = validateValue(p.key, formatValue(p, p.default));
      expect(result, p.key).toEqual({ ok: true, value: p.default });
      if (p.kind === "number") expect(p.min, p.key).toBeLessThan(p.max);
    }
  });

  it("offers every 2D generator first, then the catalog's tables and images, and the seven input features", () => {
    const dataset = propertyOf("dataset");
    const features = propertyOf("features");
    if (dataset.kind !== "dataset") throw new Error("dataset is not a dataset property");
    const twoD = dataset.choices.filter((c) => c.group === "2d").map((c) => c.value);
    expect(twoD).toEqual(GENERATORS_2D.map((g) => g.id));
    expect(dataset.choices.slice(0, twoD.length).map((c) => c.value)).toEqual(twoD);
    for (const card of DATASET_CARDS) {
      expect(dataset.choices.find((c) => c.value === card.id)?.group, card.id).toBe(card.group);
    }
    expect(dataset.choices.find((c) => c.value === "iris")?.group).toBe("table");
    expect(dataset.choices.find((c) => c.value === "digits")?.group).toBe("image");
    for (const id of ["moons", "checkerboard", "reg-sine"]) expect(twoD).toContain(id);
    expect(features.kind === "features" && features.choices.map((c) => c.label)).toEqual([
      "x1",
      "x2",
      "x1²",
      "x2²",
      "x1·x2",
      "sin x1",
      "sin x2",
    ]);
  });

  it("marks optimizer and schedule parameters relevant only where they are used", () => {
    const c = defaultConfig();
    const relevant = (key: ConfigKey, patch: Partial<PlaygroundConfig>) =>
      isRelevant(propertyOf(key), { ...c, ...patch });
    expect(relevant("momentum", { optimizer: "momentum" })).toBe(true);
    expect(relevant("momentum", { optimizer: "adam" })).toBe(false);
    expect(relevant("beta2", { optimizer: "adamw" })).toBe(true);
    expect(relevant("weightDecay", { optimizer: "adam" })).toBe(false);
    expect(relevant("weightDecay", { optimizer: "adamw" })).toBe(true);
    expect(relevant("rho", { optimizer: "rmsprop" })).toBe(true);
    expect(relevant("epsilon", { optimizer: "adagrad" })).toBe(true);
    expect(relevant("epsilon", { optimizer: "sgd" })).toBe(false);
    expect(relevant("gamma", { schedule: "step" })).toBe(true);
    expect(relevant("gamma", { schedule: "cosine" })).toBe(false);
    expect(relevant("cycleEpochs", { schedule: "cyclic" })).toBe(true);
    expect(relevant("warmupEpochs", { schedule: "constant" })).toBe(true);
    expect(relevant("classes", { dataset: "multiclass" })).toBe(true);
    expect(relevant("classes", { dataset: "circle" })).toBe(false);
    expect(relevant("patience", { earlyStopping: false })).toBe(false);
  });

  it("shows each data, network and augmentation setting only for the kind of data it applies to", () => {
    const c = defaultConfig();
    const shownFor = (dataset: string) =>
      PROPERTIES.filter((p) => isRelevant(p, { ...c, dataset, earlyStopping: true })).map((p) => p.key);
    const twoDOnly: ConfigKey[] = ["noise", "samples", "trainRatio", "features", "boundaryResolution"];
    const arraysOnly: ConfigKey[] = ["valRatio", "testRatio"];
    const imagesOnly: ConfigKey[] = ["conv", "augShift", "augFlip", "augNoise"];
    const spiral = shownFor("spiral");
    const iris = shownFor("iris");
    const upload = shownFor("upload-1234");
    const digits = shownFor("digits");
    for (const key of twoDOnly) {
      expect(spiral).toContain(key);
      expect(iris).not.toContain(key);
      expect(digits).not.toContain(key);
    }
    for (const key of arraysOnly) {
      expect(spiral).not.toContain(key);
      expect(iris).toContain(key);
      expect(upload).toContain(key);
      expect(digits).toContain(key);
    }
    for (const key of imagesOnly) {
      expect(spiral).not.toContain(key);
      expect(iris).not.toContain(key);
      expect(upload).not.toContain(key);
      expect(digits).toContain(key);
    }
    // Everything else (network, training, schedule …) is there for every kind of data.
    expect(iris).toContain("learningRate");
    expect(digits).toContain("hiddenLayers");
  });
});

describe("defaults", () => {
  it("an empty query gives the defaults and no errors", () => {
    expect(parseConfig("")).toEqual({ config: defaultConfig(), errors: [] });
    expect(parseConfig("?")).toEqual({ config: defaultConfig(), errors: [] });
  });

  it("missing settings take their defaults while given ones are kept", () => {
    const { config, errors } = parseConfig("?lr=0.1&epochs=20&layers=8,8,8");
    expect(errors).toEqual([]);
    expect(config).toEqual({ ...defaultConfig(), learningRate: 0.1, epochs: 20, hiddenLayers: [8, 8, 8] });
  });

  it("returns a fresh object each time, so editing one does not change the next", () => {
    const a = defaultConfig();
    a.hiddenLayers.push(99);
    a.features.push("sinx1");
    expect(defaultConfig().hiddenLayers).toEqual(propertyOf("hiddenLayers").default);
    expect(defaultConfig().features).toEqual(["x1", "x2"]);
  });
});

describe("round trip through the URL", () => {
  it("keeps the defaults", () => {
    const text = serializeConfig(defaultConfig());
    expect(parseConfig(text)).toEqual({ config: defaultConfig(), errors: [] });
    expect(parseConfig("?" + text).config).toEqual(defaultConfig());
  });

  it("keeps a configuration with every setting changed", () => {
    const c: PlaygroundConfig = {
      ...defaultConfig(),
      dataset: "spiral",
      noise: 25,
      samples: 800,
      trainRatio: 0.6,
      classes: 4,
      features: ["x1", "x2", "x1x2", "sinx2"],
      valRatio: 0.3,
      testRatio: 0,
      conv: [{ filters: 4, kernel: 5, pool: "avg" }],
      hiddenLayers: [],
      activation: "relu",
      init: "he",
      batchNorm: true,
      optimizer: "rmsprop",
      learningRate: 1e-5,
      momentum: 0.5,
      beta1: 0.8,
      beta2: 0.99,
      epsilon: 1e-9,
      rho: 0.95,
      weightDecay: 0.001,
      batchSize: 64,
      epochs: 300,
      schedule: "cyclic",
      warmupEpochs: 2.5,
      gamma: 0.9,
      stepEpochs: 7,
      minFactor: 0,
      cycleEpochs: 3,
      dropout: 0.25,
      l1: 0.0001,
      l2: 0.003,
      augShift: 2,
      augFlip: true,
      augNoise: 0.05,
      earlyStopping: true,
      patience: 5,
      minDelta: 0,
      restoreBest: false,
      seed: 2147483647,
      backend: "wasm",
      boundaryResolution: 0,
      logLoss: true,
      showValidation: false,
      discretize: true,
    };
    expect(parseConfig(serializeConfig(c))).toEqual({ config: c, errors: [] });
  });

  it("keeps any valid configuration (property test)", () => {
    fc.assert(
      fc.property(arbitraryConfig, (c) => {
        const parsed = parseConfig(serializeConfig(c));
        expect(parsed.errors).toEqual([]);
        expect(parsed.config).toEqual(c);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps an array dataset with its split ratios, and an upload id", () => {
    const iris = parseConfig("dataset=iris&val=0.25&test=0.15");
    expect(iris.errors).toEqual([]);
    expect(iris.config).toEqual({ ...defaultConfig(), dataset: "iris", valRatio: 0.25, testRatio: 0.15 });
    expect(serializeConfig(iris.config)).toContain("dataset=iris&");
    expect(serializeConfig(iris.config)).toContain("val=0.25&test=0.15");
    const upload = parseConfig("dataset=upload-3f2a9c1e-77b0-4c1d-9d4e-0a1b2c3d4e5f");
    expect(upload.errors).toEqual([]);
    expect(upload.config.dataset).toBe("upload-3f2a9c1e-77b0-4c1d-9d4e-0a1b2c3d4e5f");
  });

  it("writes conv blocks as filters x kernel with the pooling", () => {
    const c = {
      ...defaultConfig(),
      dataset: "digits",
      conv: [
        { filters: 16, kernel: 3, pool: "max" as const },
        { filters: 32, kernel: 5, pool: "none" as const },
      ],
    };
    expect(serializeConfig(c)).toContain("conv=16x3-max,32x5&");
    expect(parseConfig("conv=16x3-max, 32X5").config.conv).toEqual(c.conv);
    expect(parseConfig("conv=").config.conv).toEqual([]);
  });

  it("writes every setting, lists with plain commas", () => {
    const text = serializeConfig({ ...defaultConfig(), hiddenLayers: [8, 4], features: ["x1", "x1sq"] });
    for (const p of PROPERTIES) expect(text).toContain(`${p.urlKey}=`);
    expect(text).toContain("layers=8,4");
    expect(text).toContain("features=x1,x1sq");
    expect(text).not.toContain("?");
  });

  it("reads lists in any order and canonicalises features", () => {
    const { config, errors } = parseConfig("features=sinx1, x2,x1,x2&layers=3, 5");
    expect(errors).toEqual([]);
    expect(config.features).toEqual(["x1", "x2", "sinx1"]);
    expect(config.hiddenLayers).toEqual([3, 5]);
    expect(parseConfig("layers=").config.hiddenLayers).toEqual([]);
  });

  it("maps to and from the worker's TrainConfig without loss", () => {
    fc.assert(
      fc.property(arbitraryConfig, (c) => {
        expect(fromTrainConfig(toTrainConfig(c), c)).toEqual(c);
      }),
      { numRuns: 100 },
    );
    const t = toTrainConfig({
      ...defaultConfig(),
      learningRate: 0.2,
      schedule: "cosine",
      earlyStopping: true,
    });
    expect(t.learningRate).toBe(0.2);
    expect(t.schedule.kind).toBe("cosine");
    expect(t.earlyStopping.enabled).toBe(true);
    expect(t.data).toEqual({
      kind: "2d",
      generator: "circle",
      samples: 500,
      noise: 0,
      classes: 3,
      trainRatio: 0.7,
      features: ["x1", "x2"],
    });
    expect(t.model.conv).toBeUndefined();
    expect(t.augment).toBeUndefined();
  });

  it("gives array datasets their spec, and conv blocks and augmentation to images only", () => {
    const iris = toTrainConfig({
      ...defaultConfig(),
      dataset: "iris",
      valRatio: 0.3,
      testRatio: 0.1,
      augShift: 2,
    });
    expect(iris.data).toEqual({ kind: "builtin", id: "iris", valRatio: 0.3, testRatio: 0.1 });
    expect(iris.model.conv).toBeUndefined();
    expect(iris.augment).toBeUndefined();
    expect(iris.boundaryResolution).toBe(0);
    const upload = toTrainConfig({ ...defaultConfig(), dataset: "upload-abc" });
    expect(upload.data).toEqual({ kind: "upload", id: "upload-abc", valRatio: 0.2, testRatio: 0.2 });
    const digits = toTrainConfig({
      ...defaultConfig(),
      dataset: "digits",
      conv: [{ filters: 8, kernel: 3, pool: "max" }],
      augShift: 1,
      augFlip: false,
      augNoise: 0.05,
    });
    expect(digits.data).toEqual({ kind: "builtin", id: "digits", valRatio: 0.2, testRatio: 0.2 });
    expect(digits.model.conv).toEqual([{ filters: 8, kernel: 3, pool: "max" }]);
    expect(digits.augment).toEqual({ shift: 1, flip: false, noise: 0.05 });
    // What the TrainConfig does not carry comes back from the configuration it is read against.
    const back = fromTrainConfig(iris, { ...defaultConfig(), samples: 900, conv: [] });
    expect(back.dataset).toBe("iris");
    expect(back.samples).toBe(900);
    expect(back.conv).toEqual([]);
    expect(fromTrainConfig(digits).augNoise).toBe(0.05);
  });
});
