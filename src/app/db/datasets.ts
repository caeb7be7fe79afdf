/**
 * Uploaded datasets: store one (all of it or nothing), read it back, list them without their
 * arrays, delete one. Each operation is one short transaction on the "datasets" store.
 */
import type { DatasetArrays } from "../../shared/train";
import type { DatasetRecord, DatasetSummary } from "./schema";
import { runTransaction, type StudyDbConnection } from "./transaction";

/** What storing an upload needs; `createdAt` comes from the history's clock. */
export type NewDataset = Omit<DatasetRecord, "createdAt">;

const UPLOAD_ID = /^upload-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A new random upload id, "upload-" and a version-4 UUID (getRandomValues works outside secure contexts). */
export function newUploadId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (v) => v.toString(16).padStart(2, "0")).join("");
  return `upload-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether `id` names an upload (as opposed to a built-in dataset). */
export function isUploadId(id: string): boolean {
  return UPLOAD_ID.test(id);
}

function checkUploadId(id: unknown): asserts id is string {
  if (typeof id !== "string" || !UPLOAD_ID.test(id)) {
    throw new Error(`An upload id must look like "upload-<uuid>", got ${JSON.stringify(id)}`);
  }
}

/**
 * Throws unless the arrays are consistent: sizes agree with the shape and the row count, class
 * indices lie in range and every value is finite. A broken record stored now would only fail
 * later, inside a worker, far from its cause.
 */
export function checkDatasetArrays(a: DatasetArrays): void {
  const where = `Dataset ${JSON.stringify(a?.id)}`;
  if (typeof a !== "object" || a === null)
    throw new Error(`Dataset arrays must be an object, got ${String(a)}`);
  if (!(a.x instanceof Float32Array || a.x instanceof Uint8Array)) {
    throw new Error(`${where}: x must be a Float32Array or Uint8Array`);
  }
  if (!(a.y instanceof Float32Array)) throw new Error(`${where}: y must be a Float32Array`);
  const perExample = a.exampleShape.reduce((p, d) => p * d, 1);
  if (!a.exampleShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(
      `${where}: example shape must be positive whole numbers, got [${a.exampleShape.join(", ")}]`,
    );
  }
  const n = a.y.length;
  if (n === 0) throw new Error(`${where} has no rows`);
  if (a.x.length !== n * perExample) {
    throw new Error(
      `${where}: x has ${a.x.length} values, expected ${n} rows × ${perExample} = ${n * perExample}`,
    );
  }
  if (a.task === "regression") {
    if (a.classes !== 1) throw new Error(`${where}: a regression dataset has 1 class, got ${a.classes}`);
  } else {
    if (!Number.isInteger(a.classes) || a.classes < 2) {
      throw new Error(`${where}: a classification dataset needs at least 2 classes, got ${a.classes}`);
    }
    if (a.classNames.length !== a.classes) {
      throw new Error(`${where}: ${a.classNames.length} class names for ${a.classes} classes`);
    }
    const bad = a.y.findIndex((c) => !Number.isInteger(c) || c < 0 || c >= a.classes);
    if (bad >= 0) throw new Error(`${where}: row ${bad} has class ${a.y[bad]}, outside 0..${a.classes - 1}`);
  }
  const nonFiniteX = a.x.findIndex((v) => !Number.isFinite(v));
  if (nonFiniteX >= 0) throw new Error(`${where}: x value ${nonFiniteX} is ${a.x[nonFiniteX]}`);
  const nonFiniteY = a.y.findIndex((v) => !Number.isFinite(v));
  if (nonFiniteY >= 0) throw new Error(`${where}: y value ${nonFiniteY} is ${a.y[nonFiniteY]}`);
  if (!Number.isInteger(a.sourceTestCount) || a.sourceTestCount < 0 || a.sourceTestCount >= n) {
    throw new Error(
      `${where}: sourceTestCount must be a whole number from 0 to ${n - 1}, got ${a.sourceTestCount}`,
    );
  }
}

/** The list's part of a record: everything but the arrays, plus what the arrays hold. */
export function toDatasetSummary(record: DatasetRecord): DatasetSummary {
  const { arrays, ...rest } = record;
  return {
    ...rest,
    task: arrays.task,
    classes: arrays.classes,
    classNames: arrays.classNames,
    examples: arrays.y.length,
    features: arrays.exampleShape.reduce((p, d) => p * d, 1),
  };
}

/** Stores a new upload under its id (which must be new) and returns the record as stored. */
export async function saveDataset(
  db: StudyDbConnection,
  now: number,
  input: NewDataset,
): Promise<DatasetRecord> {
  checkUploadId(input?.id);
  if (typeof input.name !== "string" || input.name.trim() === "") {
    throw new Error(`An uploaded dataset's name must be a non-empty text, got ${JSON.stringify(input.name)}`);
  }
  checkDatasetArrays(input.arrays);
  if (input.arrays.id !== input.id) {
    throw new Error(`The arrays of upload ${input.id} carry another id, ${JSON.stringify(input.arrays.id)}`);
  }
  if (!Number.isInteger(input.csvBytes) || input.csvBytes < 0) {
    throw new Error(`A CSV size must be a whole number of bytes, got ${JSON.stringify(input.csvBytes)}`);
  }
  const record: DatasetRecord = { ...input, name: input.name.trim(), createdAt: now };
  const what = `the dataset "${record.name}"`;
  await runTransaction(db, ["datasets"], "readwrite", what, (tx) => tx.objectStore("datasets").add(record));
  return record;
}

/** One upload with its arrays, or undefined. */
export async function getDataset(db: StudyDbConnection, id: string): Promise<DatasetRecord | undefined> {
  checkUploadId(id);
  return runTransaction(db, ["datasets"], "readonly", null, (tx) => tx.objectStore("datasets").get(id));
}

/** Every upload's summary, the newest first. */
export async function listDatasets(db: StudyDbConnection): Promise<DatasetSummary[]> {
  // Values come whole out of IndexedDB; the arrays are dropped right away, not kept.
  const records = await runTransaction(db, ["datasets"], "readonly", null, (tx) =>
    tx.objectStore("datasets").index("by-createdAt").getAll(),
  );
  return records.reverse().map(toDatasetSummary);
}

/** Deletes an upload; false if there was none with that id. */
export async function deleteDataset(db: StudyDbConnection, id: string): Promise<boolean> {
  checkUploadId(id);
  return runTransaction(db, ["datasets"], "readwrite", null, async (tx) => {
    const store = tx.objectStore("datasets");
    const key = await store.getKey(id);
    if (key === undefined) return false;
    await store.delete(id);
    return true;
  });
}
