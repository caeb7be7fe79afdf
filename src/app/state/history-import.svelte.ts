/**
 * Reading a Tunelab study export file into the records the study history stores. The file is
 * checked whole by `parseStudyExport` first, so a bad file is refused with one message naming
 * what is wrong, and nothing reaches the database.
 */
import { prepare2D } from "../../core/datasets/prepare";
import type { PlaygroundConfig } from "../../core/playground-config";
import { learningRateAt } from "../../core/schedules";
import { parseStudyExport, type StudyExport, type TrialExport } from "../../core/export/study-export";
import { EXPORT_JSON_LIMITS } from "../../core/export/validate-study-export";
import { trialFromJSON } from "../../core/search/trial-json";
import type { Params } from "../../core/search/types";
import { dataLabelOf, type StudyUpload } from "../../core/study/study-dataset";
import { trialTrainConfig, type StudyConfig } from "../../core/study/study-config";
import { datasetCard } from "../../core/datasets/catalog";
import type { DatasetSpec, TrainConfig } from "../../shared/train";
import type { EpochRecord, StudyBundle, StudyRecord, StudyStatus, TrialRecord } from "../db/index";

/**
 * The short description of a study's dataset in the list of studies, "Spiral, 500 points": the
 * same words the Study view gives the studies it runs, so imported ones read alike.
 */
export function datasetLabelOf(base: PlaygroundConfig, upload?: StudyUpload): string {
  return dataLabelOf(base, upload);
}

/** The fixed test sets of the shipped image files (their sourceTestCount), which the test ratio does not change. */
const SOURCE_TEST_ROWS: Record<string, number> = { mnist: 2000, "fashion-mnist": 2000 };

/**
 * How many examples a trial trains on: exact for 2D data (the generator is here); for a built-in
 * array dataset the share its split leaves for training (within a row or two of the worker's
 * stratified split); for an upload, whose size the file does not tell, one batch.
 */
function trainingExamples(data: DatasetSpec, seed: number, folds: number): number {
  if (data.kind === "2d") {
    const points = prepare2D(data, seed);
    const all = points.train.length + points.val.length;
    return folds > 0 ? Math.round((all * (folds - 1)) / folds) : points.train.length;
  }
  if (data.kind === "upload") return 1;
  const card = datasetCard(data.id);
  const test = SOURCE_TEST_ROWS[card.id] ?? Math.round(card.examples * data.testRatio);
  const rest = card.examples - test;
  return Math.max(1, Math.round(folds > 0 ? (rest * (folds - 1)) / folds : rest * (1 - data.valRatio)));
}

/**
 * How the worker steps through a trial's epochs: it trains in batches of min(batchSize, training
 * points), and sets the rate of every step with the same schedule function. An export file keeps
 * only the last rate of each epoch, so the rest is recomputed here the way the worker computed it.
 */
class EpochSteps {
  private readonly trainCounts = new Map<string, number>();

  private trainCount(config: TrainConfig, folds: number): number {
    const key = JSON.stringify([config.data, config.seed, folds]);
    let n = this.trainCounts.get(key);
    if (n === undefined) {
      n = trainingExamples(config.data, config.seed, folds);
      this.trainCounts.set(key, n);
    }
    return n;
  }

  /** The worker's step count, per-step rates and throughput of one epoch of a trial. */
  of(
    config: StudyConfig,
    params: Params,
    epoch: number,
    epochMs: number,
  ): Pick<EpochRecord, "step" | "stepLrs" | "samplesPerSec"> {
    const train = trialTrainConfig(config, params);
    const nTrain = this.trainCount(train, config.folds ?? 0);
    // Under cross-validation fold f's epoch e is stored as f × epochs + e; every fold starts at step 0.
    epoch = ((epoch - 1) % train.epochs) + 1;
    const stepsPerEpoch = Math.ceil(nTrain / Math.min(train.batchSize, nTrain));
    const first = (epoch - 1) * stepsPerEpoch;
    const stepLrs = Array.from({ length: stepsPerEpoch }, (_, i) =>
      learningRateAt(first + i, train.learningRate, train.schedule, stepsPerEpoch, train.epochs),
    );
    return { step: first + stepsPerEpoch, stepLrs, samplesPerSec: nTrain / (epochMs / 1000) };
  }
}

/** What a study read from a file is, as far as the file tells: never run, used up, or stopped along the way. */
function statusOf(file: StudyExport): StudyStatus {
  const { study } = file;
  if (study.trials.length === 0) return "draft";
  const done = study.engine.exhausted || study.trials.length >= study.config.budget.trials;
  return done ? "finished" : "paused";
}

function trialRecord(
  studyId: string,
  t: TrialExport,
  intermediate: Record<number, number>,
  fallbackStart: number,
): TrialRecord {
  const record: TrialRecord = {
    studyId,
    number: t.number,
    params: { ...t.params },
    state: t.state,
    // A file may leave a start time out; the study's creation is the latest time it surely follows.
    startedAt: t.startedAt === null ? fallbackStart : Date.parse(t.startedAt),
    workerIndex: t.worker,
    intermediate,
  };
  if (t.value !== null) record.value = t.value;
  if (t.reason !== null) record.reason = t.reason;
  if (t.endedAt !== null) record.endedAt = Date.parse(t.endedAt);
  if (t.test !== undefined) record.test = { loss: t.test.loss, metric: t.test.metric };
  return record;
}

/** A checked export file as the records `importStudy` stores; `newId` names it if the file has no id. */
export function bundleOfExport(file: StudyExport, now: number, newId: () => string): StudyBundle {
  const body = file.study;
  const id = body.id ?? newId();
  const createdAt = Date.parse(body.createdAt);
  const config: StudyConfig = { ...body.config, name: body.name };
  const steps = new EpochSteps();
  const trials: TrialRecord[] = [];
  const epochs: EpochRecord[] = [];
  body.trials.forEach((t, i) => {
    const { intermediate } = trialFromJSON(body.engine.trials[i], i);
    trials.push(trialRecord(id, t, intermediate, createdAt));
    for (const e of t.epochs) {
      epochs.push({
        ...e,
        ...steps.of(config, t.params, e.epoch, e.epochMs),
        studyId: id,
        trialNumber: t.number,
      });
    }
  });
  const study: StudyRecord = {
    id,
    name: body.name,
    createdAt,
    updatedAt: now,
    status: statusOf(file),
    config,
    engine: body.engine,
    direction: config.objective.direction,
    nextTrialNumber: body.trials.length,
    datasetLabel: datasetLabelOf(config.base, config.upload),
    samplerName: config.sampler.name,
    // The database recomputes the count and the best trial from the trials themselves.
    trialCount: body.trials.length,
  };
  return { study, trials, epochs };
}

/** An id like the database's own, for a file that carries none. */
export function newImportId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return "study-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Reads and checks a study export file. Throws an Error whose message says what is wrong with the
 * file (too large, malformed JSON with its line and column, not an export, wrong version, bad field).
 */
export async function readStudyFile(file: Blob, now: number): Promise<StudyBundle> {
  // UTF-8 takes at most 4 bytes a character: a file this large is too long whatever it holds.
  if (file.size > 4 * EXPORT_JSON_LIMITS.maxLength) {
    const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;
    throw new Error(
      `The file is too large (${mb(file.size)}; the limit is ${mb(EXPORT_JSON_LIMITS.maxLength)})`,
    );
  }
  const parsed = parseStudyExport(await file.text());
  if (!parsed.ok) throw new Error(parsed.error);
  return bundleOfExport(parsed.value, now, newImportId);
}
