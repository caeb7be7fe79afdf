/**
 * Trial records in JSON. Intermediate values may be NaN or infinite (a diverged training), which
 * JSON cannot hold, so they are written as the strings "NaN", "Infinity" and "-Infinity".
 */
import type { Params, TrialRecord, TrialState } from "./types";

export type JsonNumber = number | "NaN" | "Infinity" | "-Infinity";

export interface TrialJSON {
  number: number;
  params: Params;
  state: TrialState;
  value?: number;
  intermediate: Record<string, JsonNumber>;
  reason?: string;
}

const STATES: readonly TrialState[] = ["running", "complete", "pruned", "failed"];

function encodeNumber(v: number): JsonNumber {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  return v;
}

function decodeNumber(v: unknown, where: string): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  throw new Error(`${where}: expected a number, got ${JSON.stringify(v)}`);
}

/** A plain-JSON copy of a trial record. */
export function trialToJSON(trial: TrialRecord): TrialJSON {
  const intermediate: Record<string, JsonNumber> = {};
  for (const [step, v] of Object.entries(trial.intermediate)) intermediate[step] = encodeNumber(v);
  const out: TrialJSON = {
    number: trial.number,
    params: { ...trial.params },
    state: trial.state,
    intermediate,
  };
  if (trial.value !== undefined) out.value = trial.value;
  if (trial.reason !== undefined) out.reason = trial.reason;
  return out;
}

/** A trial record read back from JSON; throws naming the trial and the bad field. */
export function trialFromJSON(json: unknown, expectedNumber: number): TrialRecord {
  const where = `Trial ${expectedNumber} in the saved study`;
  if (typeof json !== "object" || json === null)
    throw new Error(`${where}: expected an object, got ${JSON.stringify(json)}`);
  const t = json as Partial<TrialJSON>;
  if (t.number !== expectedNumber) throw new Error(`${where}: has number ${JSON.stringify(t.number)}`);
  if (!STATES.includes(t.state as TrialState))
    throw new Error(`${where}: unknown state ${JSON.stringify(t.state)}`);
  if (typeof t.params !== "object" || t.params === null) throw new Error(`${where}: params missing`);
  if (typeof t.intermediate !== "object" || t.intermediate === null)
    throw new Error(`${where}: intermediate missing`);
  const intermediate: Record<number, number> = {};
  for (const [step, v] of Object.entries(t.intermediate)) {
    const s = Number(step);
    if (!Number.isInteger(s) || s < 0) throw new Error(`${where}: bad step ${JSON.stringify(step)}`);
    intermediate[s] = decodeNumber(v, `${where}, step ${step}`);
  }
  const record: TrialRecord = {
    number: t.number,
    params: { ...t.params },
    state: t.state as TrialState,
    intermediate,
  };
  if (t.value !== undefined) {
    if (typeof t.value !== "number" || !Number.isFinite(t.value)) {
      throw new Error(`${where}: value must be a finite number, got ${JSON.stringify(t.value)}`);
    }
    record.value = t.value;
  }
  if (t.state === "complete" && record.value === undefined)
    throw new Error(`${where}: complete but has no value`);
  if (t.reason !== undefined) record.reason = String(t.reason);
  return record;
}

/** A deep copy of a trial record (so callers cannot change the study's own records). */
export function copyTrial(trial: TrialRecord): TrialRecord {
  const copy: TrialRecord = {
    ...trial,
    params: { ...trial.params },
    intermediate: { ...trial.intermediate },
  };
  return copy;
}
