import { describe, expect, it } from "vitest";
import { LESSONS } from "./catalog";
import { lessonHash, lessonRoute } from "./route";

describe("lessonRoute", () => {
  it("reads the list and each lesson, and round-trips lessonHash", () => {
    expect(lessonRoute("#/lessons")).toEqual({ lessonId: null, unknownId: null });
    expect(lessonRoute("#/lessons/")).toEqual({ lessonId: null, unknownId: null });
    for (const l of LESSONS)
      expect(lessonRoute(lessonHash(l.id))).toEqual({ lessonId: l.id, unknownId: null });
    expect(lessonRoute("#/lessons/warmup?teacher=1")?.lessonId).toBe("warmup");
  });

  it("flags unknown lessons and ignores other views", () => {
    expect(lessonRoute("#/lessons/nope")).toEqual({ lessonId: null, unknownId: "nope" });
    expect(lessonRoute("#/playground?lr=0.1")).toBeNull();
    expect(lessonRoute("#/lessons/warmup/extra")).toBeNull();
    expect(lessonRoute("")).toBeNull();
  });

  it("has distinct lesson ids and numbers", () => {
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    expect(new Set(LESSONS.map((l) => l.number)).size).toBe(LESSONS.length);
  });
});
