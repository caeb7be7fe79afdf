/** The range test's points from its epoch reports, and the playground link of a chosen rate. */
import { suggestLearningRate, type RangePoint, type RangeSuggestion } from "../../core/lessons";
import { fromTrainConfig, serializeConfig } from "../../core/playground-config";
import { defaultSchedule } from "../../core/schedules";
import { searchAroundRate } from "../../core/teaching/search-around";
import { withTeaching, type TeacherMode } from "../../core/teaching/teacher-link";
import { configQuery } from "../state/study-url";
import type { TrainConfig } from "../../shared/train";
import type { EpochSummary } from "./experiment.svelte";

/** One point per epoch: the geometric mean of the epoch's step rates against its training loss. */
export function rangePoints(reports: EpochSummary[]): RangePoint[] {
  return reports
    .filter((r) => r.stepLrs.length > 0)
    .map((r) => ({
      lr: Math.exp(r.stepLrs.reduce((a, lr) => a + Math.log(lr), 0) / r.stepLrs.length),
      loss: r.trainLoss,
    }));
}

/** The suggestion once there are enough finite points, else null. */
export function trySuggestion(points: RangePoint[]): RangeSuggestion | null {
  const finite = points.findIndex((p) => !Number.isFinite(p.loss));
  if ((finite < 0 ? points.length : finite) < 3) return null;
  return suggestLearningRate(points);
}

/**
 * "#/playground?…" with the range test's data and network, a constant `learningRate` and `epochs`
 * (and the teacher mode of a lesson opened from a teacher's link).
 */
export function playgroundLink(
  config: TrainConfig,
  learningRate: number,
  epochs: number,
  teaching: TeacherMode | null = null,
): string {
  const rate = Number(learningRate.toPrecision(2));
  const run: TrainConfig = { ...config, learningRate: rate, epochs, schedule: defaultSchedule() };
  return `#/playground?${withTeaching(serializeConfig(fromTrainConfig(run)), teaching)}`;
}

/**
 * "#/study?cfg=…": the playground link's settings as a study's base, with the learning rate
 * searched log-uniformly around `learningRate` (see searchAroundRate).
 */
export function studyAroundLink(config: TrainConfig, learningRate: number, epochs: number): string {
  const run: TrainConfig = { ...config, learningRate, epochs, schedule: defaultSchedule() };
  return `#/study?${configQuery(searchAroundRate(fromTrainConfig(run), learningRate))}`;
}
