import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  PROTOTYPE_KEYS,
  deeplyNested,
  edgeNumber,
  isDeliberateError,
  mutate,
  mutation,
  prototypePolluted,
  prototypeSnapshot,
  withOwnKey,
  wrongValue,
} from "../hostile-input.property";
import { checkParams, validateSpace } from "./space";
import { createStudy, loadStudy } from "./study";
import type { SearchSpace } from "./types";

const VALID: SearchSpace = {
  lr: { type: "float", low: 1e-4, high: 0.1, log: true },
  dropout: { type: "float", low: 0, high: 0.5, step: 0.1 },
  units: { type: "int", low: 4, high: 64, log: true },
  layers: { type: "int", low: 1, high: 3 },
  optimizer: { type: "categorical", choices: ["sgd", "momentum", "adam"] },
  momentum: { type: "float", low: 0.8, high: 0.99, condition: { param: "optimizer", values: ["momentum"] } },
  units2: { type: "int", low: 2, high: 32, condition: { param: "layers", min: 2 } },
};
const pristine = prototypeSnapshot();

afterEach(() => {
  expect(prototypeSnapshot()).toBe(pristine);
  expect(prototypePolluted()).toBe(false);
});

/** validateSpace either accepts, or throws a plain Error naming the parameter or the space. */
function check(space: unknown): "accepted" | "refused" {
  try {
    validateSpace(space as SearchSpace);
    return "accepted";
  } catch (error) {
    expect(isDeliberateError(error), `not a deliberate refusal: ${String(error)}`).toBe(true);
    expect((error as Error).message).toMatch(
      /^(Parameter "|A search space|The search space|A parameter name)/,
    );
    return "refused";
  }
}

/** An accepted space must work: a study on it asks trials whose parameters fit it. */
function expectUsable(space: SearchSpace): void {
  for (const sampler of ["random", "tpe"] as const) {
    const study = createStudy({ space, sampler: { name: sampler }, seed: 1 });
    for (let i = 0; i < 3; i++) {
      const { number, params } = study.ask();
      checkParams(space, params);
      for (const name of Object.keys(params)) expect(Object.hasOwn(space, name)).toBe(true);
      study.tell(number, 1 / (i + 1));
    }
    // And what it saves loads again.
    expect(loadStudy(JSON.parse(JSON.stringify(study.toJSON()))).trials).toHaveLength(3);
  }
}

describe("validateSpace under generated malformed input", () => {
  it("refuses any value that is not a space with a message, never a crash", () => {
    fc.assert(
      fc.property(fc.oneof(wrongValue, fc.anything({ withNullPrototype: true })), (space) => {
        check(space);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses or accepts one-place mutations of a valid space; what it accepts can be sampled", () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const { value } = mutate(VALID, m);
        if (check(value) === "accepted") expectUsable(value as SearchSpace);
      }),
      { numRuns: 1_000 },
    );
  });

  it("refuses wrong types in each field of a parameter, naming the parameter", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(VALID)),
        fc.constantFrom("type", "low", "high", "log", "step", "choices", "condition"),
        wrongValue,
        (name, field, value) => {
          const space = JSON.parse(JSON.stringify(VALID)) as Record<string, Record<string, unknown>>;
          space[name][field] = value;
          if (check(space) === "refused") {
            try {
              validateSpace(space as unknown as SearchSpace);
            } catch (error) {
              const message = (error as Error).message;
              // The message names the parameter at fault (or, for a broken parent, its child).
              expect(message).toMatch(/^Parameter "/);
            }
          } else {
            expectUsable(space as unknown as SearchSpace);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it("handles huge and non-finite bounds by refusing them or by sampling inside them", () => {
    const sampleOrRefuse = (low: number, high: number, type: string, log: boolean): void => {
      const space = { x: { type, low, high, log } } as unknown as SearchSpace;
      if (check(space) === "refused") return;
      const study = createStudy({ space, seed: 3 });
      const x = study.ask().params.x as number;
      expect(Number.isFinite(x)).toBe(true);
      expect(x >= low && x <= high).toBe(true);
    };
    // A range wider than the largest double (high - low overflows).
    sampleOrRefuse(-1e308, 1e308, "float", false);
    sampleOrRefuse(-Number.MAX_VALUE, Number.MAX_VALUE, "int", false);
    fc.assert(
      fc.property(
        edgeNumber,
        edgeNumber,
        fc.constantFrom("float", "int"),
        fc.boolean(),
        (low, high, type, log) => {
          const space = { x: { type, low, high, log } } as unknown as SearchSpace;
          if (check(space) === "accepted") {
            const study = createStudy({ space, seed: 3 });
            const x = study.ask().params.x as number;
            expect(Number.isFinite(x)).toBe(true);
            expect(x >= low && x <= high).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never lets a parameter named like a prototype key reach a prototype", () => {
    for (const key of PROTOTYPE_KEYS) {
      const space = withOwnKey(key, { type: "float", low: 0, high: 1 }, VALID) as unknown as SearchSpace;
      if (check(space) === "refused") continue;
      // Accepted: the parameter must then be an own, sampled value of every trial.
      const study = createStudy({ space, seed: 2 });
      const { params } = study.ask();
      expect(Object.hasOwn(params, key), `parameter "${key}" was not sampled as an own value`).toBe(true);
      expect(typeof params[key]).toBe("number");
    }
  });

  it("refuses deeply nested values in any field with a message, without overflowing the stack", () => {
    for (const kind of ["array", "object"] as const) {
      const deep = deeplyNested(100_000, kind);
      expect(check(deep)).toBe("refused");
      expect(check({ x: deep })).toBe("refused");
      expect(check({ x: { type: "categorical", choices: [deep] } })).toBe("refused");
      expect(check({ x: { type: "float", low: deep, high: 1 } })).toBe("refused");
    }
  });

  it("refuses cyclic and self-referencing conditions", () => {
    const cyclic = {
      a: { type: "int", low: 0, high: 3, condition: { param: "b", min: 1 } },
      b: { type: "int", low: 0, high: 3, condition: { param: "a", min: 1 } },
    } as SearchSpace;
    expect(check(cyclic)).toBe("refused");
    const self = { a: { type: "int", low: 0, high: 3, condition: { param: "a", min: 1 } } } as SearchSpace;
    expect(check(self)).toBe("refused");
  });
});
