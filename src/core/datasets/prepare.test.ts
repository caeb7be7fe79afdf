import { describe, expect, it } from "vitest";
import type { Dataset2DSpec } from "../../shared/train";
import { prepare2D } from "./prepare";

const spec: Dataset2DSpec = {
  kind: "2d",
  generator: "multiclass",
  samples: 200,
  noise: 10,
  classes: 4,
  trainRatio: 0.75,
  features: ["x1", "x2", "x1x2", "sinx1"],
};

describe("prepare2D", () => {
  it("featurises the split points row by row", () => {
    const p = prepare2D(spec, 5);
    expect(p.task).toBe("multiclass");
    expect(p.classes).toBe(4);
    expect(p.nFeatures).toBe(4);
    expect(p.featureNames).toEqual(["x1", "x2", "x1·x2", "sin x1"]);
    expect(p.train.length).toBe(150);
    expect(p.val.length).toBe(50);
    expect(p.trainX.length).toBe(150 * 4);
    expect(p.valX.length).toBe(50 * 4);
    p.val.forEach((e, i) => {
      const row = Array.from(p.valX.subarray(i * 4, i * 4 + 4));
      const want = [e.x1, e.x2, e.x1 * e.x2, Math.sin(e.x1)].map(Math.fround);
      expect(row).toEqual(want);
      expect(p.valY[i]).toBe(e.label);
    });
    expect(Array.from(p.trainY).every((y) => Number.isInteger(y) && y >= 0 && y < 4)).toBe(true);
  });

  it("is deterministic for a seed", () => {
    const a = prepare2D(spec, 5);
    const b = prepare2D(spec, 5);
    expect(b.trainX).toEqual(a.trainX);
    expect(b.valY).toEqual(a.valY);
    expect(prepare2D(spec, 6).trainX).not.toEqual(a.trainX);
  });

  it("keeps regression targets as values and rejects bad features", () => {
    const p = prepare2D({ ...spec, generator: "reg-plane" }, 1);
    expect(p.classes).toBe(1);
    expect(p.task).toBe("regression");
    expect(Array.from(p.trainY).some((y) => !Number.isInteger(y))).toBe(true);
    expect(() => prepare2D({ ...spec, features: [] }, 1)).toThrow(/at least one input feature/);
    expect(() => prepare2D({ ...spec, trainRatio: 1.2 }, 1)).toThrow(/ratio.*1\.2/);
  });
});
