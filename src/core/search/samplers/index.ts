/** The sampler registry: builds a sampler from a name or a `{ name, ...options }` object and a seed. */
import type { Sampler } from "../types";
import { GpSampler } from "./gp/index";
import { GridSampler } from "./grid";
import { QmcSampler } from "./qmc";
import { RandomSampler } from "./random";
import { TpeSampler } from "./tpe/index";

export { GridSampler, gridPoints, gridSize, DEFAULT_GRID_POINTS, type GridOptions } from "./grid";
export { QmcSampler } from "./qmc";
export { RandomSampler } from "./random";
export { TpeSampler } from "./tpe/index";
export { GpSampler } from "./gp/index";

export const SAMPLER_NAMES = ["grid", "random", "qmc", "tpe", "gp"] as const;
export type SamplerName = (typeof SAMPLER_NAMES)[number];
export type SamplerOptions = { name: SamplerName; [option: string]: unknown };
export type SamplerChoice = SamplerName | SamplerOptions;

/** The `{ name, ...options }` form of a sampler choice; throws on an unknown name. */
export function normalizeSamplerChoice(choice: SamplerChoice): SamplerOptions {
  const options = typeof choice === "string" ? { name: choice } : choice;
  if (typeof options !== "object" || options === null || !SAMPLER_NAMES.includes(options.name)) {
    const name = typeof choice === "object" && choice !== null ? choice.name : choice;
    throw new Error(`Unknown sampler ${JSON.stringify(name)} (expected one of ${SAMPLER_NAMES.join(", ")})`);
  }
  return { ...options } as SamplerOptions;
}

/** Builds a sampler; the options object given to its constructor is the choice without `name`. */
export function createSampler(choice: SamplerChoice, seed: number): Sampler {
  const { name, ...options } = normalizeSamplerChoice(choice);
  switch (name) {
    case "grid":
      return new GridSampler(options, seed);
    case "random":
      return new RandomSampler(options, seed);
    case "qmc":
      return new QmcSampler(options, seed);
    case "tpe":
      return new TpeSampler(options, seed);
    case "gp":
      return new GpSampler(options, seed);
  }
}
