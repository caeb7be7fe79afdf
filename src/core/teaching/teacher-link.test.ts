import { describe, expect, it } from "vitest";
import { defaultConfig, parseConfig, serializeConfig } from "../playground-config";
import { parseHidden, parseTeachingQuery, teachingQuery, withTeaching } from "./teacher-link";

describe("parseTeachingQuery", () => {
  it("splits teacher and hide off the settings, keeping the rest in order", () => {
    const t = parseTeachingQuery("?lr=0.1&teacher=1&epochs=5&hide=schedule,optimizer");
    expect(t.mode).toEqual({ hidden: ["optimizer", "schedule"] });
    expect(t.rest).toBe("lr=0.1&epochs=5");
    expect(t.errors).toEqual([]);
  });

  it("is off without teacher=1, and says that hide= alone does nothing", () => {
    expect(parseTeachingQuery("lr=0.1")).toEqual({ mode: null, rest: "lr=0.1", errors: [] });
    const t = parseTeachingQuery("lr=0.1&hide=optimizer");
    expect(t.mode).toBeNull();
    expect(t.rest).toBe("lr=0.1");
    expect(t.errors).toEqual([
      "'hide=optimizer' in the link needs teacher=1 as well; no controls are hidden",
    ]);
    expect(parseTeachingQuery("teacher=0&hide=").errors).toEqual([]);
  });

  it("refuses a bad teacher value naming it", () => {
    const t = parseTeachingQuery("teacher=yes&hide=optimizer");
    expect(t.mode).toBeNull();
    expect(t.errors[0]).toContain("'teacher=yes'");
  });

  it("refuses unknown groups naming them and applies the others", () => {
    const t = parseTeachingQuery("teacher=1&hide=optimizer,warp,schedule,Bogus");
    expect(t.mode).toEqual({ hidden: ["optimizer", "schedule"] });
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]).toContain('Unknown control groups "warp", "Bogus"');
    expect(t.errors[0]).toContain("known: data, network, optimizer, learningRate");
    expect(t.errors[0]).toContain("the others are hidden");
  });

  it("accepts any case, a few aliases, repeats and an encoded comma", () => {
    expect(parseHidden("Schedule, REGULARIZATION,lr,schedule").hidden).toEqual([
      "learningRate",
      "schedule",
      "regularisation",
    ]);
    expect(parseTeachingQuery("teacher=1&hide=optimizer%2Crun&hide=data").mode?.hidden).toEqual([
      "data",
      "optimizer",
      "run",
    ]);
  });

  it("turns teacher mode on with no hidden group when hide is absent", () => {
    expect(parseTeachingQuery("teacher=1").mode).toEqual({ hidden: [] });
  });
});

describe("teachingQuery / withTeaching", () => {
  it("writes the canonical parameters in group order", () => {
    expect(teachingQuery(null)).toBe("");
    expect(teachingQuery({ hidden: [] })).toBe("teacher=1");
    expect(teachingQuery({ hidden: ["schedule", "optimizer"] })).toBe("teacher=1&hide=optimizer,schedule");
  });

  it("round-trips with the playground's own query, which reads no teaching parameter", () => {
    const settings = serializeConfig({ ...defaultConfig(), learningRate: 0.2 });
    const q = withTeaching(settings, { hidden: ["regularisation", "run"] });
    const back = parseTeachingQuery(q);
    expect(back.rest).toBe(settings);
    expect(back.mode).toEqual({ hidden: ["regularisation", "run"] });
    expect(parseConfig(back.rest).errors).toEqual([]);
    expect(withTeaching(settings, null)).toBe(settings);
    expect(withTeaching("", { hidden: [] })).toBe("teacher=1");
  });
});
