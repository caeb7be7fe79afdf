/**
 * Learning-rate schedules: one pure function gives the rate at every global step. The worker sets
 * the optimizer's rate from it at each step and the preview chart draws it, so they cannot disagree.
 *
 * Time line: an optional linear warmup of round(warmupEpochs × stepsPerEpoch) steps climbs from
 * baseLr / W to baseLr; the chosen schedule then runs over the remaining steps, starting at baseLr.
 * Epoch-based quantities (step decay, exponential, cyclic half cycle) count epochs from the end of
 * the warmup, and are continuous in steps (a fractional epoch is a fraction of stepsPerEpoch).
 */
import type { ScheduleConfig, ScheduleKind } from "../shared/train";

/** The schedule kinds, with a label and the ScheduleConfig fields each one reads (warmup applies to all). */
export const SCHEDULE_KINDS: { id: ScheduleKind; label: string; uses: (keyof ScheduleConfig)[] }[] = [
  { id: "constant", label: "Constant", uses: [] },
  { id: "step", label: "Step decay", uses: ["gamma", "stepEpochs"] },
  { id: "exponential", label: "Exponential", uses: ["gamma"] },
  { id: "cosine", label: "Cosine", uses: ["minFactor"] },
  { id: "cyclic", label: "Cyclic (triangular)", uses: ["minFactor", "cycleEpochs"] },
  { id: "onecycle", label: "One-cycle", uses: ["minFactor"] },
];

/** One-cycle: fraction of the post-warmup steps spent rising (as PyTorch's OneCycleLR pct_start). */
export const ONE_CYCLE_RISE_FRACTION = 0.3;
/** One-cycle: the rise starts at baseLr / this factor (PyTorch's div_factor default). */
export const ONE_CYCLE_START_DIVISOR = 25;

/** A constant schedule with sensible values in the fields other kinds read. */
export function defaultSchedule(): ScheduleConfig {
  return { kind: "constant", warmupEpochs: 0, gamma: 0.5, stepEpochs: 10, minFactor: 0.01, cycleEpochs: 5 };
}

function requireFinite(name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`${name} must be a finite number, got ${String(value)}`);
  }
}

function requireAtLeast(name: string, value: number, low: number): void {
  requireFinite(name, value);
  if (value < low) throw new Error(`${name} must be at least ${low}, got ${value}`);
}

function requirePositive(name: string, value: number): void {
  requireFinite(name, value);
  if (value <= 0) throw new Error(`${name} must be greater than 0, got ${value}`);
}

/** Throws an Error naming the field and value if the schedule cannot be evaluated; checks only the fields its kind reads. */
export function validateSchedule(schedule: ScheduleConfig): void {
  const kind = SCHEDULE_KINDS.find((k) => k.id === schedule?.kind);
  if (!kind) {
    const known = SCHEDULE_KINDS.map((k) => k.id).join(", ");
    throw new Error(`Unknown learning-rate schedule "${String(schedule?.kind)}" (expected one of ${known})`);
  }
  requireAtLeast("Warmup epochs", schedule.warmupEpochs, 0);
  for (const field of kind.uses) {
    const value = schedule[field] as number;
    if (field === "gamma") requirePositive("Schedule gamma", value);
    else if (field === "stepEpochs") requirePositive("Step-decay interval (stepEpochs)", value);
    else if (field === "cycleEpochs") requirePositive("Cyclic half-cycle length (cycleEpochs)", value);
    else if (field === "minFactor") {
      requireFinite("Schedule minFactor", value);
      if (value < 0 || value > 1) throw new Error(`Schedule minFactor must be between 0 and 1, got ${value}`);
    }
  }
}

function validateRun(baseLr: number, stepsPerEpoch: number, totalEpochs: number): void {
  requireAtLeast("Learning rate", baseLr, 0);
  requirePositive("Steps per epoch", stepsPerEpoch);
  requireAtLeast("Total epochs", totalEpochs, 0);
}

/** Number of warmup steps for a schedule (0 when there is no warmup, else at least 1). */
export function warmupSteps(schedule: ScheduleConfig, stepsPerEpoch: number): number {
  if (schedule.warmupEpochs <= 0) return 0;
  return Math.max(1, Math.round(schedule.warmupEpochs * stepsPerEpoch));
}

/** Rate `t` steps after warmup, of `span` post-warmup steps in all; inputs already validated. */
function afterWarmup(
  t: number,
  span: number,
  baseLr: number,
  s: ScheduleConfig,
  stepsPerEpoch: number,
): number {
  const epochs = t / stepsPerEpoch;
  const low = s.minFactor * baseLr;
  // Progress through the post-warmup span; a span of 0 (no epochs left) counts as finished.
  const progress = span > 0 ? Math.min(1, t / span) : 1;
  switch (s.kind) {
    case "constant":
      return baseLr;
    case "step":
      // The tiny nudge keeps exact boundaries exact despite rounding (0.3 / 0.1 = 2.9999…).
      return baseLr * Math.pow(s.gamma, Math.floor(epochs / s.stepEpochs + 1e-9));
    case "exponential":
      return baseLr * Math.pow(s.gamma, epochs);
    case "cosine":
      return low + ((baseLr - low) * (1 + Math.cos(Math.PI * progress))) / 2;
    case "cyclic": {
      // Starts at the top so that it continues a warmup without a jump, then falls and rises
      // linearly, one half cycle each way.
      const phase = (epochs / s.cycleEpochs) % 2;
      const distanceFromTop = phase <= 1 ? phase : 2 - phase;
      return baseLr - (baseLr - low) * distanceFromTop;
    }
    case "onecycle": {
      const start = baseLr / ONE_CYCLE_START_DIVISOR;
      if (progress < ONE_CYCLE_RISE_FRACTION) {
        const p = progress / ONE_CYCLE_RISE_FRACTION;
        return baseLr + ((start - baseLr) * (1 + Math.cos(Math.PI * p))) / 2;
      }
      const p = (progress - ONE_CYCLE_RISE_FRACTION) / (1 - ONE_CYCLE_RISE_FRACTION);
      return low + ((baseLr - low) * (1 + Math.cos(Math.PI * p))) / 2;
    }
  }
}

/** The learning rate at global step `step` (0-based) of a run of `totalEpochs` epochs of `stepsPerEpoch` steps. */
export function learningRateAt(
  step: number,
  baseLr: number,
  schedule: ScheduleConfig,
  stepsPerEpoch: number,
  totalEpochs: number,
): number {
  validateSchedule(schedule);
  validateRun(baseLr, stepsPerEpoch, totalEpochs);
  requireAtLeast("Step", step, 0);
  const warmup = warmupSteps(schedule, stepsPerEpoch);
  if (step < warmup) return (baseLr * (step + 1)) / warmup;
  const span = Math.max(0, totalEpochs * stepsPerEpoch - warmup);
  return afterWarmup(step - warmup, span, baseLr, schedule, stepsPerEpoch);
}

/**
 * Points of the schedule for a preview chart: every step when there are at most `maxPoints`
 * steps, else `maxPoints` evenly spread steps that always include the first and the last.
 */
export function scheduleCurve(
  baseLr: number,
  schedule: ScheduleConfig,
  stepsPerEpoch: number,
  totalEpochs: number,
  maxPoints = 400,
): { step: number; lr: number }[] {
  validateSchedule(schedule);
  validateRun(baseLr, stepsPerEpoch, totalEpochs);
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new Error(`maxPoints must be an integer of at least 2, got ${maxPoints}`);
  }
  const totalSteps = Math.round(totalEpochs * stepsPerEpoch);
  if (totalSteps === 0) return [];
  const steps: number[] = [];
  if (totalSteps <= maxPoints) {
    for (let s = 0; s < totalSteps; s++) steps.push(s);
  } else {
    for (let i = 0; i < maxPoints; i++) {
      const s = Math.round((i * (totalSteps - 1)) / (maxPoints - 1));
      if (steps.length === 0 || steps[steps.length - 1] !== s) steps.push(s);
    }
  }
  return steps.map((step) => ({
    step,
    lr: learningRateAt(step, baseLr, schedule, stepsPerEpoch, totalEpochs),
  }));
}
