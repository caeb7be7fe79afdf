import { describe, expect, it } from "vitest";
import { rowWindow } from "./study-table-window";

const base = { rowHeight: 30, viewportHeight: 300, overscan: 5 };

describe("rowWindow", () => {
  it("keeps every row of a short table", () => {
    expect(rowWindow({ ...base, total: 12, scrollTop: 0 })).toEqual({
      first: 0,
      end: 12,
      above: 0,
      below: 0,
    });
  });

  it("keeps the visible rows and the overscan around them, and the space of the rest", () => {
    // 10 rows in view, 5 more each side: 20 rows from row 100 - 5.
    expect(rowWindow({ ...base, total: 1000, scrollTop: 3000 })).toEqual({
      first: 95,
      end: 115,
      above: 95 * 30,
      below: (1000 - 115) * 30,
    });
    expect(rowWindow({ ...base, total: 1000, scrollTop: 0 })).toMatchObject({ first: 0, end: 20, above: 0 });
  });

  it("the rows kept and the space above and below always add up to the whole table", () => {
    for (const scrollTop of [0, 17, 299, 4500, 29_990, 10 ** 6]) {
      const w = rowWindow({ ...base, total: 1000, scrollTop });
      expect(w.above + (w.end - w.first) * 30 + w.below).toBe(1000 * 30);
      expect(w.end - w.first).toBe(20);
    }
  });

  it("scrolled past the end after the rows shrank, keeps the last rows", () => {
    expect(rowWindow({ ...base, total: 30, scrollTop: 5000 })).toEqual({
      first: 10,
      end: 30,
      above: 300,
      below: 0,
    });
  });

  it("keeps at least minRows before the table is laid out", () => {
    expect(rowWindow({ ...base, viewportHeight: 0, total: 500, scrollTop: 0, minRows: 40 })).toMatchObject({
      first: 0,
      end: 40,
    });
  });

  it("names a bad row height or count", () => {
    expect(() => rowWindow({ ...base, rowHeight: 0, total: 5, scrollTop: 0 })).toThrow(
      "A table row's height must be positive, got 0",
    );
    expect(() => rowWindow({ ...base, total: -1, scrollTop: 0 })).toThrow(
      "A table's row count must be a whole number ≥ 0, got -1",
    );
  });
});
