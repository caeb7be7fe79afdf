import { describe, expect, it } from "vitest";
import { manualFrames } from "../manual-frames";
import { FrameStagger } from "./study-stagger";

describe("FrameStagger", () => {
  it("delivers a value to each slot in turn, one frame apart", () => {
    const frames = manualFrames();
    const got: [number, string][] = [];
    const stagger = new FrameStagger<string>(3, (slot, v) => got.push([slot, v]), frames);
    stagger.push("a");
    expect(got).toEqual([]);
    frames.tick();
    expect(got).toEqual([[0, "a"]]);
    frames.tick();
    frames.tick();
    expect(got).toEqual([
      [0, "a"],
      [1, "a"],
      [2, "a"],
    ]);
    frames.tick();
    expect(frames.waiting()).toBe(0);
  });

  it("a newer value restarts the round, and the older one is never delivered again", () => {
    const frames = manualFrames();
    const got: [number, string][] = [];
    const stagger = new FrameStagger<string>(3, (slot, v) => got.push([slot, v]), frames);
    stagger.push("a");
    frames.tick();
    stagger.push("b");
    frames.tick();
    frames.tick();
    frames.tick();
    expect(got).toEqual([
      [0, "a"],
      [0, "b"],
      [1, "b"],
      [2, "b"],
    ]);
  });

  it("dispose drops the round; a stagger needs a slot", () => {
    const frames = manualFrames();
    const got: number[] = [];
    const stagger = new FrameStagger<number>(2, (slot) => got.push(slot), frames);
    stagger.push(1);
    stagger.dispose();
    frames.tick();
    expect(got).toEqual([]);
    expect(() => new FrameStagger(0, () => {}, frames)).toThrow("A stagger needs at least one slot, got 0");
  });
});
