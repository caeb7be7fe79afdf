import { describe, expect, it } from "vitest";
import { Rng } from "../rng";
import {
  activeParams,
  checkParams,
  countValues,
  fromInternal,
  gridValues,
  internalBounds,
  isActive,
  sampleUniform,
  toInternal,
  topologicalOrder,
  validateSpace,
} from "./space";
import { createStudy } from "./study";
import type { ParamSpec, SearchSpace } from "./types";

const bad =
  (space: unknown): (() => void) =>
  () =>
    validateSpace(space as SearchSpace);

describe("validateSpace", () => {
  it("accepts a valid mixed space with conditions", () => {
    expect(() =>
      validateSpace({
        lr: { type: "float", low: 1e-4, high: 1, log: true },
        drop: { type: "float", low: 0, high: 0.5, step: 0.1 },
        units: { type: "int", low: 8, high: 64, step: 8 },
        opt: { type: "categorical", choices: ["sgd", "adam"] },
        momentum: { type: "float", low: 0, high: 1, condition: { param: "opt", values: ["sgd"] } },
        nesterov: { type: "categorical", choices: [true, false], condition: { param: "momentum", min: 0.5 } },
      }),
    ).not.toThrow();
  });

  it("rejects low > high naming the parameter and both values", () => {
    expect(bad({ lr: { type: "float", low: 0.1, high: 0.01 } })).toThrow(
      'Parameter "lr": low (0.1) is greater than high (0.01)',
    );
    expect(bad({ n: { type: "int", low: 5, high: 2 } })).toThrow(
      'Parameter "n": low (5) is greater than high (2)',
    );
  });

  it("rejects a log range that reaches zero or below", () => {
    expect(bad({ lr: { type: "float", low: 0, high: 1, log: true } })).toThrow(
      'Parameter "lr": a log range needs low > 0, got low 0',
    );
    expect(bad({ n: { type: "int", low: -2, high: 8, log: true } })).toThrow(
      "a log range needs low > 0, got low -2",
    );
  });

  it("rejects a step that does not divide the range, with float tolerance", () => {
    expect(bad({ d: { type: "float", low: 0, high: 1, step: 0.3 } })).toThrow(
      'Parameter "d": step 0.3 does not divide the range 0..1',
    );
    expect(bad({ u: { type: "int", low: 8, high: 60, step: 8 } })).toThrow(
      'Parameter "u": step 8 does not divide the range 8..60',
    );
    // 0.7 / 0.1 is 6.999999999999999 in binary floating point: accepted.
    expect(() => validateSpace({ d: { type: "float", low: 0, high: 0.7, step: 0.1 } })).not.toThrow();
  });

  it("rejects non-positive steps and fractional int steps", () => {
    expect(bad({ d: { type: "float", low: 0, high: 1, step: 0 } })).toThrow(
      'Parameter "d": step must be positive, got 0',
    );
    expect(bad({ d: { type: "float", low: 0, high: 1, step: -0.5 } })).toThrow(
      "step must be positive, got -0.5",
    );
    expect(bad({ u: { type: "int", low: 0, high: 10, step: 2.5 } })).toThrow(
      "an int step must be an integer, got 2.5",
    );
  });

  it("rejects step combined with log", () => {
    expect(bad({ lr: { type: "float", low: 0.1, high: 1, log: true, step: 0.1 } })).toThrow(
      "a log float range cannot have a step",
    );
    expect(bad({ u: { type: "int", low: 1, high: 9, log: true, step: 2 } })).toThrow(
      "cannot have a step other than 1, got step 2",
    );
  });

  it("rejects non-integer int bounds", () => {
    expect(bad({ u: { type: "int", low: 0.5, high: 10 } })).toThrow(
      'Parameter "u": int bounds must be integers, got low 0.5 and high 10',
    );
  });

  it("rejects empty and duplicate choice lists and bad choice types", () => {
    expect(bad({ c: { type: "categorical", choices: [] } })).toThrow(
      'Parameter "c": the choice list is empty',
    );
    expect(bad({ c: { type: "categorical", choices: ["a", "b", "a"] } })).toThrow(
      'Parameter "c": duplicate choice "a"',
    );
    expect(bad({ c: { type: "categorical", choices: [1, NaN] } })).toThrow("got NaN");
    expect(bad({ c: { type: "categorical", choices: [{}] } })).toThrow(
      "choices must be strings, booleans or finite numbers",
    );
  });

  it("rejects conditions on missing parameters, on itself, with impossible values, and cycles", () => {
    expect(
      bad({ m: { type: "float", low: 0, high: 1, condition: { param: "opt", values: ["sgd"] } } }),
    ).toThrow('Parameter "m": condition refers to unknown parameter "opt"');
    expect(bad({ m: { type: "float", low: 0, high: 1, condition: { param: "m", min: 0 } } })).toThrow(
      "conditional on itself",
    );
    expect(
      bad({
        opt: { type: "categorical", choices: ["sgd", "adam"] },
        m: { type: "float", low: 0, high: 1, condition: { param: "opt", values: ["nadam"] } },
      }),
    ).toThrow('condition value "nadam" is not a possible value of "opt"');
    expect(
      bad({
        a: { type: "float", low: 0, high: 1, condition: { param: "c", min: 0.5 } },
        b: { type: "float", low: 0, high: 1, condition: { param: "a", min: 0.5 } },
        c: { type: "float", low: 0, high: 1, condition: { param: "b", min: 0.5 } },
      }),
    ).toThrow(/condition cycle "a" -> "c" -> "b" -> "a"/);
    expect(
      bad({
        opt: { type: "categorical", choices: ["sgd"] },
        m: { type: "float", low: 0, high: 1, condition: { param: "opt" } },
      }),
    ).toThrow('condition on "opt" needs values or min/max');
    expect(
      bad({
        x: { type: "float", low: 0, high: 1 },
        m: { type: "float", low: 0, high: 1, condition: { param: "x", min: 0.8, max: 0.2 } },
      }),
    ).toThrow("condition min (0.8) is greater than max (0.2)");
  });

  it("rejects unknown types, unknown fields and non-finite numbers", () => {
    expect(bad({ x: { type: "uniform", low: 0, high: 1 } })).toThrow('Parameter "x": unknown type "uniform"');
    expect(bad({ x: { type: "float", low: 0, hgih: 1 } })).toThrow(/unknown parameter field "hgih"/);
    expect(bad({ x: { type: "float", low: -Infinity, high: 1 } })).toThrow(
      'Parameter "x": low must be a finite number, got -Infinity',
    );
    expect(bad({ x: { type: "float", low: 0, high: NaN } })).toThrow("high must be a finite number, got NaN");
    expect(bad({ x: { type: "float", low: 0, high: 1, step: Infinity } })).toThrow(
      "step must be a finite number, got Infinity",
    );
    expect(bad({ x: { type: "float", low: "0", high: 1 } })).toThrow('low must be a finite number, got "0"');
  });

  it("rejects a space that is not an object or has no parameters", () => {
    expect(bad(null)).toThrow("A search space must be an object");
    expect(bad([])).toThrow("A search space must be an object");
    expect(bad({})).toThrow("The search space has no parameters");
  });
});

describe("validateSpace on hostile input", () => {
  it("refuses parameter names that could reach a prototype", () => {
    for (const name of ["__proto__", "constructor", "prototype"]) {
      const space = { ok: { type: "float", low: 0, high: 1 } } as Record<string, unknown>;
      Object.defineProperty(space, name, {
        value: { type: "float", low: 0, high: 1 },
        enumerable: true,
      });
      expect(bad(space)).toThrow(`Parameter "${name}": this name is reserved`);
    }
  });

  it("refuses ranges too wide for a double, naming the parameter and the values", () => {
    expect(bad({ x: { type: "float", low: -1e308, high: 1e308 } })).toThrow(
      'Parameter "x": the range -1e+308..1e+308 is too wide: high - low is not a finite number',
    );
    // high - low is finite, but widening by half a step at each end is not.
    expect(bad({ x: { type: "float", low: -1.7e308, high: -1.7e308, step: 1e308 } })).toThrow(
      'Parameter "x": the range -1.7e+308..-1.7e+308 is too wide to sample',
    );
    expect(bad({ n: { type: "int", low: 0, high: 2 ** 60 } })).toThrow(
      `Parameter "n": int bounds must lie within ±${Number.MAX_SAFE_INTEGER}, got low 0 and high ${2 ** 60}`,
    );
    expect(bad({ x: { type: "float", low: 0, high: 1e300, step: 5e-324 } })).toThrow(
      'Parameter "x": step 5e-324 is too small for the range 0..1e+300',
    );
    // The widest range a double allows is still accepted, and sampled inside its bounds.
    const wide: ParamSpec = { type: "float", low: -Number.MAX_VALUE / 2, high: Number.MAX_VALUE / 2 };
    expect(() => validateSpace({ x: wide })).not.toThrow();
    const x = sampleUniform(wide, new Rng(1)) as number;
    expect(Number.isFinite(x) && x >= wide.low && x <= wide.high).toBe(true);
  });

  it("lets every sampler propose values inside the widest ranges it accepts", () => {
    const space: SearchSpace = {
      centred: { type: "float", low: -Number.MAX_VALUE / 2, high: Number.MAX_VALUE / 2 },
      top: { type: "float", low: Number.MAX_VALUE / 2, high: Number.MAX_VALUE },
      ints: { type: "int", low: -Number.MAX_SAFE_INTEGER, high: Number.MAX_SAFE_INTEGER },
      tiny: { type: "float", low: 1e-300, high: 1e300, log: true },
    };
    for (const name of ["random", "qmc", "grid", "tpe", "gp"] as const) {
      const options =
        name === "tpe" || name === "gp" ? { nStartupTrials: 2 } : name === "grid" ? { n: 4 } : {};
      const study = createStudy({ space, sampler: { name, ...options }, seed: 5 });
      for (let i = 0; i < 6; i++) {
        const { number, params } = study.ask();
        for (const [param, spec] of Object.entries(space)) {
          const v = params[param] as number;
          const low = (spec as { low: number }).low;
          const high = (spec as { high: number }).high;
          expect(Number.isFinite(v) && v >= low && v <= high, `${name}: ${param} = ${v}`).toBe(true);
        }
        study.tell(number, Math.sin(i));
      }
    }
  });

  it("describes values that have no string form, briefly and without throwing", () => {
    const nullProto = Object.assign(Object.create(null) as object, { a: 1 });
    expect(bad({ x: { type: "float", low: nullProto, high: 1 } })).toThrow(
      'Parameter "x": low must be a finite number, got {"a": 1}',
    );
    expect(bad({ x: { type: "categorical", choices: [{ toString: {} }] } })).toThrow(
      'choices must be strings, booleans or finite numbers, got {"toString": {}}',
    );
    expect(bad({ x: { type: nullProto, low: 0, high: 1 } })).toThrow('Parameter "x": unknown type {"a": 1}');
    expect(bad({ x: { type: "float", low: 10n, high: 1 } })).toThrow("got 10n");
    expect(bad({ x: { type: "float", low: Symbol("s"), high: 1 } })).toThrow("got a symbol");
    expect(bad({ x: { type: "float", low: new Date(0), high: 1 } })).toThrow("got a Date");
    // Deep nesting is cut after a few levels; long text is cut to about a hundred characters.
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(bad({ x: { type: "categorical", choices: [deep] } })).toThrow("got [[[[an array of 1]]]]");
    expect(() => validateSpace({ x: { type: "float", low: "y".repeat(5_000), high: 1 } } as never)).toThrow(
      /got "y{90,}…$/,
    );
    try {
      validateSpace({ x: { type: "float", low: "y".repeat(5_000), high: 1 } } as never);
    } catch (e) {
      expect((e as Error).message.length).toBeLessThan(200);
    }
  });

  it("quotes odd parameter names as JSON, so a message stays on one line", () => {
    // The name is a, a quote, a line break and b: written escaped, the message keeps to one line.
    const name = ["a", '"', "\n", "b"].join("");
    expect(bad({ [name]: { type: "uniform" } })).toThrow(
      `Parameter ${JSON.stringify(name)}: unknown type "uniform"`,
    );
    expect(JSON.stringify(name)).toBe(String.raw`"a\"\nb"`);
    expect(bad({ [name]: { type: "uniform" } })).toThrow(/^[^\n]*$/);
  });
});

describe("conditional parameters", () => {
  const space: SearchSpace = {
    nesterov: { type: "categorical", choices: [true, false], condition: { param: "momentum", min: 0.5 } },
    momentum: { type: "float", low: 0, high: 1, condition: { param: "opt", values: ["sgd"] } },
    opt: { type: "categorical", choices: ["sgd", "adam"] },
    lr: { type: "float", low: 1e-3, high: 1, log: true },
  };

  it("orders parents before children, otherwise keeping declaration order", () => {
    expect(topologicalOrder(space)).toEqual(["opt", "momentum", "nesterov", "lr"]);
  });

  it("makes a child active only when its parent is active and matches", () => {
    expect(isActive("lr", space, {})).toBe(true);
    expect(isActive("momentum", space, { opt: "sgd" })).toBe(true);
    expect(isActive("momentum", space, { opt: "adam" })).toBe(false);
    expect(isActive("nesterov", space, { opt: "sgd", momentum: 0.9 })).toBe(true);
    expect(isActive("nesterov", space, { opt: "sgd", momentum: 0.2 })).toBe(false);
    // A stale momentum value does not activate nesterov when momentum itself is inactive.
    expect(isActive("nesterov", space, { opt: "adam", momentum: 0.9 })).toBe(false);
    expect(activeParams(space, { opt: "sgd", momentum: 0.9, nesterov: true, lr: 0.1 })).toEqual([
      "opt",
      "momentum",
      "nesterov",
      "lr",
    ]);
    expect(activeParams(space, { opt: "adam", lr: 0.1 })).toEqual(["opt", "lr"]);
    expect(() => isActive("nope", space, {})).toThrow('Unknown parameter "nope"');
  });

  it("checks whole assignments", () => {
    expect(() => checkParams(space, { opt: "adam", lr: 0.1 })).not.toThrow();
    expect(() => checkParams(space, { opt: "sgd", lr: 0.1 })).toThrow(
      'Parameter "momentum" is active but missing',
    );
    expect(() => checkParams(space, { opt: "adam", momentum: 0.3, lr: 0.1 })).toThrow(
      'Parameter "momentum" is inactive but present',
    );
    expect(() => checkParams(space, { opt: "adam", lr: 2 })).toThrow('Parameter "lr": value 2 is not valid');
    expect(() => checkParams(space, { opt: "adam", lr: 0.1, extra: 1 })).toThrow('Unknown parameter "extra"');
  });
});

describe("transform", () => {
  const logFloat: ParamSpec = { type: "float", low: 1e-4, high: 1, log: true };
  const steppedFloat: ParamSpec = { type: "float", low: 0.1, high: 0.9, step: 0.1 };
  const steppedInt: ParamSpec = { type: "int", low: 8, high: 64, step: 8 };
  const logInt: ParamSpec = { type: "int", low: 1, high: 1024, log: true };
  const cat: ParamSpec = { type: "categorical", choices: ["a", "b", "c"] };

  it("gives internal bounds: logs, half-step widening, choice indices", () => {
    const [a, b] = internalBounds(logFloat);
    expect(a).toBeCloseTo(Math.log(1e-4), 12);
    expect(b).toBeCloseTo(0, 12);
    expect(internalBounds(steppedInt)).toEqual([4, 68]);
    expect(internalBounds(steppedFloat)[0]).toBeCloseTo(0.05, 12);
    expect(internalBounds(steppedFloat)[1]).toBeCloseTo(0.95, 12);
    expect(internalBounds(logInt)).toEqual([Math.log(0.5), Math.log(1024.5)]);
    expect(internalBounds(cat)).toEqual([-0.5, 2.5]);
  });

  it("round-trips every valid value and snaps arbitrary coordinates to valid ones", () => {
    for (const v of [1e-4, 0.003, 1])
      expect(fromInternal(logFloat, toInternal(logFloat, v)) as number).toBeCloseTo(v, 12);
    for (let k = 1; k <= 9; k++) {
      const v = Number((k / 10).toFixed(1));
      expect(fromInternal(steppedFloat, toInternal(steppedFloat, v))).toBe(v);
    }
    expect(fromInternal(steppedFloat, 0.2999999)).toBe(0.3);
    expect(fromInternal(steppedFloat, 0.26)).toBe(0.3);
    expect(fromInternal(steppedInt, 13)).toBe(16);
    expect(fromInternal(steppedInt, 1000)).toBe(64);
    expect(fromInternal(steppedInt, -1000)).toBe(8);
    expect(fromInternal(logInt, Math.log(1024.49))).toBe(1024);
    expect(fromInternal(cat, 1.4)).toBe("b");
    expect(fromInternal(cat, 9)).toBe("c");
    expect(toInternal(cat, "c")).toBe(2);
    expect(() => toInternal(cat, "z")).toThrow('Value "z" is not one of the choices');
    expect(() => fromInternal(cat, NaN)).toThrow("Internal coordinate must be finite, got NaN");
  });

  it("samples uniformly in internal space: log-uniform, equal chances for ints and choices", () => {
    const rng = new Rng(3);
    const counts = new Map<unknown, number>();
    const intSpec: ParamSpec = { type: "int", low: 1, high: 4 };
    const n = 40000;
    let belowMillesimal = 0;
    for (let i = 0; i < n; i++) {
      const v = sampleUniform(intSpec, rng);
      counts.set(v, (counts.get(v) ?? 0) + 1);
      if ((sampleUniform(logFloat, rng) as number) < 1e-2) belowMillesimal++;
    }
    for (const v of [1, 2, 3, 4]) expect(counts.get(v)! / n).toBeGreaterThan(0.23);
    // Log-uniform on [1e-4, 1]: P(x < 1e-2) = 1/2.
    expect(belowMillesimal / n).toBeGreaterThan(0.48);
    expect(belowMillesimal / n).toBeLessThan(0.52);
  });

  it("splits ranges into grid values, deduplicated after snapping", () => {
    expect(gridValues({ type: "float", low: 0, high: 1 }, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(gridValues({ type: "int", low: 1, high: 3 }, 5)).toEqual([1, 2, 3]);
    expect(gridValues(steppedInt, 3)).toEqual([8, 40, 64]);
    const lr = gridValues(logFloat, 5) as number[];
    expect(lr[0]).toBe(1e-4);
    expect(lr[2]).toBeCloseTo(1e-2, 12);
    expect(lr[4]).toBe(1);
    expect(gridValues(cat, 2)).toEqual(["a", "b", "c"]);
    expect(gridValues({ type: "float", low: 2, high: 2 }, 4)).toEqual([2]);
    expect(gridValues({ type: "float", low: 0, high: 1 }, 1)).toEqual([0.5]);
    expect(() => gridValues(logFloat, 0)).toThrow("must be an integer >= 1, got 0");
  });

  it("counts distinct values", () => {
    expect(countValues(steppedInt)).toBe(8);
    expect(countValues(steppedFloat)).toBe(9);
    expect(countValues(cat)).toBe(3);
    expect(countValues(logFloat)).toBe(Infinity);
    expect(countValues({ type: "float", low: 1, high: 1 })).toBe(1);
  });
});
