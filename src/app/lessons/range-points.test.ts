import { describe, expect, it } from "vitest";
import { parseConfig } from "../../core/playground-config";
import { parseTeachingQuery } from "../../core/teaching/teacher-link";
import { parseStudyQuery } from "../state/study-url";
import { rangeTestConfig } from "./presets";
import { playgroundLink, studyAroundLink } from "./range-points";

describe("lesson 2's links", () => {
  it("Search around it: a study link whose space is the rate around the suggestion, on the lesson's settings", () => {
    const href = studyAroundLink(rangeTestConfig(), 0.5512, 40);
    expect(href).toMatch(/^#\/study\?cfg=/);
    const location = parseStudyQuery(href.slice("#/study?".length));
    if (location.kind !== "config") throw new Error(`not a study config: ${JSON.stringify(location)}`);
    expect(location.config.space).toEqual({
      learningRate: { type: "float", low: 0.055, high: 1.7, log: true },
    });
    expect(location.config.base.learningRate).toBe(0.55);
    expect(location.config.base.epochs).toBe(40);
    expect(location.config.base.schedule).toBe("constant");
  });

  it("Use this keeps the teacher mode of the lesson's link, and only then", () => {
    const plain = playgroundLink(rangeTestConfig(), 0.5512, 40).slice("#/playground?".length);
    expect(parseTeachingQuery(plain).mode).toBeNull();
    const taught = playgroundLink(rangeTestConfig(), 0.5512, 40, { hidden: ["optimizer"] }).slice(
      "#/playground?".length,
    );
    const t = parseTeachingQuery(taught);
    expect(t.mode).toEqual({ hidden: ["optimizer"] });
    expect(t.rest).toBe(plain);
    expect(parseConfig(t.rest)).toMatchObject({ errors: [], config: { learningRate: 0.55, epochs: 40 } });
  });
});
