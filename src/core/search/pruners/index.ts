/** The pruner registry: builds a pruner from a name or a `{ name, ...options }` object. */
import type { Pruner } from "../types";
import { AshaPruner } from "./asha";
import { HyperbandPruner } from "./hyperband";
import { NonePruner } from "./none";
import { MedianPruner, PercentilePruner } from "./percentile";

export { AshaPruner, isPromotable, type AshaOptions } from "./asha";
export { HyperbandPruner, type HyperbandOptions } from "./hyperband";
export { NonePruner } from "./none";
export { MedianPruner, PercentilePruner, type PercentileOptions } from "./percentile";
export { lastReportIsNonFinite } from "../curves";

export const PRUNER_NAMES = ["none", "median", "percentile", "asha", "hyperband"] as const;
export type PrunerName = (typeof PRUNER_NAMES)[number];
export type PrunerOptions = { name: PrunerName; [option: string]: unknown };
export type PrunerChoice = PrunerName | PrunerOptions;

/** The `{ name, ...options }` form of a pruner choice; throws on an unknown name. */
export function normalizePrunerChoice(choice: PrunerChoice | undefined): PrunerOptions {
  const options: PrunerOptions = typeof choice === "string" ? { name: choice } : (choice ?? { name: "none" });
  if (typeof options !== "object" || options === null || !PRUNER_NAMES.includes(options.name)) {
    const name = typeof choice === "object" && choice !== null ? choice.name : choice;
    throw new Error(`Unknown pruner ${JSON.stringify(name)} (expected one of ${PRUNER_NAMES.join(", ")})`);
  }
  return { ...options };
}

/** Builds a pruner; `seed` only matters for Hyperband's bracket assignment. */
export function createPruner(choice: PrunerChoice | undefined, seed: number): Pruner {
  const { name, ...options } = normalizePrunerChoice(choice);
  switch (name) {
    case "none":
      return new NonePruner(options);
    case "median":
      return new MedianPruner(options);
    case "percentile":
      return new PercentilePruner(options);
    case "asha":
      return new AshaPruner(options);
    case "hyperband":
      return new HyperbandPruner(options, seed);
  }
}
