import { describe, expect, it } from "vitest";
import type { DatasetArrays } from "../../shared/train";
import { crc32, decodeDataset, encodeDataset } from "./binary-format";

const fileCrc = (bytes: Uint8Array): number => crc32(bytes.subarray(20), crc32(bytes.subarray(0, 16)));

function imageSet(): DatasetArrays {
  const x = new Uint8Array(5 * 3 * 2);
  for (let i = 0; i < x.length; i++) x[i] = (i * 37) & 0xff;
  return {
    id: "tiny-images",
    task: "multiclass",
    classes: 3,
    classNames: ["a", "b", "c"],
    featureNames: ["pixel"],
    exampleShape: [3, 2, 1],
    x,
    xScale: 1 / 255,
    y: Float32Array.from([0, 1, 2, 1, 0]),
    standardize: false,
    sourceTestCount: 2,
  };
}

function table(): DatasetArrays {
  return {
    id: "upload-Ünïcødé ☃ 🎉",
    task: "regression",
    classes: 1,
    classNames: [],
    featureNames: ["température", "x"],
    exampleShape: [2],
    x: Float32Array.from([1.5, -2.25, 1e-7, 3.4e38, 0, -0]),
    xScale: 1,
    y: Float32Array.from([0.1, -7, 1e30]),
    standardize: true,
    sourceTestCount: 0,
  };
}

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Rewrites the stored CRC so a deliberately altered file gets past the CRC check. */
function resealed(bytes: Uint8Array): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(16, fileCrc(bytes), true);
  return bytes;
}

/** The file with its header JSON replaced (same padded length or longer), CRC made valid. */
function withHeader(bytes: Uint8Array, edit: (header: Record<string, unknown>) => void): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const length = view.getUint32(8, true);
  const header = JSON.parse(String.fromCharCode(...bytes.subarray(20, 20 + length)));
  edit(header);
  let json = JSON.stringify(header);
  if (json.length > length) throw new Error("test header grew; keep edits short");
  json += " ".repeat(length - json.length);
  const copy = bytes.slice();
  copy.set(ascii(json), 20);
  return resealed(copy);
}

describe("encodeDataset / decodeDataset", () => {
  it("round-trips an image set with u8 pixels exactly", () => {
    const original = imageSet();
    const back = decodeDataset(encodeDataset(original));
    expect(back).toEqual(original);
    expect(back.x).toBeInstanceOf(Uint8Array);
  });

  it("round-trips a regression table with f32 values and non-ASCII names", () => {
    const original = table();
    const bytes = encodeDataset(original);
    const back = decodeDataset(bytes);
    expect(back).toEqual(original);
    expect(back.x).toBeInstanceOf(Float32Array);
    expect(Object.is(back.x[5], -0)).toBe(true);
    // The header is plain ASCII: the names travel as JSON escapes.
    const headerLength = new DataView(bytes.buffer).getUint32(8, true);
    expect(bytes.subarray(20, 20 + headerLength).every((b) => b >= 0x20 && b < 0x7f)).toBe(true);
  });

  it("stores more than 256 classes as u16 labels", () => {
    const n = 300;
    const a: DatasetArrays = {
      ...imageSet(),
      classes: n,
      classNames: Array.from({ length: n }, (_, i) => `c${i}`),
      exampleShape: [1],
      x: new Uint8Array(n),
      y: Float32Array.from({ length: n }, (_, i) => n - 1 - i),
      sourceTestCount: 0,
    };
    expect(decodeDataset(encodeDataset(a)).y).toEqual(a.y);
  });

  it("puts both arrays at 4-byte offsets and pads the file to a multiple of 4", () => {
    const a = { ...imageSet(), x: new Uint8Array(5 * 3), exampleShape: [3] };
    const bytes = encodeDataset(a);
    const headerLength = new DataView(bytes.buffer).getUint32(8, true);
    expect(headerLength % 4).toBe(0);
    expect(bytes.length).toBe(20 + headerLength + 16 + 8); // 15 pixels → 16, 5 labels → 8
  });

  it("decodes from a view into a larger buffer", () => {
    const bytes = encodeDataset(table());
    const big = new Uint8Array(bytes.length + 7);
    big.set(bytes, 3);
    expect(decodeDataset(big.subarray(3, 3 + bytes.length))).toEqual(table());
  });

  it("refuses a truncated file at every length, saying it is truncated", () => {
    const bytes = encodeDataset(imageSet());
    for (let n = 0; n < bytes.length; n++) {
      expect(() => decodeDataset(bytes.subarray(0, n)), `length ${n}`).toThrow(/truncated/);
    }
  });

  it("refuses trailing bytes", () => {
    const bytes = encodeDataset(imageSet());
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    expect(() => decodeDataset(longer)).toThrow(/4 unexpected bytes after the \d+ it should have/);
  });

  it("refuses a foreign file, naming its first bytes", () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(40).fill(0)]);
    expect(() => decodeDataset(png)).toThrow(
      'Not a Tunelab dataset file: it starts with bytes 89 50 4e 47, not "TLDS"',
    );
    expect(() => decodeDataset([1, 2] as unknown as Uint8Array)).toThrow(/Uint8Array, got \[object Array\]/);
  });

  it("refuses another format version, naming it", () => {
    const bytes = encodeDataset(imageSet());
    new DataView(bytes.buffer).setUint16(4, 2, true);
    expect(() => decodeDataset(bytes)).toThrow(
      "Dataset file has format version 2; this build reads version 1",
    );
  });

  it("refuses a flipped byte in the reserved field, the header and the arrays (CRC-32)", () => {
    const bytes = encodeDataset(imageSet());
    for (const offset of [6, 20, 40, bytes.length - 12, bytes.length - 1]) {
      const damaged = bytes.slice();
      damaged[offset] ^= 0x01;
      expect(() => decodeDataset(damaged), `offset ${offset}`).toThrow(
        /damaged: CRC-32 is [0-9a-f]{8}, the file says/,
      );
    }
  });

  it("refuses an impossible header length", () => {
    const bytes = encodeDataset(imageSet());
    new DataView(bytes.buffer).setUint32(8, 64, true);
    expect(() => decodeDataset(bytes)).toThrow(/damaged: CRC-32/);
    new DataView(bytes.buffer).setUint32(8, 18, true);
    expect(() => decodeDataset(resealed(bytes))).toThrow(
      `impossible header length 18 for ${bytes.length} bytes`,
    );
    new DataView(bytes.buffer).setUint32(8, bytes.length, true);
    expect(() => decodeDataset(resealed(bytes))).toThrow(`impossible header length ${bytes.length}`);
  });

  it("refuses a header that is not JSON or not ASCII, even with a valid CRC", () => {
    const bytes = encodeDataset(imageSet());
    const notJson = bytes.slice();
    notJson[20] = "[".charCodeAt(0);
    expect(() => decodeDataset(resealed(notJson))).toThrow(/header is not valid JSON/);
    const binary = bytes.slice();
    binary[20] = 0xc3;
    expect(() => decodeDataset(resealed(binary))).toThrow(
      "header holds byte 0xc3 at offset 20, not ASCII JSON",
    );
  });

  it("refuses headers whose fields contradict the arrays", () => {
    const bytes = encodeDataset(imageSet());
    expect(() => decodeDataset(withHeader(bytes, (h) => (h.xType = "i8")))).toThrow('unknown xType "i8"');
    expect(() => decodeDataset(withHeader(bytes, (h) => (h.classes = 2)))).toThrow(
      /is inconsistent: classNames has 3 names for 2 classes/,
    );
    expect(() =>
      decodeDataset(
        withHeader(bytes, (h) => {
          h.classes = 2;
          h.classNames = ["a", "b"];
        }),
      ),
    ).toThrow("the label of example 2 is 2, not a class index from 0 to 1");
    expect(() => decodeDataset(withHeader(bytes, (h) => (h.exampleShape = [0])))).toThrow("exampleShape [0]");
  });

  it("refuses to encode inconsistent arrays, naming the field and value", () => {
    const bad = (patch: Partial<DatasetArrays>) => () => encodeDataset({ ...imageSet(), ...patch });
    expect(bad({ x: new Uint8Array(7) })).toThrow(
      'Cannot encode dataset "tiny-images": x has 7 values, expected 5 examples × 6 = 30',
    );
    expect(bad({ y: Float32Array.from([0, 1, 3, 1, 0]) })).toThrow("the label of example 2 is 3");
    expect(bad({ y: Float32Array.from([0, 1, 0.5, 1, 0]) })).toThrow("the label of example 2 is 0.5");
    expect(bad({ sourceTestCount: 5 })).toThrow("sourceTestCount must be an integer from 0 to 4, got 5");
    expect(bad({ xScale: 0 })).toThrow("xScale must be a positive finite number, got 0");
    expect(bad({ task: "binary" })).toThrow("a binary dataset has 2 classes, got 3");
    expect(bad({ id: "" })).toThrow('id must be a non-empty string, got ""');
    expect(bad({ x: new Float32Array(30).fill(Number.NaN) })).toThrow("x of example 0 holds NaN");
    expect(() => encodeDataset({ ...table(), y: Float32Array.from([1, Infinity, 2]) })).toThrow(
      "the target of example 1 is Infinity",
    );
    expect(() => encodeDataset({ ...table(), classes: 2 })).toThrow(
      "a regression dataset has 1 class, got 2",
    );
  });
});

describe("crc32", () => {
  it("matches the standard check value", () => {
    expect(crc32(ascii("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(ascii("6789"), crc32(ascii("12345")))).toBe(0xcbf43926);
  });
});
