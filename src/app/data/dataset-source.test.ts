import "fake-indexeddb/auto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { datasetCard } from "../../core/datasets/catalog";
import type { Dataset2DSpec } from "../../shared/train";
import { newUploadId } from "../db/datasets";
import { openStudyDb, type StudyDb } from "../db/study-db";
import { newDataset, uniqueDbName } from "../db/test-fixtures";
import { DatasetSource } from "./dataset-source";

const PUBLIC = fileURLToPath(new URL("../../../public/", import.meta.url));

/** Serves public/ as the page's server would, counting requests; `tamper` changes the bytes served. */
function fileServer(tamper?: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>) {
  const urls: string[] = [];
  const fetchFile = vi.fn(async (url: string): Promise<Response> => {
    urls.push(url);
    if (!url.startsWith("/base/")) return new Response("outside the base", { status: 404 });
    try {
      const bytes = new Uint8Array(await readFile(PUBLIC + url.slice("/base/".length)));
      return new Response(tamper ? tamper(bytes) : bytes, { status: 200 });
    } catch {
      return new Response("missing", { status: 404, statusText: "Not Found" });
    }
  });
  return { fetchFile, urls };
}

const dbs: StudyDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

function source(fetchFile: (url: string) => Promise<Response> = fileServer().fetchFile): DatasetSource {
  const name = uniqueDbName("source");
  return new DatasetSource({
    fetch: fetchFile,
    baseUrl: "/base/",
    openDb: async () => {
      const db = await openStudyDb(name);
      dbs.push(db);
      return db;
    },
  });
}

const builtin = (id: string) => ({ kind: "builtin" as const, id, valRatio: 0.2, testRatio: 0.2 });
const upload = (id: string) => ({ kind: "upload" as const, id, valRatio: 0.2, testRatio: 0.2 });

describe("built-in datasets", () => {
  it("fetches a shipped file once, checks and decodes it", async () => {
    const server = fileServer();
    const s = source(server.fetchFile);
    const card = datasetCard("digits");
    const [a, b] = await Promise.all([
      s.getDatasetArrays(builtin("digits")),
      s.getDatasetArrays(builtin("digits")),
    ]);
    expect(a).toBe(b);
    expect(a!.id).toBe("digits");
    expect(a!.y.length).toBe(card.examples);
    expect(a!.exampleShape).toEqual(card.exampleShape);
    expect(server.urls).toEqual(["/base/" + card.file!.path]);
    await s.getDatasetArrays(builtin("digits"));
    expect(server.fetchFile).toHaveBeenCalledTimes(1);
  });

  it("refuses a damaged file naming the dataset, and tries again next time", async () => {
    let damaged = true;
    const server = fileServer((bytes) => {
      if (!damaged) return bytes;
      const copy = bytes.slice();
      copy[copy.length - 1] ^= 0xff;
      return copy;
    });
    const s = source(server.fetchFile);
    await expect(s.getDatasetArrays(builtin("digits"))).rejects.toThrow(/digits/i);
    damaged = false;
    const arrays = await s.getDatasetArrays(builtin("digits"));
    expect(arrays!.id).toBe("digits");
    expect(server.fetchFile).toHaveBeenCalledTimes(2);
  });

  it("says which file could not be fetched and why", async () => {
    const card = datasetCard("digits");
    const s = source(async () => new Response("", { status: 404, statusText: "Not Found" }));
    await expect(s.getDatasetArrays(builtin("digits"))).rejects.toThrow(
      `Could not load dataset "${card.name}" from /base/${card.file!.path}: HTTP 404 Not Found`,
    );
    const offline = source(async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(offline.getDatasetArrays(builtin("digits"))).rejects.toThrow(
      `Could not load dataset "${card.name}" from /base/${card.file!.path}: Failed to fetch`,
    );
  });

  it("generates Friedman #1 without fetching anything", async () => {
    const server = fileServer();
    const s = source(server.fetchFile);
    const arrays = await s.getDatasetArrays(builtin("friedman1"));
    expect(arrays!.task).toBe("regression");
    expect(arrays!.exampleShape).toEqual([10]);
    expect(arrays!.y.length).toBe(datasetCard("friedman1").examples);
    expect(server.fetchFile).not.toHaveBeenCalled();
  });

  it("rejects an unknown id naming it", async () => {
    await expect(source().getDatasetArrays(builtin("no-such-set"))).rejects.toThrow("no-such-set");
  });

  it("has nothing to load for 2D data", async () => {
    const spec: Dataset2DSpec = {
      kind: "2d",
      generator: "spiral",
      samples: 200,
      noise: 0,
      classes: 2,
      trainRatio: 0.7,
      features: ["x1", "x2"],
    };
    expect(await source().getDatasetArrays(spec)).toBeNull();
  });
});

describe("uploads", () => {
  it("stores, lists, reads and deletes an upload, telling listeners", async () => {
    const s = source();
    const changes = vi.fn();
    const stop = s.onUploadsChanged(changes);
    const id = newUploadId();
    await s.saveUpload(newDataset(id, "flowers.csv"));
    expect(changes).toHaveBeenCalledTimes(1);
    expect((await s.listUploads()).map((u) => [u.id, u.name, u.examples])).toEqual([[id, "flowers.csv", 6]]);

    const arrays = await s.getDatasetArrays(upload(id));
    expect(arrays!.id).toBe(id);
    expect(Array.from(arrays!.y)).toEqual([0, 0, 1, 1, 2, 2]);

    expect(await s.deleteUpload(id)).toBe(true);
    expect(changes).toHaveBeenCalledTimes(2);
    expect(await s.listUploads()).toEqual([]);
    // Forgotten in memory too: the next read goes to the database and finds nothing.
    await expect(s.getDatasetArrays(upload(id))).rejects.toThrow(
      `The uploaded dataset ${id} is not stored in this browser (deleted, or uploaded in another browser): upload the CSV again`,
    );
    stop();
    await s.saveUpload(newDataset(newUploadId()));
    expect(changes).toHaveBeenCalledTimes(2);
  });

  it("keeps uploads across sources on the same database (a reload)", async () => {
    const name = uniqueDbName("reload");
    const open = async () => {
      const db = await openStudyDb(name);
      dbs.push(db);
      return db;
    };
    const id = newUploadId();
    await new DatasetSource({ openDb: open, fetch: fileServer().fetchFile }).saveUpload(newDataset(id));
    const later = new DatasetSource({ openDb: open, fetch: fileServer().fetchFile });
    expect((await later.listUploads()).map((u) => u.id)).toEqual([id]);
    expect((await later.getDatasetArrays(upload(id)))!.classNames).toEqual([
      "setosa",
      "versicolor",
      "virginica",
    ]);
  });

  it("says why uploads are unavailable when the database cannot be opened, and tries again", async () => {
    let refuse = true;
    const name = uniqueDbName("refused");
    const s = new DatasetSource({
      fetch: fileServer().fetchFile,
      openDb: async () => {
        if (refuse) throw new Error("History is off: this browser does not allow storage here");
        const db = await openStudyDb(name);
        dbs.push(db);
        return db;
      },
    });
    const id = newUploadId();
    await expect(s.getDatasetArrays(upload(id))).rejects.toThrow(
      `Cannot read the uploaded dataset ${id}: History is off: this browser does not allow storage here`,
    );
    refuse = false;
    expect(await s.listUploads()).toEqual([]);
  });
});
