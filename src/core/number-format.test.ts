import { describe, expect, it } from "vitest";
import { groupThousands } from "./number-format";

describe("groupThousands", () => {
  it("writes whole numbers as en-US does", () => {
    for (const n of [0, 7, 999, 1000, 12345, 60000, 1234567, -1000, -999, Number.MAX_SAFE_INTEGER]) {
      expect(groupThousands(n)).toBe(n.toLocaleString("en-US"));
    }
  });

  it("leaves numbers that are not safe whole numbers as String writes them", () => {
    expect(groupThousands(1.5)).toBe("1.5");
    expect(groupThousands(NaN)).toBe("NaN");
    expect(groupThousands(Infinity)).toBe("Infinity");
    expect(groupThousands(1e21)).toBe("1e+21");
  });
});
