/** Small helpers shared by the sampler constructors: option checks and duplicate detection. */
import { describeValue } from "../describe-value";
import { paramsKey } from "../space";
import type { Params, TrialRecord } from "../types";

/** Throws if `options` has a key outside `allowed`, naming the sampler and the key. */
export function checkOptionKeys(owner: string, options: object, allowed: readonly string[]): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new Error(`${owner} options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key === "name") continue;
    if (!allowed.includes(key)) {
      const list = allowed.length > 0 ? allowed.join(", ") : "none";
      throw new Error(`Unknown option "${key}" for ${owner} (allowed: ${list})`);
    }
  }
}

/** Throws unless `seed` is a finite number. */
export function checkSeed(owner: string, seed: number): void {
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new Error(`${owner} needs a finite numeric seed, got ${describeValue(seed)}`);
  }
}

/** Keys by parameter object: a study never changes a trial's parameters, so each is computed once. */
const keyCache = new WeakMap<Params, string>();

/** The canonical keys of every trial's parameters, running ones included. */
export function trialKeys(trials: readonly TrialRecord[]): Set<string> {
  const keys = new Set<string>();
  for (const t of trials) {
    let key = keyCache.get(t.params);
    if (key === undefined) {
      key = paramsKey(t.params);
      keyCache.set(t.params, key);
    }
    keys.add(key);
  }
  return keys;
}

/** Draws with `draw` until it gives an assignment not in `seen`, at most `attempts` times (then the last draw). */
export function drawUnseen(draw: () => Params, seen: Set<string>, attempts: number): Params {
  let params = draw();
  for (let i = 1; i < attempts && seen.has(paramsKey(params)); i++) params = draw();
  return params;
}
