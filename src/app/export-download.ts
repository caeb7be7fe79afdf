/**
 * Turning a stored study into the files a person downloads (a Tunelab JSON export, the trials as
 * CSV, an Optuna journal, a Python script), and the download itself. The History page and the
 * Study view both export through here, so a study gives the same files wherever it is exported.
 */
import { trialsToCsv } from "../core/export/csv";
import { toOptunaJournal } from "../core/export/optuna-journal";
import { toPythonScript } from "../core/export/python-script";
import {
  serializeStudyExport,
  type EpochExport,
  type StudyExportBody,
  type TrialExport,
} from "../core/export/study-export";
import { createStudy, type StudyJSON } from "../core/search/study";
import type { StudyConfig } from "../core/study/study-config";
import type { EpochRecord, StudyBundle, StudyRecord, TrialRecord } from "./db/index";

export type ExportFormat = "json" | "csv" | "optuna" | "python";

export interface ExportFormatInfo {
  format: ExportFormat;
  /** The menu entry, also its accessible name. */
  label: string;
  /** What the file is for, shown beside the label. */
  hint: string;
  /** How the file name ends (after the study's name). */
  suffix: string;
  mime: string;
}

/** The formats of the Export menu, in its order. */
export const EXPORT_FORMATS: readonly ExportFormatInfo[] = [
  {
    format: "json",
    label: "JSON",
    hint: "Whole study, to import again",
    suffix: ".tunelab.json",
    mime: "application/json",
  },
  { format: "csv", label: "CSV", hint: "Trials, for spreadsheets", suffix: ".csv", mime: "text/csv" },
  {
    format: "optuna",
    label: "Optuna journal",
    hint: "For Optuna and its dashboard",
    suffix: ".optuna-journal.log",
    mime: "text/plain",
  },
  {
    format: "python",
    label: "Python script",
    hint: "Runs the search with Optuna",
    suffix: ".py",
    mime: "text/x-python",
  },
];

/** A file ready to download. */
export interface StudyFile {
  filename: string;
  mime: string;
  text: string;
}

const MAX_STEM_LENGTH = 80;

/**
 * A file name stem from a study name: letters and digits kept (any script), every run of other
 * characters one "-", no leading or trailing "-", at most 80 characters; "study" if nothing is left.
 */
export function fileStemOf(name: string): string {
  const stem = name
    .normalize("NFC")
    .replace(/[^\p{L}\p{N}_]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_STEM_LENGTH)
    .replace(/-+$/, "");
  return stem === "" ? "study" : stem;
}

function formatInfo(format: ExportFormat): ExportFormatInfo {
  const info = EXPORT_FORMATS.find((f) => f.format === format);
  if (!info)
    throw new Error(`Unknown export format "${String(format)}" (expected json, csv, optuna or python)`);
  return info;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function epochExport(e: EpochRecord): EpochExport {
  const { epoch, trainLoss, valLoss, trainMetric, valMetric, lr, epochMs } = e;
  return { epoch, trainLoss, valLoss, trainMetric, valMetric, lr, epochMs };
}

function trialExport(trial: TrialRecord, epochs: readonly EpochRecord[]): TrialExport {
  // The file keeps a value only where it means something: complete trials, and pruned ones' last report.
  const keepsValue = trial.state === "complete" || trial.state === "pruned";
  const out: TrialExport = {
    number: trial.number,
    params: { ...trial.params },
    state: trial.state,
    value: keepsValue && typeof trial.value === "number" ? trial.value : null,
    reason: trial.reason ?? null,
    startedAt: iso(trial.startedAt),
    endedAt: trial.endedAt === undefined ? null : iso(trial.endedAt),
    worker: trial.workerIndex,
    epochs: epochs.map(epochExport),
  };
  if (trial.test !== undefined) out.test = { loss: trial.test.loss, metric: trial.test.metric };
  return out;
}

/** The trials of a stored study as the export formats take them, by number, each with its epochs in order. */
export function exportTrials(bundle: StudyBundle): TrialExport[] {
  const epochsByTrial = new Map<number, EpochRecord[]>();
  for (const e of bundle.epochs) {
    const list = epochsByTrial.get(e.trialNumber) ?? [];
    list.push(e);
    epochsByTrial.set(e.trialNumber, list);
  }
  return [...bundle.trials]
    .sort((a, b) => a.number - b.number)
    .map((t) =>
      trialExport(
        t,
        (epochsByTrial.get(t.number) ?? []).sort((a, b) => a.epoch - b.epoch),
      ),
    );
}

/** The search engine's state of a study; a study that never ran gets a fresh engine of its configuration. */
function engineOf(study: StudyRecord): StudyJSON {
  if (study.engine !== null) return study.engine;
  const config = study.config;
  const fresh = createStudy({
    space: config.space,
    sampler: config.sampler,
    pruner: config.pruner,
    direction: config.objective.direction,
    seed: config.seed,
  });
  return JSON.parse(JSON.stringify(fresh.toJSON())) as StudyJSON;
}

/** A stored study as the body of a Tunelab export file. */
export function exportBodyOf(bundle: StudyBundle): StudyExportBody {
  const { study } = bundle;
  const config: StudyConfig = { ...study.config, name: study.name };
  return {
    id: study.id,
    name: study.name,
    createdAt: iso(study.createdAt),
    config,
    engine: engineOf(study),
    trials: exportTrials(bundle),
  };
}

/**
 * The file of a stored study in one format. Throws with a message naming the problem when the
 * study cannot be written in it (the JSON export refuses anything it could not read back).
 */
export function studyFileOf(bundle: StudyBundle, format: ExportFormat, now: Date = new Date()): StudyFile {
  const info = formatInfo(format);
  const filename = fileStemOf(bundle.study.name) + info.suffix;
  const config: StudyConfig = { ...bundle.study.config, name: bundle.study.name };
  let text: string;
  switch (format) {
    case "json":
      text = serializeStudyExport(exportBodyOf(bundle), now);
      break;
    case "csv":
      text = trialsToCsv(config, exportTrials(bundle));
      break;
    case "optuna":
      text = toOptunaJournal(config, exportTrials(bundle), { fallbackTime: now });
      break;
    case "python":
      text = toPythonScript(config);
      break;
  }
  return { filename, mime: info.mime, text };
}

// Long enough for the browser to have started reading the blob before its URL goes away.
const REVOKE_AFTER_MS = 60_000;

/** Hands a file to the browser's downloads, through a Blob and a temporary `<a download>` link. */
export function downloadFile(file: StudyFile): void {
  const blob = new Blob([file.text], { type: `${file.mime};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = file.filename;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}
