/**
 * "Search around it": a study over the learning rate near the rate a range test suggested. The
 * steepest fall of the loss is a good start, not the best rate; the best usually lies from a few
 * times lower to a little higher, so the range runs from a tenth of the suggestion to three times
 * it, on a log scale (each decade gets the same share of the trials).
 */
import { propertyOf, type NumberProperty, type PlaygroundConfig } from "../playground-config";
import { defaultStudyConfig, type StudyConfig } from "../study/study-config";

/** The search range relative to the suggested rate. */
export const SEARCH_BELOW = 10;
export const SEARCH_ABOVE = 3;
/** Trials of the study: enough to cover one parameter's one and a half decades. */
export const SEARCH_AROUND_TRIALS = 12;

/** One line for the page: why the range is where it is. */
export const SEARCH_AROUND_WHY =
  "The steepest fall is a start, not the best rate: the best one usually lies between a tenth of it and three times it, so the study searches that range on a log scale.";

const twoDigits = (v: number) => Number(v.toPrecision(2));

/** The log-uniform learning-rate range around a suggested rate, within the setting's limits. */
export function rangeAround(rate: number): { low: number; high: number } {
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new Error(`The suggested learning rate must be a positive number, got ${String(rate)}`);
  }
  const prop = propertyOf("learningRate") as NumberProperty;
  const clamp = (v: number) => Math.min(prop.max, Math.max(prop.min, v));
  const low = twoDigits(clamp(rate / SEARCH_BELOW));
  const high = twoDigits(clamp(rate * SEARCH_ABOVE));
  if (!(low < high)) {
    throw new Error(`No range around the learning rate ${rate} fits between ${prop.min} and ${prop.max}`);
  }
  return { low, high };
}

/**
 * A study of `base` (its learning rate set to the suggestion) whose only tuned setting is the
 * learning rate, log-uniform around the suggestion.
 */
export function searchAroundRate(base: PlaygroundConfig, rate: number): StudyConfig {
  const { low, high } = rangeAround(rate);
  const fixed: PlaygroundConfig = { ...base, learningRate: twoDigits(rate) };
  const config = defaultStudyConfig(fixed);
  config.name = `Learning rate around ${twoDigits(rate)}`;
  config.space = { learningRate: { type: "float", low, high, log: true } };
  config.budget = { ...config.budget, trials: SEARCH_AROUND_TRIALS };
  return config;
}
