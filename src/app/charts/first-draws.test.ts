import { describe, expect, it } from "vitest";
import { manualFrames } from "../manual-frames";
import { FirstDrawQueue } from "./first-draws";

describe("FirstDrawQueue", () => {
  it("runs one first draw per frame, in the order they were queued, never in the queuing task", () => {
    const frames = manualFrames();
    const queue = new FirstDrawQueue(frames);
    const drawn: string[] = [];
    queue.enqueue(() => drawn.push("history"));
    queue.enqueue(() => drawn.push("slices"));
    queue.enqueue(() => drawn.push("contour"));
    expect(drawn).toEqual([]);
    expect(frames.waiting()).toBe(1);
    frames.tick();
    expect(drawn).toEqual(["history"]);
    frames.tick();
    expect(drawn).toEqual(["history", "slices"]);
    frames.tick();
    expect(drawn).toEqual(["history", "slices", "contour"]);
    expect(queue.waiting).toBe(0);
    expect(frames.waiting()).toBe(0);
  });

  it("draws a chart whose width changed while it waited once, at the latest width", () => {
    const frames = manualFrames();
    const queue = new FirstDrawQueue(frames);
    const widths: number[] = [];
    const first = queue.enqueue(() => widths.push(300));
    expect(first.update(() => widths.push(420))).toBe(true);
    frames.tick();
    expect(widths).toEqual([420]);
    // Drawn: a later width is the chart's own business, not the queue's.
    expect(first.update(() => widths.push(500))).toBe(false);
    frames.tick();
    expect(widths).toEqual([420]);
  });

  it("drops a cancelled draw without giving up its frame to nothing, and stops asking for frames when empty", () => {
    const frames = manualFrames();
    const queue = new FirstDrawQueue(frames);
    const drawn: string[] = [];
    const gone = queue.enqueue(() => drawn.push("gone"));
    queue.enqueue(() => drawn.push("kept"));
    gone.cancel();
    frames.tick();
    expect(drawn).toEqual(["kept"]);
    const alone = queue.enqueue(() => drawn.push("alone"));
    alone.cancel();
    expect(frames.waiting()).toBe(0);
    frames.tick();
    expect(drawn).toEqual(["kept"]);
  });

  it("gives a draw queued by another draw a later frame", () => {
    const frames = manualFrames();
    const queue = new FirstDrawQueue(frames);
    const drawn: string[] = [];
    queue.enqueue(() => {
      drawn.push("outer");
      queue.enqueue(() => drawn.push("inner"));
    });
    frames.tick();
    expect(drawn).toEqual(["outer"]);
    frames.tick();
    expect(drawn).toEqual(["outer", "inner"]);
  });
});
