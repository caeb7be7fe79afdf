import { describe, expect, it } from "vitest";
import { heapGroups, heapGrowth } from "./heap-snapshot";

/** A snapshot in V8's format: nodes as flat [type, name, self_size] triples. */
function snapshot(nodes: [string, string, number][]): string {
  const types = ["hidden", "object", "closure", "string"];
  const strings: string[] = [];
  const index = (s: string) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  return JSON.stringify({
    snapshot: { meta: { node_fields: ["type", "name", "self_size"], node_types: [types] } },
    nodes: nodes.flatMap(([t, n, size]) => [types.indexOf(t), index(n), size]),
    strings,
  });
}

describe("heapGroups and heapGrowth", () => {
  it("sums objects by constructor, closures by name and the rest by type, and finds what grew", () => {
    const before = heapGroups(
      snapshot([
        ["object", "Array", 16],
        ["object", "LiveTrial", 40],
        ["string", "abc", 20],
      ]),
    );
    expect(before.get("Array")).toEqual({ name: "Array", count: 1, selfBytes: 16 });
    expect(before.get("(string)")).toEqual({ name: "(string)", count: 1, selfBytes: 20 });
    const after = heapGroups(
      snapshot([
        ["object", "Array", 16],
        ["object", "LiveTrial", 40],
        ["object", "LiveTrial", 40],
        ["object", "LiveTrial", 40],
        ["closure", "flush", 32],
        ["string", "x", 8],
      ]),
    );
    expect(heapGrowth(before, after)).toEqual([
      { name: "LiveTrial", count: 2, selfBytes: 80 },
      { name: "flush()", count: 1, selfBytes: 32 },
    ]);
  });

  it("refuses a snapshot without the fields it sums", () => {
    const bad = JSON.stringify({
      snapshot: { meta: { node_fields: ["id"], node_types: [[]] } },
      nodes: [],
      strings: [],
    });
    expect(() => heapGroups(bad)).toThrow(/without type, name or self_size fields: id/);
  });
});
