/**
 * Parameter importance as sorted bars. The importances themselves come from the engine's
 * importance module (fANOVA); this only checks, orders and normalises them for drawing.
 */
import { describe } from "./trials";

export interface ImportanceBar {
  name: string;
  importance: number;
  /** importance / sum of all importances (0 when they sum to 0). */
  share: number;
}

/** Bars for a parameter → importance map, most important first (ties by name). */
export function importanceBars(importance: Readonly<Record<string, number>>): ImportanceBar[] {
  if (typeof importance !== "object" || importance === null || Array.isArray(importance)) {
    throw new Error(`Importance must be an object of parameter name to number, got ${describe(importance)}`);
  }
  const entries = Object.entries(importance);
  for (const [name, v] of entries) {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new Error(`Importance of "${name}" must be a finite number >= 0, got ${describe(v)}`);
    }
  }
  const total = entries.reduce((s, [, v]) => s + v, 0);
  return entries
    .map(([name, v]) => ({ name, importance: v, share: total > 0 ? v / total : 0 }))
    .sort((a, b) => b.importance - a.importance || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
