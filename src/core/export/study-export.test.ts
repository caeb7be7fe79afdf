import { describe, expect, it } from "vitest";
import { exampleStudyExportBody } from "./example-study";
import { parseStudyExport, serializeStudyExport, type StudyExport } from "./study-export";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXPORTED_AT = new Date("2025-03-02T08:00:00.000Z");
const BODY = exampleStudyExportBody();
const TEXT = serializeStudyExport(BODY, EXPORTED_AT);

const fresh = (): Json => JSON.parse(TEXT);

function errorOf(file: Json | string): string {
  const result = parseStudyExport(typeof file === "string" ? file : JSON.stringify(file));
  if (result.ok) throw new Error("expected the file to be refused");
  return result.error;
}

describe("study export", () => {
  it("round-trips a study with complete, pruned, failed and interrupted trials", () => {
    const result = parseStudyExport(TEXT);
    const expected: StudyExport = {
      format: "tunelab-study",
      version: 2,
      exportedAt: EXPORTED_AT.toISOString(),
      study: BODY,
    };
    expect(result).toEqual({ ok: true, value: expected });
    expect(BODY.trials.map((t) => t.state)).toEqual([
      "complete",
      "complete",
      "pruned",
      "complete",
      "failed",
      "complete",
      "interrupted",
    ]);
  });

  it("accepts a file without a study id, with running trials and with null times", () => {
    const file = fresh();
    delete file.study.id;
    file.study.trials[6].state = "running";
    file.study.trials[6].startedAt = null;
    file.study.trials[0].worker = null;
    expect(parseStudyExport(JSON.stringify(file)).ok).toBe(true);
  });

  it("keeps trials' test scores (version 2), and refuses bad ones naming the field", () => {
    const body = exampleStudyExportBody();
    body.trials[0].test = { loss: 0.31, metric: 0.9 };
    body.trials[2].test = { loss: 0.5, metric: 0.75 };
    const parsed = parseStudyExport(serializeStudyExport(body, EXPORTED_AT));
    expect(parsed.ok && parsed.value.study.trials.map((t) => t.test)).toEqual([
      { loss: 0.31, metric: 0.9 },
      undefined,
      { loss: 0.5, metric: 0.75 },
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    const withScore = (): Json => {
      const file = fresh();
      file.study.trials[0].test = { loss: 0.31, metric: 0.9 };
      return file;
    };
    // Version 1 files had no test scores: they still read, but without the field.
    expect(errorOf({ ...withScore(), version: 1 })).toMatch(
      /study\.trials\[0\]\.test is not a known field \(allowed: number, params/,
    );
    expect(parseStudyExport(JSON.stringify({ ...fresh(), version: 1 })).ok).toBe(true);
    const bad = (change: (test: Json, file: Json) => void): string => {
      const file = withScore();
      change(file.study.trials[0].test, file);
      return errorOf(file);
    };
    expect(bad((t) => (t.metric = 1.5))).toContain(
      "study.trials[0].test.metric must be a number from 0 to 1, got 1.5",
    );
    expect(bad((t) => (t.loss = null))).toContain("study.trials[0].test.loss must be a number");
    expect(bad((t) => delete t.metric)).toContain("study.trials[0].test.metric is missing");
    expect(bad((t) => (t.extra = 1))).toContain("study.trials[0].test.extra is not a known field");
    expect(
      bad((_t, file) => {
        file.study.trials[6].test = { loss: 1, metric: 0.5 };
        file.study.trials[6].state = "running";
        file.study.trials[6].endedAt = null;
      }),
    ).toContain("study.trials[6].test must be left out for a running trial");
  });

  it("refuses to write a study that would not read back, naming the field", () => {
    const nan = exampleStudyExportBody();
    nan.trials[1].epochs[2].valLoss = NaN;
    expect(() => serializeStudyExport(nan)).toThrow(
      "Cannot export the study: Not a valid Tunelab study export: study.trials[1].epochs[2].valLoss must be a number of at least 0, got null",
    );
    const renumbered = exampleStudyExportBody();
    renumbered.trials[3].number = 4;
    expect(() => serializeStudyExport(renumbered)).toThrow("study.trials[3].number must be 3");
  });

  it("says what is wrong with a file that is not a study export", () => {
    expect(errorOf("")).toBe("The file is empty");
    expect(errorOf(TEXT.slice(0, 200))).toMatch(/^Malformed JSON at line \d+, column \d+: /);
    expect(errorOf("[1, 2]")).toBe("The file must hold a JSON object, got [1,2]");
    expect(errorOf({ format: "optuna", version: 1 })).toBe(
      'This is not a Tunelab study export: format must be "tunelab-study", got "optuna"',
    );
    expect(errorOf({ ...fresh(), version: 3 })).toBe(
      "Unsupported study export version 3 (this Tunelab reads versions 1 and 2)",
    );
    // The engine's own saved study has the same format tag but no study body.
    expect(errorOf(fresh().study.engine)).toContain("study is missing");
  });

  /** Named cases: a change to a valid file and what the message must contain. */
  const CASES: [string, (f: Json) => void, string][] = [
    [
      "an exportedAt that is not a time",
      (f) => (f.exportedAt = "yesterday"),
      'exportedAt must be an ISO 8601 time such as "2025-01-31T12:00:00.000Z", got "yesterday"',
    ],
    ["an unknown top-level field", (f) => (f.extra = true), "extra is not a known field"],
    ["a study name that is empty", (f) => (f.study.name = ""), "study.name must not be empty"],
    [
      "an impossible createdAt",
      (f) => (f.study.createdAt = "2025-02-30T25:00:00Z"),
      "study.createdAt must be an ISO 8601 time",
    ],
    [
      "a bad configuration",
      (f) => (f.study.config.budget.workers = 20),
      "study.config.budget.workers must be an integer from 1 to 8, got 20",
    ],
    ["trials that are not a list", (f) => (f.study.trials = {}), "study.trials must be an array, got {}"],
    [
      "a trial numbered out of order",
      (f) => (f.study.trials[2].number = 5),
      "study.trials[2].number must be 2 (trials are numbered from 0 in order), got 5",
    ],
    [
      "a parameter outside the space",
      (f) => (f.study.trials[1].params.learningRate = 3),
      'study.trials[1].params do not fit the search space: Parameter "learningRate": value 3 is not valid',
    ],
    [
      "an inactive parameter",
      (f) => (f.study.trials[1].params.units_3 = 8),
      'study.trials[1].params do not fit the search space: Parameter "units_3" is inactive but present',
    ],
    [
      "an unknown state",
      (f) => (f.study.trials[0].state = "done"),
      'study.trials[0].state must be one of "running", "complete", "pruned", "failed", "interrupted", got "done"',
    ],
    [
      "a complete trial without a value",
      (f) => (f.study.trials[0].value = null),
      "study.trials[0].value must be a number for a complete trial, got null",
    ],
    [
      "a failed trial with a value",
      (f) => (f.study.trials[4].value = 0.3),
      "study.trials[4].value must be null for a failed trial, got 0.3",
    ],
    [
      "a reason that is not text",
      (f) => (f.study.trials[0].reason = 42),
      "study.trials[0].reason must be a string, got 42",
    ],
    [
      "an end before the start",
      (f) => (f.study.trials[0].endedAt = "2025-03-01T09:00:00.000Z"),
      "study.trials[0].endedAt (2025-03-01T09:00:00.000Z) is before startedAt (2025-03-01T09:30:00.000Z)",
    ],
    [
      "a running trial with an end",
      (f) => {
        f.study.trials[6].state = "running";
        f.study.trials[6].endedAt = f.study.trials[6].startedAt;
      },
      "study.trials[6].endedAt must be null for a running trial",
    ],
    [
      "worker 8",
      (f) => (f.study.trials[0].worker = 8),
      "study.trials[0].worker must be an integer from 0 to 7, got 8",
    ],
    [
      "epochs misnumbered",
      (f) => (f.study.trials[0].epochs[1].epoch = 3),
      "study.trials[0].epochs[1].epoch must be 2 (epochs are numbered from 1 in order), got 3",
    ],
    [
      "a negative loss",
      (f) => (f.study.trials[0].epochs[0].trainLoss = -0.1),
      "study.trials[0].epochs[0].trainLoss must be a number of at least 0, got -0.1",
    ],
    [
      "an accuracy above 1",
      (f) => (f.study.trials[0].epochs[0].valMetric = 1.5),
      "study.trials[0].epochs[0].valMetric must be a number from 0 to 1, got 1.5",
    ],
    [
      "an epoch field too many",
      (f) => (f.study.trials[0].epochs[0].gpu = "yes"),
      "study.trials[0].epochs[0].gpu is not a known field",
    ],
    [
      "more epochs than the trial trains",
      (f) => f.study.trials[0].epochs.push({ ...f.study.trials[0].epochs[5], epoch: 7 }),
      "study.trials[0].epochs has 7 epochs, more than the trial's 6",
    ],
    [
      "an engine field missing",
      (f) => delete f.study.engine.samplerState,
      "study.engine.samplerState is missing",
    ],
    ["an engine space that differs", (f) => (f.study.engine.space.dropout.high = 0.4), "study.engine.space"],
    [
      "an engine direction that differs",
      (f) => (f.study.engine.direction = "maximize"),
      'study.engine.direction ("maximize") differs from study.config.objective.direction ("minimize")',
    ],
    [
      "an engine seed that differs",
      (f) => (f.study.engine.seed = 8),
      "study.engine.seed (8) differs from study.config.seed (7)",
    ],
    [
      "an engine sampler that differs",
      (f) => (f.study.engine.sampler = { name: "random" }),
      'study.engine.sampler ({"name":"random"}) differs from study.config.sampler',
    ],
    [
      "an engine trial with an unknown field",
      (f) => (f.study.engine.trials[0].note = "x"),
      "study.engine.trials[0].note is not a known field",
    ],
    [
      "an engine trial with a bad reason",
      (f) => (f.study.engine.trials[4].reason = { text: "x" }),
      'study.engine.trials[4].reason must be a string, got {"text":"x"}',
    ],
    [
      "an engine trial with a bad step",
      (f) => (f.study.engine.trials[0].intermediate["-1"] = 0.5),
      'study.engine.trials[0].intermediate["-1"] is not a step number',
    ],
    [
      "an engine sampler state the sampler refuses",
      (f) => (f.study.engine.samplerState = "garbage"),
      "study.engine cannot be loaded by the search engine",
    ],
    [
      "an engine trial count that differs",
      (f) => f.study.engine.trials.pop(),
      "study.trials has 7 trials but study.engine.trials has 6",
    ],
    [
      "parameters that differ from the engine's",
      (f) => (f.study.engine.trials[1].params.learningRate = 0.05),
      "study.trials[1].params",
    ],
    [
      "a state that differs from the engine's",
      (f) => (f.study.trials[0].state = "pruned"),
      'study.trials[0].state "pruned" does not match the engine\'s trial 0, which is complete',
    ],
    [
      "a value that differs from the engine's",
      (f) => (f.study.trials[0].value = 0.123),
      "study.trials[0].value (0.123) differs from the engine's trial 0",
    ],
    [
      "an intermediate value that differs from the epoch",
      (f) => (f.study.engine.trials[0].intermediate["2"] = 0.99),
      'study.engine.trials[0].intermediate["2"] (0.99) differs from the objective after epoch 2 of study.trials[0]',
    ],
    [
      "a raw epoch value where the best so far was reported",
      (f) => (f.study.engine.trials[0].intermediate["4"] = f.study.trials[0].epochs[3].valLoss),
      'study.engine.trials[0].intermediate["4"]',
    ],
    [
      "an intermediate step with no epoch",
      (f) => (f.study.engine.trials[2].intermediate["9"] = 0.5),
      "study.engine.trials[2].intermediate has steps 9 that match no epoch of study.trials[2]",
    ],
  ];

  it.each(CASES)("refuses %s, naming it", (_, change, message) => {
    const file = fresh();
    change(file);
    expect(errorOf(file)).toContain(message);
  });

  it("accepts one non-finite engine report after the last epoch (a diverged epoch)", () => {
    const file = fresh();
    file.study.engine.trials[4].intermediate["3"] = "NaN";
    expect(parseStudyExport(JSON.stringify(file)).ok).toBe(true);
  });

  it("refuses huge files, deep nesting and __proto__ keys before reading any field", () => {
    expect(errorOf(" ".repeat(64 * 1024 * 1024 + 1))).toBe(
      "The file is too large (64.0 MB; the limit is 64.0 MB)",
    );
    const deep = TEXT.replace(
      '"reason": "completed 6 epochs"',
      `"reason": ${"[".repeat(40)}${"]".repeat(40)}`,
    );
    expect(errorOf(deep)).toMatch(
      /^Malformed JSON at line \d+, column \d+: the data is nested more than 32 levels deep$/,
    );
    const proto = TEXT.replace('"name": "tpe"', '"name": "tpe", "__proto__": {"polluted": 1}');
    expect(errorOf(proto)).toMatch(
      /^Malformed JSON at line \d+, column \d+: the property name "__proto__" is not allowed$/,
    );
  });
});
