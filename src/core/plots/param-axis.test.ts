import { describe, expect, it } from "vitest";
import type { SearchSpace } from "../search/types";
import {
  axisPosition,
  paramAxes,
  paramAxis,
  positionAtUnit,
  trialPosition,
  unitCoordinate,
} from "./param-axis";

const space: SearchSpace = {
  momentum: { type: "float", low: 0, high: 0.9, condition: { param: "optimizer", values: ["sgd"] } },
  lr: { type: "float", low: 1e-4, high: 1e-1, log: true },
  optimizer: { type: "categorical", choices: ["sgd", "adam", "rmsprop"] },
  layers: { type: "int", low: 1, high: 4 },
};

describe("paramAxes", () => {
  it("puts parents before conditional children and describes each axis", () => {
    const axes = paramAxes(space);
    expect(axes.map((a) => a.name)).toEqual(["optimizer", "momentum", "lr", "layers"]);
    expect(axes[2]).toEqual({ kind: "numeric", name: "lr", log: true, integer: false, domain: [1e-4, 1e-1] });
    expect(axes[3]).toMatchObject({ kind: "numeric", integer: true, log: false, domain: [1, 4] });
    expect(axes[0]).toEqual({
      kind: "categorical",
      name: "optimizer",
      choices: ["sgd", "adam", "rmsprop"],
      labels: ["sgd", "adam", "rmsprop"],
    });
  });

  it("rejects an invalid space with the space's own message", () => {
    expect(() => paramAxes({ lr: { type: "float", low: 1, high: 0 } })).toThrow(
      /low \(1\) is greater than high \(0\)/,
    );
  });
});

describe("positions", () => {
  const opt = paramAxis("optimizer", space.optimizer);
  const lr = paramAxis("lr", space.lr);

  it("maps choices to their index and numbers to themselves", () => {
    expect(axisPosition(opt, "rmsprop")).toBe(2);
    expect(axisPosition(lr, 0.01)).toBe(0.01);
    expect(() => axisPosition(opt, "adagrad")).toThrow(/"adagrad" of "optimizer" is not one of/);
    expect(() => axisPosition(lr, "fast")).toThrow(/"lr" must be a finite number, got "fast"/);
  });

  it("gives null for an inactive parameter and names the trial for an invalid value", () => {
    const momentum = paramAxis("momentum", space.momentum);
    const adam = {
      number: 3,
      state: "complete" as const,
      intermediate: {},
      params: { optimizer: "adam", lr: 0.01, layers: 2 },
    };
    expect(trialPosition(space, momentum, adam)).toBeNull();
    const sgd = { ...adam, params: { optimizer: "sgd", momentum: 0.5, lr: 0.01, layers: 2 } };
    expect(trialPosition(space, momentum, sgd)).toBe(0.5);
    const noMomentum = { ...adam, number: 4, params: { optimizer: "sgd", lr: 0.01, layers: 2 } };
    expect(() => trialPosition(space, momentum, noMomentum)).toThrow(
      /Trial 4: active parameter "momentum" has no value/,
    );
    const outside = { ...adam, number: 5, params: { optimizer: "adam", lr: 5, layers: 2 } };
    expect(() => trialPosition(space, lr, outside)).toThrow(/Trial 5: value 5 of "lr" does not fit/);
  });

  it("measures log axes in log space and round-trips unit coordinates", () => {
    expect(unitCoordinate(lr, 1e-4)).toBeCloseTo(0);
    expect(unitCoordinate(lr, 1e-1)).toBeCloseTo(1);
    expect(unitCoordinate(lr, 10 ** -2.5)).toBeCloseTo(0.5);
    expect(positionAtUnit(lr, 0.5)).toBeCloseTo(10 ** -2.5);
    expect(unitCoordinate(opt, 1)).toBe(0.5);
    expect(positionAtUnit(opt, 1)).toBe(2);
  });
});
