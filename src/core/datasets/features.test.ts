import { describe, expect, it } from "vitest";
import type { Feature2D } from "../../shared/train";
import { featureLabel, featureVector, FEATURES_2D, validateFeatures } from "./features";

describe("features", () => {
  it("computes every feature at a point", () => {
    const all = FEATURES_2D.map((f) => f.id);
    expect(featureVector(2, -3, all)).toEqual([2, -3, 4, 9, -6, Math.sin(2), Math.sin(-3)]);
    expect(featureVector(0.5, 1, ["x1x2", "x1"])).toEqual([0.5, 0.5]);
  });

  it("has the Playground's labels", () => {
    expect(FEATURES_2D.map((f) => f.label)).toEqual(["x1", "x2", "x1²", "x2²", "x1·x2", "sin x1", "sin x2"]);
    expect(featureLabel("sinx2")).toBe("sin x2");
  });

  it("rejects empty, unknown and repeated features", () => {
    expect(() => validateFeatures([])).toThrow(/at least one/);
    expect(() => validateFeatures(["x3" as Feature2D])).toThrow(/"x3"/);
    expect(() => validateFeatures(["x1", "x1"])).toThrow(/"x1" is listed twice/);
    expect(() => featureVector(1, 1, ["cos" as Feature2D])).toThrow(/"cos"/);
  });
});
