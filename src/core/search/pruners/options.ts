/** Option checks shared by the pruners. */

/** Throws if `options` has a key outside `allowed`, naming the pruner and the key. */
export function checkPrunerOptions(pruner: string, options: object, allowed: readonly string[]): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new Error(`Options of the ${pruner} pruner must be an object, got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key !== "name" && !allowed.includes(key)) {
      throw new Error(
        `Unknown option "${key}" for the ${pruner} pruner (allowed: ${allowed.join(", ") || "none"})`,
      );
    }
  }
}

/** Reads an integer option with a default, throwing if it is not an integer >= min. */
export function intOption(
  pruner: string,
  key: string,
  value: unknown,
  fallback: number,
  min: number,
): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new Error(
      `The ${pruner} pruner's ${key} must be an integer >= ${min}, got ${JSON.stringify(value)}`,
    );
  }
  return v;
}
