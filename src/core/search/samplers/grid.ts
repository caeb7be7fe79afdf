/**
 * Grid search over every combination of parameter values. Numeric ranges are split into `n`
 * points (snapped and deduplicated for ints and steps), categoricals use all their choices, and
 * conditional parameters are expanded only under the parent values that activate them. Points
 * are visited in a seeded pseudo-random order (so a study stopped early still covers the space
 * broadly) through an index permutation, so even huge grids cost nothing to set up.
 */
import {
  conditionHolds,
  gridValues,
  isValidValue,
  paramsKey,
  topologicalOrder,
  validateSpace,
} from "../space";
import type { ParamValue, Params, Sampler, SearchSpace, TrialRecord } from "../types";
import { describeValue } from "../describe-value";
import { checkOptionKeys, checkSeed, trialKeys } from "./options";
import { IndexPermutation } from "./permutation";

export interface GridOptions {
  /** Points per numeric range (default 5). */
  n?: number;
  /** Explicit values for some parameters, replacing the split of their range or their choices. */
  values?: Record<string, ParamValue[]>;
  /** Visit the points in a seeded random order (default true) rather than in lexicographic order. */
  shuffle?: boolean;
}

export const DEFAULT_GRID_POINTS = 5;
/** Most points per numeric range: splitting a range costs time in the number of points, squared. */
export const GRID_MAX_POINTS = 1_000;

/** The grid's structure: values per parameter and how many points each parameter's subtree spans. */
class GridPlan {
  readonly values: Record<string, ParamValue[]> = {};
  readonly children: Record<string, string[]> = {};
  readonly roots: string[] = [];
  private readonly counts: Record<string, number> = {};
  readonly size: number;

  constructor(
    private readonly space: SearchSpace,
    n: number,
    explicit: Record<string, ParamValue[]>,
  ) {
    validateSpace(space);
    for (const [name, list] of Object.entries(explicit)) {
      if (!Object.hasOwn(space, name)) throw new Error(`Grid values given for unknown parameter "${name}"`);
      if (!Array.isArray(list) || list.length === 0) {
        throw new Error(`Grid values for "${name}" must be a non-empty array, got ${describeValue(list)}`);
      }
      for (const v of list) {
        if (!isValidValue(space[name], v)) {
          throw new Error(`Grid value ${describeValue(v)} is not valid for parameter "${name}"`);
        }
      }
    }
    const order = topologicalOrder(space);
    for (const name of order) {
      const own = explicit[name];
      this.values[name] = own ? [...new Set(own)] : gridValues(space[name], n);
      this.children[name] = [];
    }
    for (const name of order) {
      const parent = space[name].condition?.param;
      if (parent === undefined) this.roots.push(name);
      else this.children[parent].push(name);
    }
    // Children come after parents in `order`, so walking it backwards fills children's counts first.
    for (const name of [...order].reverse()) {
      let total = 0;
      for (const v of this.values[name]) total += this.blockSize(name, v);
      this.counts[name] = total;
    }
    this.size = this.roots.reduce((product, root) => product * this.counts[root], 1);
  }

  /** The parameters of grid point `index` (0 <= index < size), in lexicographic order. */
  decode(index: number): Params {
    const params: Params = {};
    let rest = index;
    for (const root of this.roots) {
      const radix = this.counts[root];
      this.decodeParam(root, rest % radix, params);
      rest = Math.floor(rest / radix);
    }
    return params;
  }

  private activeChildren(name: string, value: ParamValue): string[] {
    return this.children[name].filter((c) => conditionHolds(this.space[c].condition!, value));
  }

  private blockSize(name: string, value: ParamValue): number {
    return this.activeChildren(name, value).reduce((product, c) => product * this.counts[c], 1);
  }

  private decodeParam(name: string, index: number, params: Params): void {
    let rest = index;
    for (const v of this.values[name]) {
      const block = this.blockSize(name, v);
      if (rest >= block) {
        rest -= block;
        continue;
      }
      params[name] = v;
      for (const child of this.activeChildren(name, v)) {
        const radix = this.counts[child];
        this.decodeParam(child, rest % radix, params);
        rest = Math.floor(rest / radix);
      }
      return;
    }
    throw new Error(`Grid index ${index} out of range for parameter "${name}"`);
  }
}

/** The number of points of the grid over `space` (Infinity-safe: may exceed 2^53 as an approximate number). */
export function gridSize(
  space: SearchSpace,
  n: number = DEFAULT_GRID_POINTS,
  values: Record<string, ParamValue[]> = {},
): number {
  return new GridPlan(space, n, values).size;
}

/** Lists every grid point in lexicographic order; meant for small grids (tests, previews). */
export function gridPoints(
  space: SearchSpace,
  n: number = DEFAULT_GRID_POINTS,
  values: Record<string, ParamValue[]> = {},
): Params[] {
  const plan = new GridPlan(space, n, values);
  if (plan.size > 1_000_000) throw new Error(`The grid has ${plan.size} points, too many to list`);
  return Array.from({ length: plan.size }, (_, i) => plan.decode(i));
}

export interface GridState {
  cursor: number;
}

/** Grid search; never proposes a point twice (running trials included) and returns null when exhausted. */
export class GridSampler implements Sampler {
  readonly name = "grid";
  private readonly n: number;
  private readonly explicit: Record<string, ParamValue[]>;
  private readonly shuffle: boolean;
  private readonly seed: number;
  private cursor = 0;
  private cached: { key: string; plan: GridPlan; permutation: IndexPermutation | null } | null = null;

  /** Options: `n` points per numeric range, `values` per parameter, `shuffle`; `seed` fixes the visiting order. */
  constructor(options: GridOptions, seed: number) {
    checkOptionKeys("the grid sampler", options, ["n", "values", "shuffle"]);
    checkSeed("The grid sampler", seed);
    const n = options.n ?? DEFAULT_GRID_POINTS;
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`Grid option n must be an integer >= 1, got ${describeValue(n)}`);
    if (n > GRID_MAX_POINTS) {
      throw new Error(`Grid option n must be at most ${GRID_MAX_POINTS} points per range, got ${n}`);
    }
    if (options.values !== undefined && (typeof options.values !== "object" || options.values === null)) {
      throw new Error(
        `Grid option values must be an object of value lists, got ${describeValue(options.values)}`,
      );
    }
    if (options.shuffle !== undefined && typeof options.shuffle !== "boolean") {
      throw new Error(`Grid option shuffle must be true or false, got ${describeValue(options.shuffle)}`);
    }
    this.n = n;
    this.explicit = options.values ?? {};
    this.shuffle = options.shuffle ?? true;
    this.seed = seed;
  }

  sample(space: SearchSpace, trials: readonly TrialRecord[]): Params | null {
    const { plan, permutation } = this.planFor(space);
    const seen = trialKeys(trials);
    while (this.cursor < plan.size) {
      const index = permutation ? permutation.apply(this.cursor) : this.cursor;
      this.cursor++;
      const params = plan.decode(index);
      if (!seen.has(paramsKey(params))) return params;
    }
    return null;
  }

  /** Whether every grid point has been proposed. */
  exhausted(space: SearchSpace): boolean {
    return this.cursor >= this.planFor(space).plan.size;
  }

  /** The number of points of the grid over `space` with this sampler's options. */
  size(space: SearchSpace): number {
    return this.planFor(space).plan.size;
  }

  state(): GridState {
    return { cursor: this.cursor };
  }

  restore(state: unknown): void {
    const cursor = (state as GridState | null)?.cursor;
    if (!Number.isInteger(cursor) || (cursor as number) < 0) {
      throw new Error(`Invalid grid sampler state: ${JSON.stringify(state)}`);
    }
    this.cursor = cursor as number;
  }

  private planFor(space: SearchSpace): { plan: GridPlan; permutation: IndexPermutation | null } {
    const key = JSON.stringify(space);
    if (this.cached?.key !== key) {
      const plan = new GridPlan(space, this.n, this.explicit);
      if (plan.size > Number.MAX_SAFE_INTEGER) {
        throw new Error(`The grid has about ${plan.size.toExponential(2)} points, too many to enumerate`);
      }
      const permutation = this.shuffle ? new IndexPermutation(plan.size, this.seed) : null;
      this.cached = { key, plan, permutation };
    }
    return this.cached;
  }
}
