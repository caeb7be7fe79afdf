// Checks of single values (the controls' and the URL's): ranges, layer counts, units, and numbers
// written for people. The table, defaults and URL round trip are in playground-config.test.ts.
import { describe, expect, it } from "vitest";
import {
  PROPERTIES,
  defaultConfig,
  parseConfig,
  plainNumber,
  validateLayerCount,
  validateUnits,
  validateValue,
  type ConfigKey,
} from "./playground-config";

describe("validation of one value", () => {
  it("names the setting, the range and the text", () => {
    expect(validateValue("learningRate", "abc")).toEqual({
      ok: false,
      message: "Learning rate must be a number between 0.00001 and 10, got 'abc'",
    });
    expect(validateValue("epochs", "2.5")).toEqual({
      ok: false,
      message: "Epochs must be a whole number between 1 and 5000, got '2.5'",
    });
    expect(validateValue("dropout", "0.95")).toEqual({
      ok: false,
      message: "Dropout must be a number between 0 and 0.9, got '0.95'",
    });
    expect(validateValue("activation", "softmax")).toEqual({
      ok: false,
      message: "Activation must be one of relu, tanh, sigmoid, elu, selu, swish, gelu, linear, got 'softmax'",
    });
  });

  it("accepts numbers in plain and scientific notation, with spaces around", () => {
    expect(validateValue("learningRate", "1e-3")).toEqual({ ok: true, value: 0.001 });
    expect(validateValue("learningRate", " .5 ")).toEqual({ ok: true, value: 0.5 });
    expect(validateValue("learningRate", "10")).toEqual({ ok: true, value: 10 });
    expect(validateValue("learningRate", "0.00001")).toEqual({ ok: true, value: 0.00001 });
    expect(validateValue("batchSize", "+64")).toEqual({ ok: true, value: 64 });
    expect(validateValue("batchNorm", "TRUE")).toEqual({ ok: true, value: true });
  });

  it("refuses every kind of bad number for every numeric setting", () => {
    for (const p of PROPERTIES) {
      if (p.kind !== "number") continue;
      const bad = [
        "abc",
        "",
        " ",
        "NaN",
        "Infinity",
        "0x10",
        "1,5",
        "1.2.3",
        String(p.min - 1),
        String(p.max + 1),
      ];
      if (p.integer) bad.push(String(p.min + 0.5));
      for (const raw of bad) {
        const result = validateValue(p.key, raw);
        expect(result.ok, `${p.key}=${raw}`).toBe(false);
        if (!result.ok) {
          expect(result.message).toContain(p.label);
          expect(result.message).toContain(`got '${raw}'`);
          expect(result.message).toContain(`between ${plainNumber(p.min)} and ${plainNumber(p.max)}`);
        }
      }
    }
  });

  it("refuses bad choices, booleans, feature lists and layer lists", () => {
    const cases: [ConfigKey, string, string][] = [
      ["dataset", "sonar", "Dataset must be one of circle, xor"],
      ["dataset", "upload-", "or an uploaded dataset's id (upload-…)"],
      ["dataset", "upload-a b", "Dataset must be one of"],
      ["conv", "16x3-max,0x3", "Conv blocks: block 2 '0x3' must be filters x kernel"],
      ["conv", "16x9", "kernel 1 to 7"],
      ["conv", "16x3-min", "optional -max, -avg or -none pooling"],
      ["conv", "8x3,8x3,8x3,8x3,8x3", "Conv blocks must be at most 4"],
      ["optimizer", "ADAM", "Optimizer must be one of sgd"],
      ["schedule", "linear", "Schedule must be one of constant, step"],
      ["backend", "gpu", "Backend must be one of auto, webgpu, webgl, wasm, cpu"],
      ["batchNorm", "yes", "Batch normalisation must be true or false"],
      ["features", "", "Input features must be a comma-separated list of at least one of x1, x2"],
      ["features", "x1,x3", "Input features must be a comma-separated list"],
      ["hiddenLayers", "4,abc", "Hidden layers must be up to 6 comma-separated unit counts"],
      ["hiddenLayers", "4,0", "each a whole number between 1 and 256"],
      ["hiddenLayers", "300", "each a whole number between 1 and 256"],
      ["hiddenLayers", "1,1,1,1,1,1,1", "up to 6"],
      ["hiddenLayers", "2.5", "whole number"],
    ];
    for (const [key, raw, expected] of cases) {
      const result = validateValue(key, raw);
      expect(result.ok, `${key}=${raw}`).toBe(false);
      if (!result.ok) {
        expect(result.message).toContain(expected);
        expect(result.message).toContain(`got '${raw}'`);
      }
    }
  });

  it("checks the layer-count and per-layer unit controls", () => {
    expect(validateLayerCount("3")).toEqual({ ok: true, value: 3 });
    expect(validateLayerCount("0")).toEqual({ ok: true, value: 0 });
    expect(validateLayerCount("7")).toEqual({
      ok: false,
      message: "Hidden layers must be a whole number between 0 and 6, got '7'",
    });
    expect(validateUnits("16", 0)).toEqual({ ok: true, value: 16 });
    expect(validateUnits("0", 1)).toEqual({
      ok: false,
      message: "Layer 2 units must be a whole number between 1 and 256, got '0'",
    });
  });

  it("throws for a setting the table does not know", () => {
    expect(() => validateValue("nope" as ConfigKey, "1")).toThrow('Unknown playground setting "nope"');
  });
});

describe("bad values in a URL", () => {
  it("ignores each bad value, keeps the default and says which and why", () => {
    const { config, errors } = parseConfig("?lr=abc&epochs=0&activation=softmax&batch=64&layers=4,x");
    expect(config).toEqual({ ...defaultConfig(), batchSize: 64 });
    expect(errors).toEqual([
      `Learning rate must be a number between 0.00001 and 10, got 'abc' (from "lr" in the link); using the default 0.03`,
      `Epochs must be a whole number between 1 and 5000, got '0' (from "epochs" in the link); using the default 100`,
      `Activation must be one of relu, tanh, sigmoid, elu, selu, swish, gelu, linear, got 'softmax' (from "activation" in the link); using the default tanh`,
      `Hidden layers must be up to 6 comma-separated unit counts, each a whole number between 1 and 256, got '4,x' (from "layers" in the link); using the default 4,2`,
    ]);
  });

  it("reports unknown settings and undecodable text", () => {
    const { config, errors } = parseConfig("foo=1&lr=%E0%A4%A&seed=7");
    expect(config).toEqual({ ...defaultConfig(), seed: 7 });
    expect(errors).toEqual([
      `Unknown setting "foo" in the link; ignored`,
      `Could not read "lr=%E0%A4%A" from the link (bad % escape); ignored`,
    ]);
  });

  it("reports a bad value for every setting of the table", () => {
    for (const p of PROPERTIES) {
      const raw = p.kind === "layers" ? "x" : p.kind === "features" ? "zz" : "-1e999";
      const { config, errors } = parseConfig(`${p.urlKey}=${raw}`);
      expect(config, p.key).toEqual(defaultConfig());
      expect(errors, p.key).toHaveLength(1);
      expect(errors[0]).toContain(p.label);
      expect(errors[0]).toContain(`"${p.urlKey}"`);
    }
  });
});

describe("plainNumber", () => {
  it("writes small and large numbers without exponents", () => {
    expect(plainNumber(0.00001)).toBe("0.00001");
    expect(plainNumber(1e-10)).toBe("0.0000000001");
    expect(plainNumber(2147483647)).toBe("2147483647");
    expect(plainNumber(0.5)).toBe("0.5");
  });
});
