import { describe, expect, it } from "vitest";
import type { ScheduleConfig } from "../shared/train";
import {
  defaultSchedule,
  learningRateAt,
  ONE_CYCLE_RISE_FRACTION,
  SCHEDULE_KINDS,
  scheduleCurve,
  validateSchedule,
} from "./schedules";

const sched = (over: Partial<ScheduleConfig>): ScheduleConfig => ({ ...defaultSchedule(), ...over });

describe("learningRateAt", () => {
  it("keeps a constant rate", () => {
    const s = sched({ kind: "constant" });
    for (const step of [0, 5, 99]) expect(learningRateAt(step, 0.1, s, 10, 10)).toBe(0.1);
  });

  it("decays by gamma every stepEpochs epochs", () => {
    const s = sched({ kind: "step", gamma: 0.5, stepEpochs: 2 });
    // 10 steps per epoch: steps 0..19 are epochs 0-1, 20..39 epochs 2-3.
    expect(learningRateAt(0, 0.2, s, 10, 8)).toBeCloseTo(0.2, 12);
    expect(learningRateAt(19, 0.2, s, 10, 8)).toBeCloseTo(0.2, 12);
    expect(learningRateAt(20, 0.2, s, 10, 8)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(45, 0.2, s, 10, 8)).toBeCloseTo(0.05, 12);
  });

  it("keeps exact step-decay boundaries with fractional intervals", () => {
    const s = sched({ kind: "step", gamma: 0.1, stepEpochs: 0.1 });
    // 0.3 epochs = step 3 with 10 steps per epoch: three decays.
    expect(learningRateAt(3, 1, s, 10, 1)).toBeCloseTo(1e-3, 12);
  });

  it("decays exponentially and continuously in steps", () => {
    const s = sched({ kind: "exponential", gamma: 0.9 });
    expect(learningRateAt(0, 1, s, 4, 10)).toBe(1);
    expect(learningRateAt(4, 1, s, 4, 10)).toBeCloseTo(0.9, 12);
    expect(learningRateAt(2, 1, s, 4, 10)).toBeCloseTo(Math.sqrt(0.9), 12);
    expect(learningRateAt(12, 1, s, 4, 10)).toBeCloseTo(0.729, 12);
  });

  it("anneals with a cosine from the base rate to minFactor × base", () => {
    const s = sched({ kind: "cosine", minFactor: 0.1 });
    // 100 steps in all: halfway the rate is (base + min) / 2.
    expect(learningRateAt(0, 1, s, 10, 10)).toBeCloseTo(1, 12);
    expect(learningRateAt(50, 1, s, 10, 10)).toBeCloseTo(0.55, 12);
    expect(learningRateAt(25, 1, s, 10, 10)).toBeCloseTo(0.1 + (0.9 * (1 + Math.cos(Math.PI / 4))) / 2, 12);
    expect(learningRateAt(100, 1, s, 10, 10)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(500, 1, s, 10, 10)).toBeCloseTo(0.1, 12);
  });

  it("cycles linearly between the base rate and minFactor × base", () => {
    const s = sched({ kind: "cyclic", minFactor: 0.2, cycleEpochs: 2 });
    // 5 steps per epoch → a half cycle is 10 steps.
    expect(learningRateAt(0, 1, s, 5, 20)).toBeCloseTo(1, 12);
    expect(learningRateAt(5, 1, s, 5, 20)).toBeCloseTo(0.6, 12);
    expect(learningRateAt(10, 1, s, 5, 20)).toBeCloseTo(0.2, 12);
    expect(learningRateAt(15, 1, s, 5, 20)).toBeCloseTo(0.6, 12);
    expect(learningRateAt(20, 1, s, 5, 20)).toBeCloseTo(1, 12);
    expect(learningRateAt(30, 1, s, 5, 20)).toBeCloseTo(0.2, 12);
  });

  it("runs one cycle: up from base/25 to base over 30 %, then down to minFactor × base", () => {
    const s = sched({ kind: "onecycle", minFactor: 0.01 });
    const total = 100;
    expect(learningRateAt(0, 1, s, 10, 10)).toBeCloseTo(1 / 25, 12);
    expect(learningRateAt(total * ONE_CYCLE_RISE_FRACTION, 1, s, 10, 10)).toBeCloseTo(1, 12);
    expect(learningRateAt(15, 1, s, 10, 10)).toBeCloseTo((1 + 1 / 25) / 2, 12);
    expect(learningRateAt(65, 1, s, 10, 10)).toBeCloseTo((1 + 0.01) / 2, 12);
    expect(learningRateAt(total, 1, s, 10, 10)).toBeCloseTo(0.01, 12);
    const curve = scheduleCurve(1, s, 10, 10).map((p) => p.lr);
    for (let i = 1; i <= 30; i++) expect(curve[i]).toBeGreaterThanOrEqual(curve[i - 1]);
    for (let i = 31; i < curve.length; i++) expect(curve[i]).toBeLessThanOrEqual(curve[i - 1]);
  });

  it("warms up linearly to the base rate, then starts the schedule at the base rate", () => {
    const s = sched({ kind: "cosine", minFactor: 0, warmupEpochs: 0.5 });
    // 10 steps per epoch → 5 warmup steps: 0.2, 0.4, ..., 1.0 × base.
    expect(learningRateAt(0, 0.5, s, 10, 10)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(2, 0.5, s, 10, 10)).toBeCloseTo(0.3, 12);
    expect(learningRateAt(4, 0.5, s, 10, 10)).toBeCloseTo(0.5, 12);
    expect(learningRateAt(5, 0.5, s, 10, 10)).toBeCloseTo(0.5, 12);
    // The cosine spans the 95 remaining steps and ends at 0.
    expect(learningRateAt(5 + 95 / 2, 0.5, s, 10, 10)).toBeCloseTo(0.25, 12);
    expect(learningRateAt(100, 0.5, s, 10, 10)).toBeCloseTo(0, 12);
  });

  it("uses at least one warmup step for a tiny fractional warmup", () => {
    const s = sched({ kind: "constant", warmupEpochs: 0.01 });
    expect(learningRateAt(0, 0.3, s, 10, 5)).toBeCloseTo(0.3, 12);
  });

  it("is monotonically non-increasing for the decaying schedules", () => {
    for (const kind of ["step", "exponential", "cosine"] as const) {
      const lrs = scheduleCurve(0.1, sched({ kind, gamma: 0.7, stepEpochs: 3 }), 7, 20).map((p) => p.lr);
      for (let i = 1; i < lrs.length; i++) expect(lrs[i]).toBeLessThanOrEqual(lrs[i - 1] + 1e-15);
    }
  });

  it("gives finite rates for odd inputs: 0 epochs, all-warmup runs, steps past the end", () => {
    for (const { id } of SCHEDULE_KINDS) {
      const s = sched({ kind: id, warmupEpochs: 3 });
      for (const [step, epochs] of [
        [0, 0],
        [10, 0],
        [5, 2],
        [1000, 3],
      ]) {
        const lr = learningRateAt(step, 0.01, s, 4, epochs);
        expect(Number.isFinite(lr), `${id} at step ${step}, ${epochs} epochs`).toBe(true);
        expect(lr).toBeGreaterThanOrEqual(0);
      }
    }
    expect(learningRateAt(3, 0, sched({ kind: "cosine" }), 4, 2)).toBe(0);
  });

  it("rejects bad inputs with a message naming the value", () => {
    const s = sched({});
    expect(() => learningRateAt(0, -0.1, s, 10, 10)).toThrow(/Learning rate.*-0\.1/);
    expect(() => learningRateAt(0, NaN, s, 10, 10)).toThrow(/Learning rate.*NaN/);
    expect(() => learningRateAt(-1, 0.1, s, 10, 10)).toThrow(/Step.*-1/);
    expect(() => learningRateAt(0, 0.1, s, 0, 10)).toThrow(/Steps per epoch.*0/);
    expect(() => learningRateAt(0, 0.1, s, 10, -2)).toThrow(/Total epochs.*-2/);
    expect(() => learningRateAt(0, 0.1, sched({ kind: "step", gamma: 0 }), 10, 10)).toThrow(/gamma.*0/);
    expect(() => learningRateAt(0, 0.1, sched({ kind: "exponential", gamma: -0.5 }), 10, 10)).toThrow(
      /gamma.*-0\.5/,
    );
    expect(() => learningRateAt(0, 0.1, sched({ kind: "step", stepEpochs: 0 }), 10, 10)).toThrow(
      /stepEpochs.*0/,
    );
    expect(() => learningRateAt(0, 0.1, sched({ kind: "cosine", minFactor: 1.5 }), 10, 10)).toThrow(
      /minFactor.*1\.5/,
    );
    expect(() => learningRateAt(0, 0.1, sched({ kind: "cyclic", cycleEpochs: -1 }), 10, 10)).toThrow(
      /cycleEpochs.*-1/,
    );
    expect(() => learningRateAt(0, 0.1, sched({ warmupEpochs: -1 }), 10, 10)).toThrow(/Warmup.*-1/);
    expect(() => validateSchedule(sched({ kind: "linear" as never }))).toThrow(/"linear"/);
  });

  it("ignores fields the chosen kind does not read", () => {
    expect(learningRateAt(3, 0.1, sched({ kind: "constant", gamma: 0, cycleEpochs: -1 }), 10, 10)).toBe(0.1);
  });
});

describe("scheduleCurve", () => {
  it("returns every step for short runs and the function's own values", () => {
    const s = sched({ kind: "cosine", warmupEpochs: 1 });
    const curve = scheduleCurve(0.1, s, 5, 4);
    expect(curve.map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (const p of curve) expect(p.lr).toBe(learningRateAt(p.step, 0.1, s, 5, 4));
  });

  it("thins long runs to maxPoints, keeping the first and last step", () => {
    const curve = scheduleCurve(0.1, sched({ kind: "exponential", gamma: 0.95 }), 1000, 50, 100);
    expect(curve.length).toBe(100);
    expect(curve[0].step).toBe(0);
    expect(curve[curve.length - 1].step).toBe(49_999);
  });

  it("is empty for 0 epochs and rejects a bad maxPoints", () => {
    expect(scheduleCurve(0.1, sched({}), 10, 0)).toEqual([]);
    expect(() => scheduleCurve(0.1, sched({}), 10, 5, 1)).toThrow(/maxPoints.*1/);
  });
});
