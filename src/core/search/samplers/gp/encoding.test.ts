import { describe, expect, it } from "vitest";
import type { SearchSpace } from "../../types";
import { SpaceEncoding } from "./encoding";

const space: SearchSpace = {
  lr: { type: "float", low: 1e-4, high: 1, log: true },
  units: { type: "int", low: 8, high: 512, log: true },
  layers: { type: "int", low: 1, high: 4 },
  dropout: { type: "float", low: 0, high: 0.5, step: 0.1 },
  optimizer: { type: "categorical", choices: ["sgd", "adam"] },
  momentum: { type: "float", low: 0, high: 1, condition: { param: "optimizer", values: ["sgd"] } },
  fixed: { type: "int", low: 3, high: 3 },
};

describe("SpaceEncoding", () => {
  const enc = new SpaceEncoding(space);

  it("models every parameter with more than one value, one input each", () => {
    expect(enc.dims.map((d) => [d.name, d.kind, d.size])).toEqual([
      ["lr", "continuous", Infinity],
      ["units", "discrete", 505],
      ["layers", "discrete", 4],
      ["dropout", "discrete", 6],
      ["optimizer", "categorical", 2],
      ["momentum", "continuous", Infinity],
    ]);
    expect(enc.constants).toEqual([{ name: "fixed", value: 3 }]);
  });

  it("maps values to [0, 1] through the internal space (log, half-step widened bounds) and back", () => {
    const row = enc.encode({
      lr: 0.01,
      units: 64,
      layers: 1,
      dropout: 0.3,
      optimizer: "adam",
      fixed: 3,
    }) as Float64Array;
    expect(row[0]).toBeCloseTo(0.5, 12); // log 0.01 is half way between log 1e-4 and log 1
    expect(row[1]).toBeCloseTo((Math.log(64) - Math.log(7.5)) / (Math.log(512.5) - Math.log(7.5)), 12);
    expect(row[2]).toBeCloseTo(0.5 / 4, 12); // 1 in [0.5, 4.5]
    expect(row[3]).toBeCloseTo(0.35 / 0.6, 12); // 0.3 in [-0.05, 0.55]
    expect(row[4]).toBe(1);
    expect(Number.isNaN(row[5])).toBe(true); // momentum inactive
    const back = enc.decode(row);
    expect(back.lr).toBeCloseTo(0.01, 14);
    expect({ ...back, lr: 0.01 }).toEqual({
      lr: 0.01,
      units: 64,
      layers: 1,
      dropout: 0.3,
      optimizer: "adam",
      fixed: 3,
    });
    expect(enc.encode({ lr: 5, units: 64, layers: 1, dropout: 0.3, optimizer: "adam" })).toBeNull();
  });

  it("decodes latent points: snapped to grids, clamped, inactive parameters left out and NaN in the effective inputs", () => {
    const latent = Float64Array.from([1.2, 0.9999, 0.3, 0.7, 0, 0.25]);
    const eff = new Float64Array(6);
    const params = enc.decode(latent, eff);
    expect(params).toEqual({
      lr: 1,
      units: 512,
      layers: 2,
      dropout: 0.4,
      optimizer: "sgd",
      momentum: 0.25,
      fixed: 3,
    });
    expect(eff[2]).toBeCloseTo(1.5 / 4, 12);
    latent[4] = 1;
    enc.effectiveInputs(latent, eff, null);
    expect(Number.isNaN(eff[5])).toBe(true);
    expect(enc.snap(2, 0.3)).toBeCloseTo(1.5 / 4, 12);
  });
});
