/** Shared pieces of the study-history tests (used by the *.test.ts files beside it only). */
import { defaultConfig } from "../../core/playground-config";
import { defaultStudyConfig, type StudyConfig } from "../../core/study/study-config";
import type { EpochReport } from "../../shared/train";

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
