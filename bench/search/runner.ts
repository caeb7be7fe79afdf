/**
 * The work of the search benchmark: one optimisation run (a sampler on an objective with one
 * seed) through the core's public study API, and the timing of a single `ask` after a given
 * number of finished trials.
 */
import {
  createSampler,
  createStudy,
  type SamplerChoice,
  type TrialRecord,
} from "../../src/core/search/index";
import { RandomSampler } from "../../src/core/search/index";
import { HELD_OUT_OBJECTIVES } from "./held-out";
import { OBJECTIVES, type Objective } from "./objectives";

export interface RunJob {
  label: string;
  choice: SamplerChoice;
  objective: string;
  seed: number;
  trials: number;
}

export interface RunResult {
  label: string;
  objective: string;
  seed: number;
  /** Simple regret (best value so far minus f*) after each trial. */
  regret: number[];
  /** Total milliseconds spent in `ask`. */
  askMs: number;
}

/** Looks an objective up by name, with a clear error listing the known ones. */
export function objectiveByName(name: string): Objective {
  const all = [...OBJECTIVES, ...HELD_OUT_OBJECTIVES];
  const found = all.find((o) => o.name === name);
  if (found === undefined) {
    throw new Error(`Unknown objective "${name}" (known: ${all.map((o) => o.name).join(", ")})`);
  }
  return found;
}

/** Runs one study trial by trial (ask, evaluate, tell) and records the regret curve. */
export function runJob(job: RunJob): RunResult {
  const objective = objectiveByName(job.objective);
  const study = createStudy({
    space: objective.space,
    sampler: job.choice,
    direction: "minimize",
    seed: job.seed,
  });
  const regret: number[] = [];
  let best = Infinity;
  let askMs = 0;
  for (let i = 0; i < job.trials; i++) {
    const start = performance.now();
    const trial = study.ask();
    askMs += performance.now() - start;
    const value = objective.evaluate(trial.params);
    study.tell(trial.number, value);
    best = Math.min(best, value);
    regret.push(best - objective.fStar);
  }
  return { label: job.label, objective: job.objective, seed: job.seed, regret, askMs };
}

/** `count` finished trials with random parameters and their objective values, as a history to time `ask` on. */
export function randomHistory(objective: Objective, count: number, seed: number): TrialRecord[] {
  const random = new RandomSampler({}, seed);
  const trials: TrialRecord[] = [];
  for (let i = 0; i < count; i++) {
    const params = random.sample(objective.space, trials);
    trials.push({
      number: i,
      params,
      state: "complete",
      value: objective.evaluate(params),
      intermediate: {},
    });
  }
  return trials;
}

/**
 * The median milliseconds of one `sample` call on a history of `finished` trials, as in a running
 * study: each repeat takes a fresh sampler, lets it propose once on the history without its last
 * trial (so a GP has the warm start it would have), then times the call on the full history.
 */
export function timeAsk(
  choice: SamplerChoice,
  objective: Objective,
  finished: number,
  repeats: number,
): number {
  const history = randomHistory(objective, finished, 12345);
  const previous = history.slice(0, -1);
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const sampler = createSampler(choice, 7 + r);
    sampler.sample(objective.space, previous, "minimize");
    const start = performance.now();
    sampler.sample(objective.space, history, "minimize");
    times.push(performance.now() - start);
  }
  return median(times);
}

/** The median of a list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : 0.5 * (s[mid - 1] + s[mid]);
}
