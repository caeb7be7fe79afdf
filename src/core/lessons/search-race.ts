/**
 * Search strategies raced on a cheap function instead of training: each strategy runs a study of
 * the real search engine for a number of trials, over several seeds, and we keep the best value
 * found after each trial. Lessons 9 (grid against random) and 10 (TPE and GP against random) use it.
 */
import { createStudy, type Params, type SamplerChoice, type SearchSpace } from "../search/index";

/** A function of two parameters in [0, 1] to minimise. */
export type LessonObjective = (params: Params) => number;

/**
 * Lesson 9's function: a narrow valley along x at 0.62 whose depth does not depend on y at all,
 * as when one of two hyperparameters does not matter.
 */
export function oneParameterMatters(params: Params): number {
  const x = Number(params.x);
  return 1 - Math.exp(-(((x - 0.62) / 0.08) ** 2));
}

/** Lesson 10's function: a tilted, curved valley in both parameters (a rescaled Rosenbrock), minimum 0 at (0.7, 0.49). */
export function curvedValley(params: Params): number {
  const x = Number(params.x);
  const y = Number(params.y);
  return (0.7 - x) ** 2 + 20 * (y - x * x) ** 2;
}

/** The lessons' search space: two floats on [0, 1]. */
export const UNIT_SQUARE: SearchSpace = {
  x: { type: "float", low: 0, high: 1 },
  y: { type: "float", low: 0, high: 1 },
};

/** Best value found after each trial (running minimum) of one study of `trials` trials. */
export function bestSoFar(
  sampler: SamplerChoice,
  objective: LessonObjective,
  trials: number,
  seed: number,
  space: SearchSpace = UNIT_SQUARE,
): number[] {
  if (!Number.isInteger(trials) || trials < 1)
    throw new Error(`A search needs at least 1 trial, got ${trials}`);
  const study = createStudy({ space, sampler, seed, direction: "minimize" });
  const curve: number[] = [];
  let best = Infinity;
  for (let i = 0; i < trials; i++) {
    const { number, params } = study.ask();
    const value = objective(params);
    study.tell(number, value);
    best = Math.min(best, value);
    curve.push(best);
  }
  return curve;
}

export interface RaceCurve {
  /** Per trial index: the mean over seeds of the best value so far, and the lowest and highest seed. */
  mean: number[];
  low: number[];
  high: number[];
  /** The best value at the end, one per seed. */
  finals: number[];
}

/** Runs `sampler` over `seeds` and summarises its best-so-far curves. */
export function raceCurve(
  sampler: SamplerChoice,
  objective: LessonObjective,
  trials: number,
  seeds: number[],
  space: SearchSpace = UNIT_SQUARE,
): RaceCurve {
  if (seeds.length === 0) throw new Error("A search race needs at least one seed, got none");
  const curves = seeds.map((seed) => bestSoFar(sampler, objective, trials, seed, space));
  const at = (i: number) => curves.map((c) => c[i]);
  const index = Array.from({ length: trials }, (_, i) => i);
  return {
    mean: index.map((i) => at(i).reduce((a, b) => a + b, 0) / seeds.length),
    low: index.map((i) => Math.min(...at(i))),
    high: index.map((i) => Math.max(...at(i))),
    finals: curves.map((c) => c[trials - 1]),
  };
}

/** How many seeds `a` ends strictly better (lower) than `b`, seed by seed. */
export function winsOver(a: RaceCurve, b: RaceCurve): number {
  if (a.finals.length !== b.finals.length) {
    throw new Error(`Races must use the same seeds, got ${a.finals.length} and ${b.finals.length}`);
  }
  return a.finals.filter((v, i) => v < b.finals[i]).length;
}
