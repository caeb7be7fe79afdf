/** The studies items 4, 5 and 7 of the benchmark suite run: the app's defaults, and a tiny model. */
import { defaultConfig, type PlaygroundConfig } from "../../src/core/playground-config";
import { defaultStudyConfig, type StudyConfig } from "../../src/core/study/study-config";

/** A study as "Tune this" makes it from `base`, with `trials` trials on `workers` workers. */
export function studyOf(base: PlaygroundConfig, trials: number, workers = 2): StudyConfig {
  const config = defaultStudyConfig(base);
  return { ...config, budget: { ...config.budget, trials, workers } };
}

/** The playground's defaults (circle, 500 points, 4-2 tanh network, 100 epochs, batch 32). */
export function defaultBase(): PlaygroundConfig {
  return defaultConfig();
}

/** The tiny model of the study tests: 200 points, one hidden layer of 4, 6 epochs. */
export function tinyBase(): PlaygroundConfig {
  return { ...defaultConfig(), samples: 200, noise: 0, hiddenLayers: [4], epochs: 6 };
}

/** The same tiny model as a playground link query (what a person would open before "Tune this"). */
export const TINY_QUERY = "dataset=circle&samples=200&noise=0&layers=4&epochs=6&resolution=0";
