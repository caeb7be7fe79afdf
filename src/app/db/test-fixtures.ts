/** Shared pieces of the study-history tests (used by the *.test.ts files beside it only). */
import { defaultConfig } from "../../core/playground-config";
import { defaultStudyConfig, type StudyConfig } from "../../core/study/study-config";
import type { DatasetArrays, EpochReport } from "../../shared/train";
import type { NewDataset } from "./datasets";

let dbCounter = 0;

/** A database name no other test uses, so tests never see each other's data. */
export function uniqueDbName(label: string): string {
  dbCounter += 1;
  return `tunelab-test-${label}-${dbCounter}-${Math.random().toString(36).slice(2)}`;
}

/** A clock that moves one millisecond per reading, starting at `start`. */
export function steppingClock(start = 1_700_000_000_000): () => number {
  let t = start;
  return () => t++;
}

/** A real study configuration (the "Tune this" default), named `name`. */
export function studyConfig(
  name = "Spiral study",
  direction: "minimize" | "maximize" = "minimize",
): StudyConfig {
  const config = defaultStudyConfig(defaultConfig());
  return { ...config, name, objective: { ...config.objective, direction } };
}

/** An epoch report as the worker sends it, boundary grid included. */
export function epochReport(epoch: number, valLoss = 1 / epoch): EpochReport {
  return {
    epoch,
    trainLoss: valLoss * 0.9,
    valLoss,
    trainMetric: 0.5 + epoch / 100,
    valMetric: 0.45 + epoch / 100,
    lr: 0.01 / epoch,
    stepLrs: [0.01 / epoch, 0.01 / epoch],
    step: epoch * 2,
    epochMs: 12,
    samplesPerSec: 800,
    boundary: new Float32Array([0.1, 0.2, 0.3, 0.4]),
  };
}

/** A small uploaded table as csvToDataset makes it: 6 rows, 2 features, 3 classes. */
export function uploadArrays(id: string): DatasetArrays {
  return {
    id,
    task: "multiclass",
    classes: 3,
    classNames: ["setosa", "versicolor", "virginica"],
    featureNames: ["petal_length", "petal_width"],
    exampleShape: [2],
    x: new Float32Array([1.4, 0.2, 1.3, 0.2, 4.7, 1.4, 4.5, 1.5, 6.0, 2.5, 5.1, 1.9]),
    xScale: 1,
    y: new Float32Array([0, 0, 1, 1, 2, 2]),
    standardize: true,
    sourceTestCount: 0,
  };
}

/** What saving that table as an upload named `name` takes. */
export function newDataset(id: string, name = "iris-small.csv"): NewDataset {
  return {
    id,
    name,
    arrays: uploadArrays(id),
    choice: { target: "species", task: "multiclass", ignore: [], categorical: [] },
    csvBytes: 180,
  };
}
