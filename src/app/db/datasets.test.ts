import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isUploadId, newUploadId } from "./datasets";
import { StorageFullError } from "./errors";
import { openStudyDb, type StudyDb } from "./study-db";
import { newDataset, steppingClock, uniqueDbName, uploadArrays } from "./test-fixtures";

let db: StudyDb;

beforeEach(async () => {
  db = await openStudyDb(uniqueDbName("datasets"), { now: steppingClock(1000) });
});

afterEach(() => {
  db.close();
  vi.restoreAllMocks();
});

describe("upload ids", () => {
  it("are 'upload-' and a version-4 UUID, different each time", () => {
    const ids = new Set(Array.from({ length: 50 }, newUploadId));
    expect(ids.size).toBe(50);
    for (const id of ids) {
      expect(id).toMatch(/^upload-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(isUploadId(id)).toBe(true);
    }
    expect(isUploadId("iris")).toBe(false);
    expect(isUploadId("upload-")).toBe(false);
  });
});

describe("uploaded datasets", () => {
  it("stores one and reads back the same arrays, choice and size", async () => {
    const id = newUploadId();
    const saved = await db.saveDataset(newDataset(id, "  flowers.csv "));
    expect(saved.name).toBe("flowers.csv");
    expect(saved.createdAt).toBe(1000);
    const back = await db.getDataset(id);
    expect(back).toEqual(saved);
    expect(back!.arrays.x).toBeInstanceOf(Float32Array);
    expect(Array.from(back!.arrays.y)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(back!.choice.target).toBe("species");
    expect(back!.csvBytes).toBe(180);
    expect(await db.getDataset(newUploadId())).toBeUndefined();
  });

  it("lists summaries without arrays, newest first", async () => {
    const a = newUploadId();
    const b = newUploadId();
    await db.saveDataset(newDataset(a, "a.csv"));
    await db.saveDataset(newDataset(b, "b.csv"));
    const list = await db.listDatasets();
    expect(list.map((d) => d.name)).toEqual(["b.csv", "a.csv"]);
    expect(list[0]).not.toHaveProperty("arrays");
    expect(list[1]).toEqual({
      id: a,
      name: "a.csv",
      createdAt: 1000,
      choice: { target: "species", task: "multiclass", ignore: [], categorical: [] },
      csvBytes: 180,
      task: "multiclass",
      classes: 3,
      classNames: ["setosa", "versicolor", "virginica"],
      examples: 6,
      features: 2,
    });
  });

  it("deletes one and says whether it was there", async () => {
    const id = newUploadId();
    await db.saveDataset(newDataset(id));
    expect(await db.deleteDataset(id)).toBe(true);
    expect(await db.getDataset(id)).toBeUndefined();
    expect(await db.listDatasets()).toEqual([]);
    expect(await db.deleteDataset(id)).toBe(false);
  });

  it("refuses an id that is taken, keeping the first", async () => {
    const id = newUploadId();
    await db.saveDataset(newDataset(id, "first.csv"));
    await expect(db.saveDataset(newDataset(id, "second.csv"))).rejects.toThrow();
    expect((await db.listDatasets()).map((d) => d.name)).toEqual(["first.csv"]);
  });

  it("refuses bad input with a message naming the value, storing nothing", async () => {
    const id = newUploadId();
    await expect(db.saveDataset(newDataset("iris"))).rejects.toThrow(
      'An upload id must look like "upload-<uuid>", got "iris"',
    );
    await expect(db.saveDataset(newDataset(id, " "))).rejects.toThrow(
      `An uploaded dataset's name must be a non-empty text, got " "`,
    );
    await expect(db.saveDataset({ ...newDataset(id), arrays: uploadArrays(newUploadId()) })).rejects.toThrow(
      `The arrays of upload ${id} carry another id`,
    );
    await expect(db.saveDataset({ ...newDataset(id), csvBytes: -1 })).rejects.toThrow(
      "A CSV size must be a whole number of bytes, got -1",
    );
    const short = { ...uploadArrays(id), x: new Float32Array(11) };
    await expect(db.saveDataset({ ...newDataset(id), arrays: short })).rejects.toThrow(
      `Dataset "${id}": x has 11 values, expected 6 rows × 2 = 12`,
    );
    const badClass = { ...uploadArrays(id), y: new Float32Array([0, 0, 1, 1, 2, 3]) };
    await expect(db.saveDataset({ ...newDataset(id), arrays: badClass })).rejects.toThrow(
      `Dataset "${id}": row 5 has class 3, outside 0..2`,
    );
    const nan = { ...uploadArrays(id), x: new Float32Array(12).fill(NaN) };
    await expect(db.saveDataset({ ...newDataset(id), arrays: nan })).rejects.toThrow(
      `Dataset "${id}": x value 0 is NaN`,
    );
    const names = { ...uploadArrays(id), classNames: ["a", "b"] };
    await expect(db.saveDataset({ ...newDataset(id), arrays: names })).rejects.toThrow(
      `Dataset "${id}": 2 class names for 3 classes`,
    );
    await expect(db.getDataset("study-1")).rejects.toThrow('An upload id must look like "upload-<uuid>"');
    expect(await db.listDatasets()).toEqual([]);
  });

  it("reports a full disk as StorageFullError naming the dataset", async () => {
    vi.spyOn(IDBObjectStore.prototype, "add").mockImplementation(() => {
      throw new DOMException("Quota", "QuotaExceededError");
    });
    const error = await db.saveDataset(newDataset(newUploadId(), "big.csv")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toContain('could not save the dataset "big.csv"');
    vi.restoreAllMocks();
    expect(await db.listDatasets()).toEqual([]);
  });
});
