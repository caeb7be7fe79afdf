/**
 * The compact binary form of a whole dataset (".tlds", Tunelab dataset), used for the shipped
 * built-in files. Layout, all integers little-endian:
 *
 *   0  "TLDS" magic
 *   4  u16 format version (1)
 *   6  u16 reserved, 0
 *   8  u32 header length in bytes (a multiple of 4, ASCII JSON padded with spaces)
 *  12  u32 total file length in bytes (so truncation is told apart from damage)
 *  16  u32 CRC-32 of every other byte of the file (0 to 15, then 20 to the end)
 *  20  header JSON: the DatasetArrays fields except x and y, plus count, xType and yType
 *  ..  x: count × product(exampleShape) values, u8 or f32
 *  ..  zero padding to a multiple of 4
 *  ..  y: count values, u8 or u16 class indices, or f32
 *
 * Each array starts at a multiple of 4, so a reader may view them in place. The CRC catches a
 * damaged copy even without a catalog checksum to compare with.
 */
import type { DatasetArrays, Task } from "../../shared/train";

const MAGIC = [0x54, 0x4c, 0x44, 0x53]; // "TLDS"
export const DATASET_FORMAT_VERSION = 1;
const PREAMBLE_BYTES = 20;

type XType = "u8" | "f32";
type YType = "u8" | "u16" | "f32";

interface Header {
  id: string;
  task: Task;
  classes: number;
  classNames: string[];
  featureNames: string[];
  exampleShape: number[];
  xScale: number;
  standardize: boolean;
  sourceTestCount: number;
  count: number;
  xType: XType;
  yType: YType;
}

const TASKS: Task[] = ["binary", "multiclass", "regression"];

const XBYTES: Record<XType, number> = { u8: 1, f32: 4 };
const YBYTES: Record<YType, number> = { u8: 1, u16: 2, f32: 4 };

const align4 = (n: number): number => Math.ceil(n / 4) * 4;

let crcTable: Uint32Array | null = null;

/** CRC-32 (IEEE 802.3, as in zip and PNG) of the bytes; pass the CRC of earlier bytes to continue it. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[i] = c >>> 0;
    }
  }
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The CRC a file stores: of every byte except the 4 that hold it. */
function fileCrc(bytes: Uint8Array): number {
  return crc32(bytes.subarray(PREAMBLE_BYTES), crc32(bytes.subarray(0, 16)));
}

/** Product of the example shape: the number of values one example holds. */
function valuesPerExample(shape: number[]): number {
  return shape.reduce((p, s) => p * s, 1);
}

/** Throws naming the first field of the arrays that is inconsistent or out of range. */
function checkArrays(a: DatasetArrays, where: string): void {
  const fail = (what: string): never => {
    throw new Error(`${where}: ${what}`);
  };
  if (typeof a.id !== "string" || a.id.length === 0)
    fail(`id must be a non-empty string, got ${JSON.stringify(a.id)}`);
  if (!TASKS.includes(a.task)) fail(`task must be one of ${TASKS.join(", ")}, got ${JSON.stringify(a.task)}`);
  if (!Number.isInteger(a.classes) || a.classes < 1)
    fail(`classes must be a positive integer, got ${a.classes}`);
  if (a.task === "regression" && a.classes !== 1) fail(`a regression dataset has 1 class, got ${a.classes}`);
  if (a.task === "binary" && a.classes !== 2) fail(`a binary dataset has 2 classes, got ${a.classes}`);
  if (!Array.isArray(a.classNames) || a.classNames.some((s) => typeof s !== "string")) {
    fail("classNames must be an array of strings");
  }
  if (a.task !== "regression" && a.classNames.length !== a.classes) {
    fail(`classNames has ${a.classNames.length} names for ${a.classes} classes`);
  }
  if (!Array.isArray(a.featureNames) || a.featureNames.some((s) => typeof s !== "string")) {
    fail("featureNames must be an array of strings");
  }
  const shape = a.exampleShape;
  if (!Array.isArray(shape) || shape.length === 0 || shape.some((s) => !Number.isInteger(s) || s < 1)) {
    fail(`exampleShape must be a list of positive integers, got ${JSON.stringify(shape)}`);
  }
  if (!(typeof a.xScale === "number" && Number.isFinite(a.xScale) && a.xScale > 0)) {
    fail(`xScale must be a positive finite number, got ${a.xScale}`);
  }
  if (typeof a.standardize !== "boolean")
    fail(`standardize must be true or false, got ${JSON.stringify(a.standardize)}`);
  if (!(a.x instanceof Uint8Array || a.x instanceof Float32Array))
    fail("x must be a Uint8Array or a Float32Array");
  if (!(a.y instanceof Float32Array)) fail("y must be a Float32Array");
  const n = a.y.length;
  if (n === 0) fail("the dataset has no examples");
  const perExample = valuesPerExample(shape);
  if (a.x.length !== n * perExample) {
    fail(`x has ${a.x.length} values, expected ${n} examples × ${perExample} = ${n * perExample}`);
  }
  if (!Number.isInteger(a.sourceTestCount) || a.sourceTestCount < 0 || a.sourceTestCount >= n) {
    fail(`sourceTestCount must be an integer from 0 to ${n - 1}, got ${a.sourceTestCount}`);
  }
  if (a.x instanceof Float32Array) {
    for (let i = 0; i < a.x.length; i++) {
      if (!Number.isFinite(a.x[i])) fail(`x of example ${Math.floor(i / perExample)} holds ${a.x[i]}`);
    }
  }
  for (let i = 0; i < n; i++) {
    const v = a.y[i];
    if (a.task === "regression") {
      if (!Number.isFinite(v)) fail(`the target of example ${i} is ${v}`);
    } else if (!Number.isInteger(v) || v < 0 || v >= a.classes) {
      fail(`the label of example ${i} is ${v}, not a class index from 0 to ${a.classes - 1}`);
    }
  }
}

/** JSON with every non-ASCII character escaped, so the header is plain ASCII bytes. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}

/** The dataset in the compact binary form (validated first; throws naming a bad field). */
export function encodeDataset(a: DatasetArrays): Uint8Array {
  checkArrays(a, `Cannot encode dataset ${JSON.stringify(a?.id)}`);
  const n = a.y.length;
  const xType: XType = a.x instanceof Uint8Array ? "u8" : "f32";
  const yType: YType =
    a.task === "regression" ? "f32" : a.classes <= 256 ? "u8" : a.classes <= 65536 ? "u16" : "f32";
  const header: Header = {
    id: a.id,
    task: a.task,
    classes: a.classes,
    classNames: a.classNames,
    featureNames: a.featureNames,
    exampleShape: a.exampleShape,
    xScale: a.xScale,
    standardize: a.standardize,
    sourceTestCount: a.sourceTestCount,
    count: n,
    xType,
    yType,
  };
  let json = asciiJson(header);
  json += " ".repeat(align4(json.length) - json.length);
  const xOffset = PREAMBLE_BYTES + json.length;
  const yOffset = xOffset + align4(a.x.length * XBYTES[xType]);
  const total = yOffset + align4(n * YBYTES[yType]);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint16(4, DATASET_FORMAT_VERSION, true);
  view.setUint32(8, json.length, true);
  for (let i = 0; i < json.length; i++) bytes[PREAMBLE_BYTES + i] = json.charCodeAt(i);
  if (a.x instanceof Uint8Array) bytes.set(a.x, xOffset);
  else for (let i = 0; i < a.x.length; i++) view.setFloat32(xOffset + 4 * i, a.x[i], true);
  for (let i = 0; i < n; i++) {
    const v = a.y[i];
    if (yType === "u8") bytes[yOffset + i] = v;
    else if (yType === "u16") view.setUint16(yOffset + 2 * i, v, true);
    else view.setFloat32(yOffset + 4 * i, v, true);
  }
  view.setUint32(12, total, true);
  view.setUint32(16, fileCrc(bytes), true);
  return bytes;
}

/** Reads the header JSON, checking each field's type (values are checked with the arrays). */
function parseHeader(bytes: Uint8Array, length: number): Header {
  let text = "";
  for (let i = 0; i < length; i++) {
    const b = bytes[PREAMBLE_BYTES + i];
    if (b > 0x7e || (b < 0x20 && b !== 0x0a)) {
      throw new Error(
        `Dataset file header holds byte 0x${b.toString(16)} at offset ${PREAMBLE_BYTES + i}, not ASCII JSON`,
      );
    }
    text += String.fromCharCode(b);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`Dataset file header is not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error("Dataset file header is not a JSON object");
  }
  const h = parsed as Header;
  if (!Number.isInteger(h.count) || h.count < 1) throw new Error(`Dataset file header has count ${h.count}`);
  if (!(h.xType in XBYTES))
    throw new Error(`Dataset file header has unknown xType ${JSON.stringify(h.xType)}`);
  if (!(h.yType in YBYTES))
    throw new Error(`Dataset file header has unknown yType ${JSON.stringify(h.yType)}`);
  const shape = h.exampleShape;
  if (!Array.isArray(shape) || shape.length === 0 || shape.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new Error(`Dataset file header has exampleShape ${JSON.stringify(shape)}`);
  }
  return h;
}

/** The dataset held in the bytes; throws naming what is wrong with a truncated, damaged or foreign file. */
export function decodeDataset(bytes: Uint8Array): DatasetArrays {
  if (!(bytes instanceof Uint8Array)) {
    throw new Error(
      `A dataset file must be given as a Uint8Array, got ${Object.prototype.toString.call(bytes)}`,
    );
  }
  if (bytes.length < PREAMBLE_BYTES) {
    throw new Error(
      `Dataset file is truncated: ${bytes.length} bytes, shorter than the ${PREAMBLE_BYTES}-byte preamble`,
    );
  }
  if (MAGIC.some((m, i) => bytes[i] !== m)) {
    const found = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new Error(`Not a Tunelab dataset file: it starts with bytes ${found}, not "TLDS"`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== DATASET_FORMAT_VERSION) {
    throw new Error(
      `Dataset file has format version ${version}; this build reads version ${DATASET_FORMAT_VERSION}`,
    );
  }
  const headerLength = view.getUint32(8, true);
  const fileLength = view.getUint32(12, true);
  if (bytes.length < fileLength) {
    throw new Error(`Dataset file is truncated: ${bytes.length} bytes of the ${fileLength} it should have`);
  }
  if (bytes.length > fileLength) {
    throw new Error(
      `Dataset file has ${bytes.length - fileLength} unexpected bytes after the ${fileLength} it should have`,
    );
  }
  const storedCrc = view.getUint32(16, true);
  const actualCrc = fileCrc(bytes);
  if (storedCrc !== actualCrc) {
    throw new Error(
      `Dataset file is damaged: CRC-32 is ${actualCrc.toString(16).padStart(8, "0")}, ` +
        `the file says ${storedCrc.toString(16).padStart(8, "0")}`,
    );
  }
  if (headerLength % 4 !== 0 || PREAMBLE_BYTES + headerLength > fileLength) {
    throw new Error(`Dataset file has an impossible header length ${headerLength} for ${fileLength} bytes`);
  }
  const h = parseHeader(bytes, headerLength);
  const perExample = valuesPerExample(h.exampleShape);
  const xOffset = PREAMBLE_BYTES + headerLength;
  const yOffset = xOffset + align4(h.count * perExample * XBYTES[h.xType]);
  const total = yOffset + align4(h.count * YBYTES[h.yType]);
  if (total !== fileLength) {
    throw new Error(`Dataset file header describes ${total} bytes of data, but the file has ${fileLength}`);
  }
  const valueCount = h.count * perExample;
  let x: Uint8Array | Float32Array;
  if (h.xType === "u8") x = bytes.slice(xOffset, xOffset + valueCount);
  else {
    x = new Float32Array(valueCount);
    for (let i = 0; i < valueCount; i++) x[i] = view.getFloat32(xOffset + 4 * i, true);
  }
  const y = new Float32Array(h.count);
  for (let i = 0; i < h.count; i++) {
    if (h.yType === "u8") y[i] = bytes[yOffset + i];
    else if (h.yType === "u16") y[i] = view.getUint16(yOffset + 2 * i, true);
    else y[i] = view.getFloat32(yOffset + 4 * i, true);
  }
  const arrays: DatasetArrays = {
    id: h.id,
    task: h.task,
    classes: h.classes,
    classNames: h.classNames,
    featureNames: h.featureNames,
    exampleShape: h.exampleShape,
    x,
    xScale: h.xScale,
    y,
    standardize: h.standardize,
    sourceTestCount: h.sourceTestCount,
  };
  checkArrays(arrays, `Dataset file ${JSON.stringify(h.id)} is inconsistent`);
  return arrays;
}
