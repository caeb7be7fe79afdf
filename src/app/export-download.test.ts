import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exampleStudyExportBody } from "../core/export/example-study";
import { parseStudyExport, serializeStudyExport, type StudyExport } from "../core/export/study-export";
import { openStudyDb, type StudyDb } from "./db/index";
import { EXPORT_FORMATS, exportBodyOf, fileStemOf, studyFileOf } from "./export-download";
import { bundleOfExport, readStudyFile } from "./state/history-import.svelte";

let db: StudyDb;
let dbCount = 0;

beforeEach(async () => {
  db = await openStudyDb(`export-download-test-${++dbCount}-${Date.now()}`);
});

afterEach(() => db.close());

function exampleFile(): StudyExport {
  const parsed = parseStudyExport(serializeStudyExport(exampleStudyExportBody()));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe("fileStemOf", () => {
  it("keeps letters and digits of any script and joins the rest with dashes", () => {
    expect(fileStemOf('Circle "example", tuned')).toBe("Circle-example-tuned");
    expect(fileStemOf("Étude n°2 / spirale")).toBe("Étude-n-2-spirale");
    expect(fileStemOf("../../etc/passwd")).toBe("etc-passwd");
    expect(fileStemOf("  ***  ")).toBe("study");
    expect(fileStemOf("x".repeat(300))).toHaveLength(80);
  });
});

describe("study files", () => {
  it("a JSON export read back, stored and exported again gives the same study", async () => {
    const file = exampleFile();
    const stored = await db.importStudy(bundleOfExport(file, Date.now(), () => "unused"));
    expect(stored.id).toBe(file.study.id);
    const bundle = await db.exportStudy(stored.id);
    if (!bundle) throw new Error("the imported study is not stored");
    const again = exportBodyOf(bundle);
    expect(again.trials).toEqual(file.study.trials);
    expect(again.engine).toEqual(file.study.engine);
    expect(again.config).toEqual(file.study.config);
    expect(again.createdAt).toBe(file.study.createdAt);
    const text = studyFileOf(bundle, "json").text;
    expect(parseStudyExport(text).ok).toBe(true);
  });

  it("keeps the trials' test scores through import, the history and export", async () => {
    const body = exampleStudyExportBody();
    body.trials[0].test = { loss: 0.31, metric: 0.9 };
    body.trials[3].test = { loss: 0.42, metric: 0.85 };
    const parsed = parseStudyExport(serializeStudyExport(body));
    if (!parsed.ok) throw new Error(parsed.error);
    const stored = await db.importStudy(bundleOfExport(parsed.value, Date.now(), () => "unused"));
    const trials = await db.getTrials(stored.id);
    expect(trials.map((t) => t.test)).toEqual([
      { loss: 0.31, metric: 0.9 },
      undefined,
      undefined,
      { loss: 0.42, metric: 0.85 },
      undefined,
      undefined,
      undefined,
    ]);
    const bundle = await db.exportStudy(stored.id);
    if (!bundle) throw new Error("the imported study is not stored");
    expect(exportBodyOf(bundle).trials).toEqual(parsed.value.study.trials);
  });

  it("rebuilds each epoch's steps and per-step rates the way the worker counts them", async () => {
    const bundle = bundleOfExport(exampleFile(), 0, () => "unused");
    const first = bundle.epochs.filter((e) => e.trialNumber === 0);
    const steps = first[0].step;
    expect(steps).toBeGreaterThan(0);
    first.forEach((e, i) => {
      expect(e.step).toBe(steps * (i + 1));
      expect(e.stepLrs).toHaveLength(steps);
      expect(e.samplesPerSec).toBeGreaterThan(0);
    });
  });

  it("exports a study that never ran with a fresh engine, and every format names the file after the study", async () => {
    const imported = await db.importStudy(bundleOfExport(exampleFile(), Date.now(), () => "unused"));
    const draft = await db.duplicateStudy(imported.id, "Copy: with / odd * name");
    const bundle = await db.exportStudy(draft.id);
    if (!bundle) throw new Error("the copy is not stored");
    const json = parseStudyExport(studyFileOf(bundle, "json").text);
    expect(json.ok && json.value.study.trials).toEqual([]);
    expect(EXPORT_FORMATS.map((f) => studyFileOf(bundle, f.format).filename)).toEqual([
      "Copy-with-odd-name.tunelab.json",
      "Copy-with-odd-name.csv",
      "Copy-with-odd-name.optuna-journal.log",
      "Copy-with-odd-name.py",
    ]);
    expect(studyFileOf(bundle, "csv").text.split("\r\n")[0]).toMatch(/^number,state,value,/);
  });

  it("refuses a bad file with a message naming what is wrong", async () => {
    const bad = (text: string) => readStudyFile(new Blob([text]), 0);
    await expect(bad("{ not json")).rejects.toThrow(/Malformed JSON at line 1, column 3/);
    const file = exampleFile();
    await expect(bad(JSON.stringify({ ...file, version: 3 }))).rejects.toThrow(
      "Unsupported study export version 3 (this Tunelab reads versions 1 and 2)",
    );
    const noName = { ...file, study: { ...file.study, name: "" } };
    await expect(bad(JSON.stringify(noName))).rejects.toThrow(/study\.name/);
  });
});
