/**
 * Study records: create, read, list, change, duplicate and delete them, and move a whole study
 * (with its trials and epochs) in and out in one transaction.
 */
import type { Direction, StudyJSON } from "../../core/search/index";
import type { StudyConfig } from "../../core/study/study-config";
import type {
  EpochRecord,
  StoredStudyRecord,
  StudyBundle,
  StudyRecord,
  StudyStatus,
  StudySummary,
  TrialRecord,
} from "./schema";
import { fromStoredStudy, storedEngine, toStoredStudy } from "./engine-text";
import { expandEpochRuns } from "./epoch-runs";
import { issueAll, newStudyId, runTransaction, studyKeyRange, type StudyDbConnection } from "./transaction";
import {
  checkBundle,
  checkConfigShape,
  checkStudyId,
  checkStudyName,
  checkStudyStatus,
  checkText,
} from "./validate";

/** What creating a study needs. */
export interface NewStudy {
  config: StudyConfig;
  /** Default `config.name`; when given it is written into the config too, so the two never disagree. */
  name?: string;
  /** A short description of the dataset for the list of studies. */
  datasetLabel: string;
  /** Default "draft". */
  status?: StudyStatus;
  engine?: StudyJSON | null;
}

/**
 * The fields `updateStudy` may change. A new config brings its direction and sampler name along;
 * a new name is written into the config. Counters and the best trial belong to the trial operations.
 */
export type StudyPatch = Partial<Pick<StudyRecord, "name" | "status" | "config" | "engine" | "datasetLabel">>;

const PATCHABLE: readonly (keyof StudyPatch)[] = ["name", "status", "config", "engine", "datasetLabel"];

const noStudy = (id: string): Error => new Error(`No study with id ${JSON.stringify(id)}`);

/** The list view's part of a study record. */
export function toSummary(study: StudyRecord | StoredStudyRecord): StudySummary {
  const { config: _config, engine: _engine, ...summary } = study;
  return summary;
}

/** Stores a new study (a draft unless told otherwise) under a new id. */
export async function createStudy(db: StudyDbConnection, now: number, input: NewStudy): Promise<StudyRecord> {
  if (typeof input !== "object" || input === null) {
    throw new Error(`A new study must be an object, got ${JSON.stringify(input)}`);
  }
  checkConfigShape(input.config);
  const name = checkStudyName(input.name ?? input.config.name);
  checkText(input.datasetLabel, "A study's datasetLabel");
  const status = input.status ?? "draft";
  checkStudyStatus(status);
  const study: StudyRecord = {
    id: newStudyId(),
    name,
    createdAt: now,
    updatedAt: now,
    status,
    config: { ...input.config, name },
    engine: input.engine ?? null,
    direction: input.config.objective.direction,
    nextTrialNumber: 0,
    datasetLabel: input.datasetLabel,
    samplerName: input.config.sampler.name,
    trialCount: 0,
  };
  const stored = toStoredStudy(study);
  await runTransaction(db, ["studies"], "readwrite", `the new study "${name}"`, (tx) =>
    tx.objectStore("studies").add(stored),
  );
  return study;
}

/** One study, or undefined. */
export async function getStudy(db: StudyDbConnection, id: string): Promise<StudyRecord | undefined> {
  checkStudyId(id);
  const stored = await runTransaction(db, ["studies"], "readonly", null, (tx) =>
    tx.objectStore("studies").get(id),
  );
  return stored && fromStoredStudy(stored);
}

/** Every study's summary, the most recently updated first; trials are not read. */
export async function listStudies(db: StudyDbConnection): Promise<StudySummary[]> {
  const studies = await runTransaction(db, ["studies"], "readonly", null, (tx) =>
    tx.objectStore("studies").index("by-updatedAt").getAll(),
  );
  return studies.reverse().map(toSummary);
}

/** Changes some fields of a study and returns it as stored. */
export async function updateStudy(
  db: StudyDbConnection,
  now: number,
  id: string,
  patch: StudyPatch,
): Promise<StudyRecord> {
  checkStudyId(id);
  if (typeof patch !== "object" || patch === null) {
    throw new Error(`A study patch must be an object, got ${JSON.stringify(patch)}`);
  }
  for (const key of Object.keys(patch)) {
    if (!PATCHABLE.includes(key as keyof StudyPatch)) {
      throw new Error(`Cannot change the study field "${key}" (changeable: ${PATCHABLE.join(", ")})`);
    }
  }
  const newName = patch.name === undefined ? undefined : checkStudyName(patch.name);
  if (patch.status !== undefined) checkStudyStatus(patch.status);
  if (patch.datasetLabel !== undefined) checkText(patch.datasetLabel, "A study's datasetLabel");
  if ("config" in patch) checkConfigShape(patch.config);
  const what = newName !== undefined ? `the study "${newName}"` : `the changes to study ${id}`;
  return runTransaction(db, ["studies"], "readwrite", what, async (tx) => {
    const store = tx.objectStore("studies");
    const study = await store.get(id);
    if (!study) throw noStudy(id);
    const config = patch.config ?? study.config;
    const name = newName ?? (patch.config ? checkStudyName(patch.config.name) : study.name);
    const direction = config.objective.direction;
    if (direction !== study.direction && study.trialCount > 0) {
      // The stored best trial was chosen by the old direction.
      throw new Error(
        `Cannot change the direction of study "${study.name}" to ${direction}: it already has ${study.trialCount} trials`,
      );
    }
    const { engine, ...rest } = patch;
    const updated: StoredStudyRecord = {
      ...study,
      ...rest,
      name,
      config: { ...config, name },
      direction,
      samplerName: config.sampler.name,
      updatedAt: now,
    };
    if ("engine" in patch) updated.engine = storedEngine(engine);
    await store.put(updated);
    return "engine" in patch ? { ...updated, engine: engine ?? null } : fromStoredStudy(updated);
  });
}

/** A new draft with the same configuration and labels, no trials and no engine state. */
export async function duplicateStudy(
  db: StudyDbConnection,
  now: number,
  id: string,
  name?: string,
): Promise<StudyRecord> {
  checkStudyId(id);
  const givenName = name === undefined ? undefined : checkStudyName(name);
  return runTransaction(db, ["studies"], "readwrite", `the copy of study ${id}`, async (tx) => {
    const store = tx.objectStore("studies");
    const source = await store.get(id);
    if (!source) throw noStudy(id);
    const copyName = givenName ?? `${source.name} (copy)`;
    const copy: StudyRecord = {
      id: newStudyId(),
      name: copyName,
      createdAt: now,
      updatedAt: now,
      status: "draft",
      config: { ...source.config, name: copyName },
      engine: null,
      direction: source.direction,
      nextTrialNumber: 0,
      datasetLabel: source.datasetLabel,
      samplerName: source.samplerName,
      trialCount: 0,
    };
    await store.add(copy);
    return copy;
  });
}

/** Deletes a study with all its trials and epochs; false if there was no such study. */
export async function deleteStudy(db: StudyDbConnection, id: string): Promise<boolean> {
  checkStudyId(id);
  return runTransaction(db, ["studies", "trials", "epochs"], "readwrite", null, async (tx) => {
    const studies = tx.objectStore("studies");
    const existed = (await studies.getKey(id)) !== undefined;
    const range = studyKeyRange(id);
    // Trials and epochs are removed even without a study record, so no orphan can survive.
    await issueAll([
      () => studies.delete(id),
      () => tx.objectStore("trials").delete(range),
      () => tx.objectStore("epochs").delete(range),
    ]);
    return existed;
  });
}

/** A whole study (record, trials, epochs) read in one transaction, or undefined. */
export async function exportStudy(db: StudyDbConnection, id: string): Promise<StudyBundle | undefined> {
  checkStudyId(id);
  return runTransaction(db, ["studies", "trials", "epochs"], "readonly", null, async (tx) => {
    const range = studyKeyRange(id);
    const [study, trials, epochs] = await Promise.all([
      tx.objectStore("studies").get(id),
      tx.objectStore("trials").getAll(range),
      tx.objectStore("epochs").getAll(range),
    ]);
    return study ? { study: fromStoredStudy(study), trials, epochs: expandEpochRuns(epochs) } : undefined;
  });
}

function bestOf(trials: readonly TrialRecord[], direction: Direction): TrialRecord | undefined {
  let best: TrialRecord | undefined;
  for (const t of trials) {
    if (t.state !== "complete" || typeof t.value !== "number" || !Number.isFinite(t.value)) continue;
    const better =
      best === undefined || (direction === "minimize" ? t.value < best.value! : t.value > best.value!);
    if (better || (t.value === best!.value && t.number < best!.number)) best = t;
  }
  return best;
}

/** Renames a ConstraintError (a second record under one key) to name the duplicate record. */
function duplicateAs(message: string): (error: unknown) => never {
  return (error) => {
    if ((error as { name?: string })?.name === "ConstraintError") throw new Error(message, { cause: error });
    throw error;
  };
}

/**
 * Stores a whole exported study in ONE transaction: if any record fails, nothing of it is kept.
 * It gets a new id when its id is taken. Nothing runs right after an import, so a "running"
 * study becomes "paused" and running trials become "interrupted"; the counters, the best trial,
 * the direction and the sampler name are recomputed from the trials and the config.
 */
export async function importStudy(
  db: StudyDbConnection,
  now: number,
  bundle: StudyBundle,
): Promise<StudyRecord> {
  checkBundle(bundle);
  const source = bundle.study;
  const name = checkStudyName(source.name);
  const maxNumber = bundle.trials.reduce((max, t) => Math.max(max, t.number), -1);
  const direction = source.config.objective.direction;
  const best = bestOf(bundle.trials, direction);
  return runTransaction(
    db,
    ["studies", "trials", "epochs"],
    "readwrite",
    `the imported study "${name}"`,
    async (tx) => {
      const studies = tx.objectStore("studies");
      const taken = (await studies.getKey(source.id)) !== undefined;
      const id = taken ? newStudyId() : source.id;
      const study: StudyRecord = {
        ...source,
        id,
        name,
        config: { ...source.config, name },
        direction,
        samplerName: source.config.sampler.name,
        updatedAt: now,
        status: source.status === "running" ? "paused" : source.status,
        nextTrialNumber: Math.max(source.nextTrialNumber, maxNumber + 1),
        trialCount: bundle.trials.length,
      };
      delete study.bestValue;
      delete study.bestTrialNumber;
      if (best) {
        study.bestValue = best.value;
        study.bestTrialNumber = best.number;
      }
      const trialStore = tx.objectStore("trials");
      const epochStore = tx.objectStore("epochs");
      const stored = toStoredStudy(study);
      const writes: (() => Promise<unknown>)[] = [() => studies.add(stored)];
      for (const t of bundle.trials) {
        const trial: TrialRecord = { ...t, studyId: id, workerIndex: t.workerIndex ?? null };
        if (trial.state === "running") {
          trial.state = "interrupted";
          trial.reason ??= "It was running when the study was exported";
          trial.endedAt ??= now;
        }
        writes.push(() =>
          trialStore.add(trial).catch(duplicateAs(`The imported study has two records of trial ${t.number}`)),
        );
      }
      for (const e of bundle.epochs) {
        // A full EpochReport may come in; its boundary grid is not kept, as in appendEpoch.
        const { boundary: _boundary, ...metrics } = e as EpochRecord & { boundary?: unknown };
        const epoch: EpochRecord = { ...metrics, studyId: id };
        writes.push(() =>
          epochStore
            .add(epoch)
            .catch(
              duplicateAs(`The imported study has two records of epoch ${e.epoch} of trial ${e.trialNumber}`),
            ),
        );
      }
      await issueAll(writes);
      return study;
    },
  );
}
