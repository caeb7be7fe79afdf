import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "./sha256";

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("sha256Hex", () => {
  it("matches the FIPS 180-2 / NIST test vectors", () => {
    expect(sha256Hex(ascii(""))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex(ascii("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(
      sha256Hex(
        ascii(
          "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        ),
      ),
    ).toBe("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  });

  it("hashes a million 'a' bytes", () => {
    expect(sha256Hex(new Uint8Array(1_000_000).fill(0x61))).toBe(
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
    );
  });

  it("agrees with node:crypto at every length around the padding boundaries", () => {
    const data = new Uint8Array(300);
    for (let i = 0; i < data.length; i++) data[i] = (i * 131 + 7) & 0xff;
    for (let n = 0; n <= data.length; n++) {
      const part = data.subarray(n % 3, (n % 3) + Math.min(n, data.length - (n % 3)));
      expect(sha256Hex(part)).toBe(createHash("sha256").update(part).digest("hex"));
    }
  });

  it("hashes a subarray view by its own bytes, not its whole buffer", () => {
    const whole = ascii("xxabcxx");
    expect(sha256Hex(whole.subarray(2, 5))).toBe(sha256Hex(ascii("abc")));
  });

  it("refuses what is not a Uint8Array, naming what it got", () => {
    expect(() => sha256Hex("abc" as unknown as Uint8Array)).toThrow(/Uint8Array, got \[object String\]/);
  });
});
