import { describe, expect, it } from "vitest";
import { distanceToSegment, nearestPolyline, type ScreenPolyline } from "./hit-test";

const line = (number: number, pts: [number, number][]): ScreenPolyline => ({
  number,
  xs: Float32Array.from(pts.map((p) => p[0])),
  ys: Float32Array.from(pts.map((p) => p[1])),
});

describe("distanceToSegment", () => {
  it("measures to the segment, not the infinite line", () => {
    expect(distanceToSegment(5, 3, 0, 0, 10, 0)).toBe(3);
    expect(distanceToSegment(13, 4, 0, 0, 10, 0)).toBe(5);
    expect(distanceToSegment(1, 1, 2, 2, 2, 2)).toBeCloseTo(Math.SQRT2);
  });
});

describe("nearestPolyline", () => {
  const lines = [
    line(1, [
      [0, 0],
      [10, 0],
      [20, 10],
    ]),
    line(2, [
      [0, 6],
      [20, 6],
    ]),
    line(3, [[30, 30]]),
  ];

  it("finds the nearest line within reach and its nearest vertex", () => {
    const hit = nearestPolyline(lines, 9, 1, 5)!;
    expect(hit.line.number).toBe(1);
    expect(hit.vertex).toBe(1);
    expect(nearestPolyline(lines, 5, 5, 5)!.line.number).toBe(2);
    expect(nearestPolyline(lines, 31, 29, 5)!.line.number).toBe(3);
    expect(nearestPolyline(lines, 50, 50, 5)).toBeNull();
  });

  it("does not bridge a gap", () => {
    const gapped = [
      line(7, [
        [0, 0],
        [NaN, NaN],
        [20, 0],
      ]),
    ];
    expect(nearestPolyline(gapped, 10, 0, 3)).toBeNull();
    expect(nearestPolyline(gapped, 19, 1, 3)!.vertex).toBe(2);
  });
});
