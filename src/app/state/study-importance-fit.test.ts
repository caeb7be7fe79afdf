import { describe, expect, it } from "vitest";
import type { SearchSpace } from "../../core/search/index";
import type { ImportanceOutcome, ImportanceRequest } from "../../shared/analysis";
import { analysisApi } from "../../../workers/analysis-api";
import {
  ImportanceFitter,
  TOO_FEW_NOTE,
  importanceRequest,
  viewOf,
  type ImportanceView,
} from "./study-importance-fit";
import { fakeTimers } from "./study-test-fakes";
import type { LiveTrial, LiveTrialState } from "./study-trials";

const space: SearchSpace = {
  learning_rate: { type: "float", low: 1e-5, high: 1, log: true },
  units: { type: "int", low: 2, high: 16 },
};

function trial(number: number, state: LiveTrialState, value?: number): LiveTrial {
  const t: LiveTrial = {
    number,
    params: { learning_rate: 10 ** (-4 + (number % 4)), units: 2 + number },
    state,
    startedAt: 1000 * number,
    intermediate: { 1: 0.9, 2: 0.8 },
    epochs: [],
    worker: number % 2,
  };
  if (value !== undefined) t.value = value;
  return t;
}

/** `n` complete trials whose value follows the learning rate. */
const complete = (n: number) =>
  Array.from({ length: n }, (_, i) => trial(i, "complete", Math.abs(-4 + (i % 4) + 2)));

const settle = () => new Promise<void>((r) => setImmediate(r));

/** A fitter whose fits wait until the test answers them. */
function harness(intervalMs = 3000) {
  const f = fakeTimers();
  const calls: {
    request: ImportanceRequest;
    answer: (o: ImportanceOutcome) => void;
    fail: (e: Error) => void;
  }[] = [];
  const views: ImportanceView[] = [];
  const fitter = new ImportanceFitter(
    (request) =>
      new Promise((answer, fail) => {
        calls.push({ request, answer, fail });
      }),
    (view) => views.push(view),
    { intervalMs, env: f.env },
  );
  return { f, calls, views, fitter };
}

describe("importanceRequest", () => {
  it("keeps the complete trials with a finite value, as plain engine records without intermediate values", () => {
    const trials = [
      ...complete(3),
      trial(3, "pruned", 0.5),
      trial(4, "running"),
      trial(5, "complete", NaN),
      trial(6, "interrupted"),
    ];
    const request = importanceRequest(space, trials, "minimize");
    expect(request.trials.map((t) => t.number)).toEqual([0, 1, 2]);
    expect(request.trials[0]).toEqual({
      number: 0,
      params: trials[0].params,
      state: "complete",
      value: 2,
      intermediate: {},
    });
    expect(request.trials[0].params).not.toBe(trials[0].params);
    expect(request.space).toEqual(space);
    expect(request.space).not.toBe(space);
    expect(request.direction).toBe("minimize");
    expect(structuredClone(request)).toEqual(request);
  });

  it("copies a space that cannot be cloned (a proxy, as runes make) into one that can", () => {
    const proxied = new Proxy(space, {});
    expect(() => structuredClone(proxied)).toThrow();
    expect(structuredClone(importanceRequest(proxied, complete(2), "maximize").space)).toEqual(space);
  });

  it("what the worker makes of it: bars, or the note for too few trials", () => {
    const bars = viewOf(analysisApi.importance(importanceRequest(space, complete(8), "minimize")));
    expect(bars.note).toBeNull();
    expect(Object.keys(bars.importance)).toEqual(["learning_rate", "units"]);
    const tooFew = viewOf(
      analysisApi.importance(importanceRequest(space, [trial(0, "complete", 1)], "minimize")),
    );
    expect(tooFew).toEqual({ importance: {}, note: TOO_FEW_NOTE });
    expect(viewOf({ error: "Importance seed must be a finite number, got NaN" }).note).toBe(
      "Importance seed must be a finite number, got NaN",
    );
  });
});

describe("ImportanceFitter", () => {
  it("says there are too few trials at once, without asking the worker", () => {
    const { f, calls, views, fitter } = harness();
    fitter.update(space, [trial(0, "complete", 1), trial(1, "running")], "minimize");
    f.advance(10_000);
    expect(calls).toHaveLength(0);
    expect(views).toEqual([{ importance: {}, note: TOO_FEW_NOTE }]);
  });

  it("fits once per completed trial: the same trials again (an epoch report) ask for nothing", async () => {
    const { f, calls, views, fitter } = harness();
    const trials = complete(3);
    fitter.update(space, trials, "minimize");
    fitter.update(space, [...trials, trial(3, "running")], "minimize");
    f.advance(0);
    expect(calls).toHaveLength(1);
    calls[0].answer({ importance: { learning_rate: 0.75, units: 0.25 } });
    await settle();
    expect(views).toEqual([{ importance: { learning_rate: 0.75, units: 0.25 }, note: null }]);
    fitter.update(space, trials, "minimize");
    f.advance(10_000);
    expect(calls).toHaveLength(1);
  });

  it("keeps one fit in flight; trials completing meanwhile coalesce into one fit of the latest", async () => {
    const { f, calls, views, fitter } = harness(0);
    fitter.update(space, complete(2), "minimize");
    f.advance(0);
    fitter.update(space, complete(3), "minimize");
    fitter.update(space, complete(4), "minimize");
    fitter.update(space, complete(5), "minimize");
    f.advance(0);
    expect(calls).toHaveLength(1);
    calls[0].answer({ importance: { learning_rate: 1, units: 0 } });
    await settle();
    f.advance(0);
    expect(calls.map((c) => c.request.trials.length)).toEqual([2, 5]);
    calls[1].answer({ importance: { learning_rate: 0.6, units: 0.4 } });
    await settle();
    expect(views.map((v) => v.importance.learning_rate)).toEqual([1, 0.6]);
  });

  it("waits the interval between the starts of two fits", async () => {
    const { f, calls, fitter } = harness(3000);
    fitter.update(space, complete(2), "minimize");
    f.advance(0);
    calls[0].answer({ importance: { learning_rate: 1, units: 0 } });
    await settle();
    fitter.update(space, complete(3), "minimize");
    f.advance(2999);
    expect(calls).toHaveLength(1);
    f.advance(1);
    expect(calls).toHaveLength(2);
  });

  it("a worker that fails or crashes shows its reason in the note, and the next trial tries again", async () => {
    const { f, calls, views, fitter } = harness(0);
    fitter.update(space, complete(2), "minimize");
    f.advance(0);
    calls[0].fail(new Error("The analysis worker crashed: the worker failed to load or run"));
    await settle();
    expect(views).toEqual([
      {
        importance: {},
        note: "Importance could not be computed: The analysis worker crashed: the worker failed to load or run",
      },
    ]);
    fitter.update(space, complete(3), "minimize");
    f.advance(0);
    calls[1].answer({ error: "Importance option trees must be an integer >= 1, got 0" });
    await settle();
    expect(views.at(-1)).toEqual({
      importance: {},
      note: "Importance option trees must be an integer >= 1, got 0",
    });
  });

  it("shows nothing after dispose, and asks for nothing more", async () => {
    const { f, calls, views, fitter } = harness(0);
    fitter.update(space, complete(2), "minimize");
    f.advance(0);
    fitter.update(space, complete(3), "minimize");
    fitter.dispose();
    calls[0].answer({ importance: { learning_rate: 1, units: 0 } });
    await settle();
    fitter.update(space, complete(4), "minimize");
    f.advance(10_000);
    expect(calls).toHaveLength(1);
    expect(views).toEqual([]);
    expect(f.timers).toHaveLength(0);
  });
});
