import { describe, expect, it } from "vitest";
import { PROPERTIES } from "../playground-config";
import { TEACHING_GROUPS, teachingGroup, teachingGroupOf } from "./control-groups";

describe("teaching control groups", () => {
  it("puts every control of the panel in exactly one group, and leaves the chart switches out", () => {
    for (const p of PROPERTIES) {
      const holders = TEACHING_GROUPS.filter((g) => g.keys.includes(p.key));
      expect(holders.length, p.key).toBe(p.group === "view" ? 0 : 1);
    }
  });

  it("splits training into optimizer, learning rate and batch/epochs", () => {
    expect(teachingGroupOf("learningRate")).toBe("learningRate");
    expect(teachingGroupOf("optimizer")).toBe("optimizer");
    expect(teachingGroupOf("momentum")).toBe("optimizer");
    expect(teachingGroupOf("batchSize")).toBe("batch");
    expect(teachingGroupOf("epochs")).toBe("batch");
    expect(teachingGroupOf("warmupEpochs")).toBe("schedule");
    expect(teachingGroupOf("logLoss")).toBeNull();
  });

  it("has no empty group and finds groups by id", () => {
    for (const g of TEACHING_GROUPS) expect(g.keys.length, g.id).toBeGreaterThan(0);
    expect(teachingGroup("schedule")?.label).toBe("Schedule");
    expect(teachingGroup("nope")).toBeUndefined();
  });
});
