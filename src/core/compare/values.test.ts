import { describe, expect, it } from "vitest";
import { compareParameter, formatParamValue, useLogAxis, type CompareParameter } from "./parameters";
import { formatValueList, parseSeeds, parseValueList } from "./values";

const param = (id: string) => compareParameter(id) as CompareParameter;

describe("parseValueList", () => {
  it("reads numbers separated by commas, spaces or semicolons, in the typed order", () => {
    expect(parseValueList(param("lr"), " 0.1, 1e-3;0.01  0.5")).toEqual({
      ok: true,
      value: [0.1, 0.001, 0.01, 0.5],
    });
  });

  it("refuses an empty list", () => {
    const r = parseValueList(param("lr"), " , ");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/Learning rate values: the list is empty/);
  });

  it("refuses a non-number and names it", () => {
    const r = parseValueList(param("lr"), "0.1, abc, 0.3");
    expect(!r.ok && r.message).toBe("Learning rate values: 'abc' is not a number");
  });

  it("refuses a value out of range, naming it and the range", () => {
    const r = parseValueList(param("lr"), "0.1, 20");
    expect(!r.ok && r.message).toBe(
      "Learning rate values: 20 is out of range; each value must be between 0.00001 and 10",
    );
    expect(parseValueList(param("dropout"), "0.95").ok).toBe(false);
  });

  it("refuses a fraction where a whole number is needed", () => {
    const r = parseValueList(param("batch"), "16, 24.5");
    expect(!r.ok && r.message).toBe("Batch size values: 24.5 is not a whole number");
  });

  it("refuses duplicates, also when written differently", () => {
    const r = parseValueList(param("lr"), "0.01, 0.1, 1e-2");
    expect(!r.ok && r.message).toBe("Learning rate values: 0.01 is given twice ('1e-2')");
  });

  it("refuses too many values", () => {
    const r = parseValueList(param("dropout"), "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8");
    expect(!r.ok && r.message).toMatch(/at most 8 values, got 9/);
  });

  it("reads choices by id, case-insensitively, and refuses unknown ones naming the choices", () => {
    expect(parseValueList(param("optimizer"), "SGD, adam")).toEqual({ ok: true, value: ["sgd", "adam"] });
    const r = parseValueList(param("optimizer"), "adam, lion");
    expect(!r.ok && r.message).toMatch(/Optimizer values: 'lion' is not one of sgd, momentum/);
  });

  it("writes a list back in plain decimals that reads the same", () => {
    const p = param("lr");
    const text = formatValueList(p, [0.00001, 0.03, 1]);
    expect(text).toBe("0.00001,0.03,1");
    expect(parseValueList(p, text)).toEqual({ ok: true, value: [0.00001, 0.03, 1] });
  });
});

describe("parameters", () => {
  it("width and depth rebuild the hidden layers", () => {
    const base = { hiddenLayers: [4, 2] } as Parameters<CompareParameter["apply"]>[0];
    expect(param("width").apply(base, 16).hiddenLayers).toEqual([16, 16]);
    expect(param("depth").apply(base, 3).hiddenLayers).toEqual([4, 4, 4]);
    expect(param("depth").apply(base, 0).hiddenLayers).toEqual([]);
    expect(param("width").apply({ ...base, hiddenLayers: [] }, 5).hiddenLayers).toEqual([5]);
  });

  it("uses a log axis only for log parameters with positive values", () => {
    expect(useLogAxis(param("lr"), [0.001, 0.1])).toBe(true);
    expect(useLogAxis(param("l2"), [0, 0.001])).toBe(false);
    expect(useLogAxis(param("dropout"), [0.1, 0.2])).toBe(false);
    expect(useLogAxis(param("optimizer"), ["adam"])).toBe(false);
  });

  it("formats values for a person", () => {
    expect(formatParamValue(param("lr"), 1e-5)).toBe("0.00001");
    expect(formatParamValue(param("optimizer"), "adam")).toBe("Adam");
  });
});

describe("parseSeeds", () => {
  it("accepts 1 to 10 and refuses the rest with the value", () => {
    expect(parseSeeds(" 3 ")).toEqual({ ok: true, value: 3 });
    expect(parseSeeds("10").ok).toBe(true);
    for (const bad of ["0", "11", "2.5", "two", ""]) {
      const r = parseSeeds(bad);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toContain(`got '${bad}'`);
    }
  });
});
