/** Option checks shared by the pruners. */
import { describeValue } from "../describe-value";

/** Throws if `options` has a key outside `allowed`, naming the pruner and the key. */
export function checkPrunerOptions(pruner: string, options: object, allowed: readonly string[]): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new Error(`Options of the ${pruner} pruner must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key !== "name" && !allowed.includes(key)) {
      throw new Error(
        `Unknown option "${key}" for the ${pruner} pruner (allowed: ${allowed.join(", ") || "none"})`,
      );
    }
  }
}

/**
 * Largest count (trials, steps, resources, factors) a pruner option may take: far beyond any real
 * study, and small enough that powers and products of it stay ordinary numbers.
 */
export const MAX_PRUNER_COUNT = 1_000_000;

/** Reads an integer option with a default, throwing if it is not an integer from min to max. */
export function intOption(
  pruner: string,
  key: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number = MAX_PRUNER_COUNT,
): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new Error(
      `The ${pruner} pruner's ${key} must be an integer >= ${min}, got ${describeValue(value)}`,
    );
  }
  if (v > max) throw new Error(`The ${pruner} pruner's ${key} must be at most ${max}, got ${v}`);
  return v;
}
