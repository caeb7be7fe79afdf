/**
 * Opening a saved study after a reload: trials that were running when the page went away are
 * marked interrupted, the search engine is rebuilt from its saved state and told that those
 * trials failed ("interrupted by a reload"), so the next trial gets a number never used before,
 * and a study that was running waits, paused, for Resume. The engine's state is saved in the same
 * transaction as the trials it knows (study-store.ts); histories written before that hold it as of
 * the last trial's end, without the trials started since: those are added to it here as failed.
 * Running trials' intermediate values, written only at a trial's end, are rebuilt from their saved
 * epochs. A tab that only looks at a study another tab runs restores it
 * without repairing (nothing marked, nothing written), its running trials' curves from their epochs.
 */
import { loadStudy, type Study, type StudyJSON } from "../../core/search/index";
import { objectiveCurve, validateStudyConfig, type StudyConfig } from "../../core/study/study-config";
import type { EpochRecord, StudyDb } from "../db/index";
import type { StudyStatus } from "./study-driver";
import { trialFromSaved, type LiveTrial } from "./study-trials";

/** What the engine is told about a trial that a reload cut short. */
export const RELOAD_REASON = "interrupted by a reload";

export interface RestoredStudy {
  id: string;
  config: StudyConfig;
  status: StudyStatus;
  engine: Study | null;
  trials: LiveTrial[];
  /** Numbers of the trials this load found running and marked interrupted. */
  interrupted: number[];
  /** Why the study can be looked at but not continued, or null. */
  problem: string | null;
}

function groupEpochs(epochs: readonly EpochRecord[]): Map<number, EpochRecord[]> {
  const byTrial = new Map<number, EpochRecord[]>();
  for (const e of epochs) {
    const list = byTrial.get(e.trialNumber);
    if (list) list.push(e);
    else byTrial.set(e.trialNumber, [e]);
  }
  for (const list of byTrial.values()) list.sort((a, b) => a.epoch - b.epoch);
  return byTrial;
}

/**
 * The saved engine state with the trials the history started after it was saved (numbers from the
 * engine's count on, with no gap) added as failed; `added` says whether there were any.
 */
function withLaterStarts(json: StudyJSON, trials: readonly LiveTrial[]): { json: StudyJSON; added: boolean } {
  if (!Array.isArray(json.trials)) return { json, added: false };
  const later = trials.filter((t) => t.number >= json.trials.length).sort((a, b) => a.number - b.number);
  if (later.length === 0 || later.some((t, i) => t.number !== json.trials.length + i))
    return { json, added: false };
  const added = later.map((t) => ({
    number: t.number,
    params: { ...t.params },
    state: "failed" as const,
    intermediate: {},
    reason: RELOAD_REASON,
  }));
  return { json: { ...json, trials: [...json.trials, ...added] }, added: true };
}

export interface RestoreOptions {
  /**
   * Mark running trials interrupted, tell the engine and save the study as paused (the default).
   * False reads the study as it is, for a tab that shows a study another tab runs.
   */
  repair?: boolean;
}

/** Reads study `id` from the history and makes it ready to continue; throws if there is no such study or it cannot be read. */
export async function restoreStudy(
  db: StudyDb,
  id: string,
  options: RestoreOptions = {},
): Promise<RestoredStudy> {
  const repair = options.repair ?? true;
  const record = await db.getStudy(id);
  if (!record) throw new Error(`There is no saved study with id "${id}" in this browser's history`);
  const checked = validateStudyConfig(record.config);
  if (!checked.ok) {
    throw new Error(
      `The saved study "${record.name}" has settings this page cannot use: ${checked.errors.join("; ")}`,
    );
  }
  const interrupted = repair ? await db.markInterruptedTrials(id) : [];
  const [saved, epochs] = await Promise.all([db.getTrials(id), db.getAllEpochs(id)]);
  const byTrial = groupEpochs(epochs);
  const trials = saved.map((t) => trialFromSaved(t, byTrial.get(t.number) ?? []));

  // Interrupted and running trials have no intermediate values written yet: the same curve, from their epochs.
  if (!checked.config.folds) {
    for (const t of trials) {
      if (
        (t.state !== "interrupted" && t.state !== "running") ||
        Object.keys(t.intermediate).length > 0 ||
        t.epochs.length === 0
      )
        continue;
      const curve = objectiveCurve(t.epochs, checked.config.objective);
      t.intermediate = Object.fromEntries(t.epochs.map((e, k) => [e.epoch, curve[k]]));
    }
  }

  let engine: Study | null = null;
  let problem: string | null = null;
  const caughtUp = record.engine ? withLaterStarts(record.engine, trials) : null;
  try {
    engine = caughtUp ? loadStudy(caughtUp.json) : null;
  } catch (error) {
    problem = `its search state could not be read (${(error as Error).message})`;
  }
  let engineChanged = caughtUp?.added ?? false;
  if (engine && repair) {
    for (const t of engine.trials) {
      if (t.state !== "running") continue;
      engine.tell(t.number, { state: "failed", reason: RELOAD_REASON });
      engineChanged = true;
    }
  }
  // A cross-validated trial's curve lives in the engine (the history keeps its epochs by fold only).
  if (engine && checked.config.folds) {
    const byNumber = new Map(engine.trials.map((t) => [t.number, t]));
    for (const t of trials) {
      const record = byNumber.get(t.number);
      if (record && Object.keys(record.intermediate).length > 0) t.intermediate = { ...record.intermediate };
    }
  }
  // Numbers must never repeat: the engine hands out its trial count as the next number.
  const engineCount = engine?.trials.length ?? 0;
  if (problem === null && engineCount < record.nextTrialNumber) {
    problem = `its search state knows ${engineCount} trials but the history has used numbers up to ${record.nextTrialNumber - 1}`;
  }

  const status: StudyStatus = record.status === "running" && repair ? "paused" : record.status;
  if (repair && (status !== record.status || engineChanged)) {
    await db.updateStudy(id, engine && problem === null ? { status, engine: engine.toJSON() } : { status });
  }
  return {
    id,
    config: checked.config,
    status,
    engine: problem === null ? engine : null,
    trials,
    interrupted,
    problem,
  };
}
