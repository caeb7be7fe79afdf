import { describe, expect, it } from "vitest";
import { objectiveCurve } from "../study/study-config";
import { exampleStudyExportBody } from "./example-study";
import { optunaDistribution, optunaInternalValue, optunaTime, toOptunaJournal } from "./optuna-journal";

type Op = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("Optuna journal pieces", () => {
  it("encodes distributions as optuna.distributions.distribution_to_json does", () => {
    expect(optunaDistribution({ type: "float", low: 0.001, high: 0.1, log: true })).toEqual({
      name: "FloatDistribution",
      attributes: { step: null, low: 0.001, high: 0.1, log: true },
    });
    expect(optunaDistribution({ type: "float", low: 0, high: 0.5, step: 0.1 }).attributes).toEqual({
      step: 0.1,
      low: 0,
      high: 0.5,
      log: false,
    });
    expect(optunaDistribution({ type: "int", low: 16, high: 128, log: true })).toEqual({
      name: "IntDistribution",
      attributes: { log: true, step: 1, low: 16, high: 128 },
    });
    expect(optunaDistribution({ type: "int", low: 0, high: 10, step: 2 }).attributes).toMatchObject({
      step: 2,
    });
    expect(optunaDistribution({ type: "categorical", choices: ["a", true, 3] })).toEqual({
      name: "CategoricalDistribution",
      attributes: { choices: ["a", true, 3] },
    });
  });

  it("stores categorical values as their index and numbers as they are", () => {
    expect(optunaInternalValue({ type: "categorical", choices: ["sgd", "adam"] }, "adam")).toBe(1);
    expect(optunaInternalValue({ type: "categorical", choices: [false, true] }, false)).toBe(0);
    expect(optunaInternalValue({ type: "float", low: 0, high: 1 }, 0.25)).toBe(0.25);
    expect(() => optunaInternalValue({ type: "categorical", choices: ["sgd"] }, "adam")).toThrow(
      'Value "adam" is not one of ["sgd"]',
    );
  });

  it("writes times as Python's isoformat with microseconds, in UTC", () => {
    expect(optunaTime(new Date("2025-03-01T09:30:00.123Z"))).toBe("2025-03-01T09:30:00.123000");
    expect(() => optunaTime(new Date("nope"))).toThrow("Invalid time");
  });
});

describe("toOptunaJournal", () => {
  const body = exampleStudyExportBody();
  const text = toOptunaJournal(body.config, body.trials, { fallbackTime: new Date("2025-03-02T00:00:00Z") });
  const ops: Op[] = text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));

  it("is one JSON operation per line, each with an op code and a worker id", () => {
    expect(text.endsWith("\n")).toBe(true);
    for (const op of ops) {
      expect(typeof op.op_code).toBe("number");
      expect(op.worker_id).toBe("tunelab-export");
    }
    expect(ops[0]).toEqual({
      op_code: 0,
      worker_id: "tunelab-export",
      study_name: body.config.name,
      directions: [1],
    });
  });

  it("writes each trial as Optuna does: create, parameters, intermediate values, attributes, finish", () => {
    const trialOps = ops.filter((op) => op.op_code >= 4);
    const created = trialOps.filter((op) => op.op_code === 4);
    expect(created).toHaveLength(body.trials.length);
    body.trials.forEach((t, id) => {
      const own = trialOps.filter((op) => op.trial_id === id);
      const params = own.filter((op) => op.op_code === 5);
      expect(Object.fromEntries(params.map((op) => [op.param_name, op.param_value_internal]))).toEqual(
        Object.fromEntries(
          Object.entries(t.params).map(([k, v]) => [k, optunaInternalValue(body.config.space[k], v)]),
        ),
      );
      for (const op of params)
        expect(JSON.parse(op.distribution)).toEqual(optunaDistribution(body.config.space[op.param_name]));
      const steps = own.filter((op) => op.op_code === 7);
      expect(steps.map((op) => [op.step, op.intermediate_value])).toEqual(
        t.epochs.map((e, k) => [e.epoch, objectiveCurve(t.epochs, body.config.objective)[k]]),
      );
      const finish = own.filter((op) => op.op_code === 6);
      expect(finish).toHaveLength(1);
      expect(own[own.length - 1]).toBe(finish[0]);
      const state = { complete: 1, pruned: 2, failed: 3, running: 3, interrupted: 3 }[t.state];
      expect(finish[0].state).toBe(state);
      expect(finish[0].values).toEqual(t.value === null ? null : [t.value]);
      expect(typeof finish[0].datetime_complete).toBe("string");
    });
  });

  it("reports the objective so far at each epoch (the best epoch so far, for this study)", () => {
    const t = body.trials[0];
    const values = ops
      .filter((op) => op.op_code === 7 && op.trial_id === 0)
      .map((op) => op.intermediate_value);
    expect(values[3]).toBe(values[2]);
    expect(values[3]).toBeLessThan(t.epochs[3].valLoss);
    expect(values[5]).toBe(t.epochs[5].valLoss);
  });

  it("keeps an interrupted trial's Tunelab state and reason as user attributes", () => {
    const interrupted = body.trials.findIndex((t) => t.state === "interrupted");
    const attrs = ops
      .filter((op) => op.op_code === 8 && op.trial_id === interrupted)
      .map((op) => op.user_attr);
    expect(attrs).toEqual([
      { reason: "the page was closed" },
      { worker: interrupted % 2 },
      { tunelab_state: "interrupted" },
    ]);
    const finish = ops.find((op) => op.op_code === 6 && op.trial_id === interrupted)!;
    // It has no end time: the start time stands in, as Optuna needs one for a finished trial.
    expect(finish.datetime_complete).toBe(optunaTime(new Date(body.trials[interrupted].startedAt!)));
  });

  it("keeps a trial's test-set score as the user attributes test_loss and test_accuracy", () => {
    const trials = exampleStudyExportBody().trials.map((t, i) =>
      i === 0 ? { ...t, test: { loss: 0.3, metric: 0.9 } } : t,
    );
    const attrs = toOptunaJournal(body.config, trials)
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { op_code: number; trial_id?: number; user_attr?: object })
      .filter((op) => op.op_code === 8);
    expect(attrs.filter((op) => op.trial_id === 0).map((op) => op.user_attr)).toEqual(
      expect.arrayContaining([{ test_loss: 0.3 }, { test_accuracy: 0.9 }]),
    );
    expect(attrs.some((op) => op.trial_id === 1 && "test_loss" in (op.user_attr ?? {}))).toBe(false);
  });

  it("refuses trials out of order, parameters outside the space and complete trials without a value", () => {
    expect(() => toOptunaJournal(body.config, body.trials.slice(1))).toThrow("trial at index 0 has number 1");
    const bad = exampleStudyExportBody().trials;
    bad[0].params.learningRate = 7;
    expect(() => toOptunaJournal(body.config, bad)).toThrow('Parameter "learningRate": value 7 is not valid');
    const noValue = exampleStudyExportBody().trials;
    noValue[0].value = null;
    expect(() => toOptunaJournal(body.config, noValue)).toThrow("Trial 0 is complete but has no value");
  });
});
