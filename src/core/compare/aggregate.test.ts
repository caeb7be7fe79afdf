import { describe, expect, it } from "vitest";
import {
  bandOverSeeds,
  bestPointIndex,
  cellSummaries,
  isolationPoints,
  nuisanceAtEdge,
  runScore,
  spreadOf,
  type RunOutcome,
} from "./aggregate";

const run = (
  valueIndex: number,
  nuisanceIndex: number,
  seedIndex: number,
  valLosses: number[],
  extra: Partial<RunOutcome> = {},
): RunOutcome => ({
  valueIndex,
  nuisanceIndex,
  seedIndex,
  valLosses,
  ended: true,
  diverged: false,
  ...extra,
});

describe("spreadOf", () => {
  it("gives the mean with the lowest and highest value", () => {
    expect(spreadOf([1, 3, 2], "range")).toEqual({ mean: 2, low: 1, high: 3, n: 3 });
  });

  it("gives the mean with its 95% Student-t interval", () => {
    const s = spreadOf([1, 2, 3], "ci");
    // t(0.975, 2) = 4.303, standard error 1/sqrt(3)
    expect(s.mean).toBe(2);
    expect(s.high - s.mean).toBeCloseTo(4.3027 / Math.sqrt(3), 3);
    expect(s.mean - s.low).toBeCloseTo(s.high - s.mean, 10);
  });

  it("with one value the band is the value", () => {
    expect(spreadOf([0.5], "ci")).toEqual({ mean: 0.5, low: 0.5, high: 0.5, n: 1 });
  });

  it("a diverged seed makes the mean infinite; NaN and empty are refused", () => {
    expect(spreadOf([1, Infinity], "range").mean).toBe(Infinity);
    expect(() => spreadOf([], "range")).toThrow(/at least one value/);
    expect(() => spreadOf([1, NaN], "range")).toThrow(/needs numbers/);
  });
});

describe("bandOverSeeds", () => {
  it("averages each epoch over the seeds that reached it", () => {
    const band = bandOverSeeds(
      [
        [4, 2, 1],
        [6, 4],
        [5, 3, 2],
      ],
      "range",
    );
    expect(band).toEqual([
      { epoch: 1, mean: 5, low: 4, high: 6, n: 3 },
      { epoch: 2, mean: 3, low: 2, high: 4, n: 3 },
      { epoch: 3, mean: 1.5, low: 1, high: 2, n: 2 },
    ]);
  });

  it("skips non-finite losses and gives nothing for no curve", () => {
    expect(
      bandOverSeeds(
        [
          [1, NaN],
          [3, Infinity],
        ],
        "range",
      ),
    ).toEqual([{ epoch: 1, mean: 2, low: 1, high: 3, n: 2 }]);
    expect(bandOverSeeds([], "ci")).toEqual([]);
  });
});

describe("runScore", () => {
  it("is the lowest or the last validation loss", () => {
    expect(runScore(run(0, 0, 0, [3, 1, 2]), "best")).toBe(1);
    expect(runScore(run(0, 0, 0, [3, 1, 2]), "final")).toBe(2);
  });

  it("is infinite for a diverged run and NaN before the first epoch", () => {
    expect(runScore(run(0, 0, 0, [3, 1], { diverged: true }), "best")).toBe(Infinity);
    expect(runScore(run(0, 0, 0, [3, NaN]), "best")).toBe(Infinity);
    expect(runScore(run(0, 0, 0, []), "best")).toBeNaN();
  });
});

describe("isolation plot", () => {
  // Value 0 is best with nuisance 1, value 1 with nuisance 0; value 2 diverges with nuisance 0.
  const runs: RunOutcome[] = [
    run(0, 0, 0, [1, 0.8]),
    run(0, 0, 1, [1, 0.6]),
    run(0, 1, 0, [1, 0.4]),
    run(0, 1, 1, [1, 0.2]),
    run(1, 0, 0, [1, 0.1]),
    run(1, 0, 1, [1, 0.3]),
    run(1, 1, 0, [1, 0.5]),
    run(1, 1, 1, [1, 0.7], { ended: false }),
    run(2, 0, 0, [1, 5], { diverged: true }),
    run(2, 0, 1, [1, 0.9]),
    run(2, 1, 0, [1, 0.95]),
    run(2, 1, 1, [], { ended: false }),
  ];

  it("summarises each cell over its seeds", () => {
    const cells = cellSummaries(runs, 2, "final", "range");
    expect(cells.map((c) => [c.valueIndex, c.nuisanceIndex])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 0],
      [2, 1],
    ]);
    const c01 = cells[1];
    expect(c01.mean).toBeCloseTo(0.3, 12);
    expect([c01.low, c01.high, c01.n, c01.complete]).toEqual([0.2, 0.4, 2, true]);
    expect(cells[3].complete).toBe(false);
    expect(cells[4].mean).toBe(Infinity);
    // A seed with no epoch yet does not count.
    expect(cells[5].scores).toEqual([0.95]);
  });

  it("keeps, for each value, the nuisance value with the lowest mean", () => {
    const points = isolationPoints(cellSummaries(runs, 2, "final", "range"));
    expect(points.map((p) => p.nuisanceIndex)).toEqual([1, 0, 1]);
    expect(points.map((p) => p.mean)).toEqual([expect.closeTo(0.3, 12), expect.closeTo(0.2, 12), 0.95]);
    expect(points[0].cells).toHaveLength(2);
    expect(bestPointIndex(points)).toBe(1);
  });

  it("has no best point when every value diverged", () => {
    expect(bestPointIndex([{ mean: Infinity, low: Infinity, high: Infinity, n: 1 }])).toBe(-1);
  });
});

describe("nuisanceAtEdge", () => {
  const cell = (valueIndex: number, nuisanceIndex: number, mean = 1) => ({
    valueIndex,
    nuisanceIndex,
    mean,
    low: mean,
    high: mean,
    n: 1,
    scores: [mean],
    complete: true,
  });

  it("finds values whose best nuisance value is the lowest or highest tried, in any typed order", () => {
    const points = [cell(0, 0), cell(1, 1), cell(2, 2), cell(3, 1, Infinity)];
    // 0.3 is the highest and 0.01 the lowest; 0.1 (index 2) is inside.
    expect(nuisanceAtEdge(points, [0.3, 0.01, 0.1]).map((p) => p.valueIndex)).toEqual([0, 1]);
  });

  it("says nothing with fewer than three values or with choices", () => {
    expect(nuisanceAtEdge([cell(0, 0)], [0.1, 0.2])).toEqual([]);
    expect(nuisanceAtEdge([cell(0, 0)], ["sgd", "adam", "rmsprop"])).toEqual([]);
  });
});
