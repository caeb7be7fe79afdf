import { describe, expect, it } from "vitest";
// The worker's own check of a TrainConfig (pure: tfjs only as types), so a preset is valid exactly
// when a run of it would start.
import { validateTrainConfig } from "../../../workers/validate-config";
import { DATASET_CARDS } from "../datasets/catalog";
import {
  convOutputShape,
  defaultConfig,
  formatValue,
  parseConfig,
  propertyOf,
  serializeConfig,
  toTrainConfig,
  validateValue,
  type ConfigKey,
} from "../playground-config";
import { PRESETS, applyPreset, presetApplied, presetById, presetChanges, presetKeys } from "./presets";

const starts = {
  default: defaultConfig(),
  table: { ...defaultConfig(), dataset: "iris", hiddenLayers: [16], activation: "relu" as const },
  image: { ...defaultConfig(), dataset: "digits", hiddenLayers: [32], activation: "relu" as const },
};

describe("presets", () => {
  it("have unique ids, a title, a why and at least one setting", () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const p of PRESETS) {
      expect(p.title.length).toBeGreaterThan(5);
      expect(p.why.length).toBeGreaterThan(40);
      expect(presetKeys(p).length).toBeGreaterThan(0);
      expect(presetById(p.id)).toBe(p);
    }
  });

  it("set only values each control accepts", () => {
    for (const p of PRESETS) {
      for (const key of presetKeys(p)) {
        const text = formatValue(propertyOf(key), p.values[key]);
        const checked = validateValue(key, text);
        expect(checked.ok, `${p.id}.${key}: ${checked.ok ? "" : checked.message}`).toBe(true);
      }
    }
  });

  it.each(Object.entries(starts))(
    "applied to the %s settings give a valid TrainConfig and link",
    (_, start) => {
      for (const p of PRESETS) {
        const config = applyPreset(start, p);
        const train = toTrainConfig(config);
        expect(() => validateTrainConfig(train), p.id).not.toThrow();
        const back = parseConfig(serializeConfig(config));
        expect(back.errors, p.id).toEqual([]);
        expect(back.config, p.id).toEqual(config);
        expect(presetApplied(config, p)).toBe(true);
      }
    },
  );

  it("change only the settings they name", () => {
    const start = { ...defaultConfig(), seed: 7, noise: 25 };
    for (const p of PRESETS) {
      const after = applyPreset(start, p);
      for (const key of Object.keys(start) as ConfigKey[]) {
        if (!(key in p.values)) expect(after[key], `${p.id} changed ${key}`).toEqual(start[key]);
      }
    }
    // Applying copies the values: editing the result leaves the preset alone.
    const conv = presetById("conv-digits")!;
    const applied = applyPreset(start, conv);
    applied.conv[0].filters = 99;
    expect(conv.values.conv?.[0].filters).toBe(16);
  });

  it("fit the conv net to the digits' 8×8 images", () => {
    const p = presetById("conv-digits")!;
    const digits = DATASET_CARDS.find((c) => c.id === "digits")!;
    expect(convOutputShape(digits.exampleShape!, p.values.conv!)).toEqual([2, 2, 32]);
  });

  it("describe their changes with labels a person reads", () => {
    expect(presetChanges(presetById("adam-safe")!)).toContainEqual({
      key: "optimizer",
      label: "Optimizer",
      value: expect.stringMatching(/adam/i) as unknown as string,
    });
    const es = presetChanges(presetById("early-stopping")!);
    expect(es.find((c) => c.key === "earlyStopping")?.value).toBe("on");
    expect(presetChanges(presetById("conv-digits")!).find((c) => c.key === "conv")?.value).toBe(
      "16x3-max,32x3-max",
    );
  });
});
