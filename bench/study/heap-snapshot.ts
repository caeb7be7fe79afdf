/**
 * What a V8 heap snapshot (CDP HeapProfiler.takeHeapSnapshot) holds, summed by constructor or kind,
 * and what grew between two snapshots: names the objects behind a growing heap.
 */
import type { CDPSession } from "playwright-core";

export interface HeapGroup {
  name: string;
  count: number;
  selfBytes: number;
}

interface SnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: unknown[] } };
  nodes: number[];
  strings: string[];
}

/** Self sizes and counts per group: objects by constructor name, other nodes by their type. */
export function heapGroups(snapshotText: string): Map<string, HeapGroup> {
  const json = JSON.parse(snapshotText) as SnapshotJson;
  const fields = json.snapshot.meta.node_fields;
  const types = json.snapshot.meta.node_types[0] as string[];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  if (typeAt < 0 || nameAt < 0 || sizeAt < 0 || width === 0) {
    throw new Error(`A heap snapshot without type, name or self_size fields: ${fields.join(", ")}`);
  }
  const groups = new Map<string, HeapGroup>();
  for (let i = 0; i < json.nodes.length; i += width) {
    const type = types[json.nodes[i + typeAt]];
    const name = type === "object" || type === "closure" ? json.strings[json.nodes[i + nameAt]] : `(${type})`;
    const key = type === "closure" ? `${name}()` : name;
    const g = groups.get(key) ?? { name: key, count: 0, selfBytes: 0 };
    g.count++;
    g.selfBytes += json.nodes[i + sizeAt];
    groups.set(key, g);
  }
  return groups;
}

/** Groups that grew from `before` to `after`, largest growth in bytes first. */
export function heapGrowth(before: Map<string, HeapGroup>, after: Map<string, HeapGroup>): HeapGroup[] {
  const grown: HeapGroup[] = [];
  for (const [name, a] of after) {
    const b = before.get(name) ?? { count: 0, selfBytes: 0 };
    grown.push({ name, count: a.count - b.count, selfBytes: a.selfBytes - b.selfBytes });
  }
  return grown.filter((g) => g.selfBytes > 0).sort((x, y) => y.selfBytes - x.selfBytes);
}

/** Takes a heap snapshot of the page behind `cdp` (after a garbage collection) and returns its text. */
export async function takeHeapSnapshot(cdp: CDPSession): Promise<string> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => void chunks.push(e.chunk);
  cdp.on("HeapProfiler.addHeapSnapshotChunk", onChunk);
  try {
    await cdp.send("HeapProfiler.enable");
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  } finally {
    cdp.off("HeapProfiler.addHeapSnapshotChunk", onChunk);
  }
  return chunks.join("");
}
