/**
 * Row-index splits of an array dataset into training, validation and test sets, and k folds for
 * cross-validation. Classification splits are stratified (each class split in the same ratio);
 * everything is deterministic for a seed, and the test set never depends on the validation
 * choice, so every fold and every validation ratio is scored on the same test rows.
 */
import { Rng } from "../rng";
import type { Task } from "../../shared/train";

export interface SplitOptions {
  task: Task;
  /** Share of the non-test rows held out for validation (ignored with `fold`). */
  valRatio: number;
  /** Share of all rows held out as the test set (ignored when `sourceTestCount` > 0). */
  testRatio: number;
  seed: number;
  /** The source's own test set: the last `sourceTestCount` rows. */
  sourceTestCount?: number;
  /** Cross-validation: validate on fold `index` of k folds of the non-test rows, train on the others. */
  fold?: { k: number; index: number };
}

export interface SplitIndices {
  train: number[];
  val: number[];
  test: number[];
}

export const MIN_FOLDS = 3;
export const MAX_FOLDS = 10;

/** Throws unless the ratio is a finite number in [0, 1). */
function checkRatio(name: string, ratio: number): void {
  if (typeof ratio !== "number" || !Number.isFinite(ratio) || ratio < 0 || ratio >= 1) {
    throw new Error(`${name} ratio must be a number from 0 up to (not including) 1, got ${String(ratio)}`);
  }
}

/** Throws unless every label of the rows is a class index (a non-negative integer). */
function checkClassLabels(y: ArrayLike<number>, rows: Iterable<number>): void {
  for (const r of rows) {
    const label = y[r];
    if (!Number.isInteger(label) || label < 0) {
      throw new Error(`Class label of row ${r} must be a non-negative integer, got ${String(label)}`);
    }
  }
}

/**
 * The rows grouped for stratification, each group shuffled: one group per class (in class order)
 * for classification, a single group for regression.
 */
function shuffledGroups(rows: number[], y: ArrayLike<number>, task: Task, rng: Rng): number[][] {
  if (task === "regression") return [rng.shuffle(rows.slice())];
  checkClassLabels(y, rows);
  const byClass = new Map<number, number[]>();
  for (const r of rows) {
    const group = byClass.get(y[r]);
    if (group) group.push(r);
    else byClass.set(y[r], [r]);
  }
  return [...byClass.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => rng.shuffle(g));
}

/**
 * Takes `count` rows out of the groups, each group contributing in proportion to its size
 * (largest-remainder rounding, so the quotas add up to exactly `count`).
 */
function takeStratified(groups: number[][], count: number): { taken: number[]; rest: number[] } {
  const total = groups.reduce((sum, g) => sum + g.length, 0);
  const exact = groups.map((g) => (total === 0 ? 0 : (g.length * count) / total));
  const quota = exact.map(Math.floor);
  let missing = count - quota.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (missing === 0) break;
    quota[i]++;
    missing--;
  }
  // concat, not push(...): a spread of a million rows would overflow the call stack.
  return {
    taken: ([] as number[]).concat(...groups.map((g, i) => g.slice(0, quota[i]))),
    rest: ([] as number[]).concat(...groups.map((g, i) => g.slice(quota[i]))),
  };
}

/** Rows held out for a ratio: none at 0, else at least one. */
function heldOutCount(n: number, ratio: number): number {
  return ratio === 0 ? 0 : Math.max(1, Math.round(n * ratio));
}

const ascending = (a: number, b: number): number => a - b;

/**
 * Train/validation/test row indices; stratified by class for classification; deterministic for a seed.
 * Each list is in ascending row order (shuffle for training).
 */
export function splitIndices(y: ArrayLike<number>, options: SplitOptions): SplitIndices {
  const { task, valRatio, testRatio, seed, fold } = options;
  const sourceTestCount = options.sourceTestCount ?? 0;
  const n = y.length;
  if (n < 2) throw new Error(`Need at least 2 examples to split, got ${n}`);
  checkRatio("Validation", valRatio);
  checkRatio("Test", testRatio);
  if (valRatio + testRatio >= 1) {
    throw new Error(
      `Validation and test ratios must add up to less than 1, got ${valRatio} + ${testRatio} = ${valRatio + testRatio}`,
    );
  }
  if (!Number.isInteger(sourceTestCount) || sourceTestCount < 0 || sourceTestCount >= n) {
    throw new Error(
      `The source's test set size must be an integer from 0 to ${n - 1} (fewer than the ${n} rows), got ${String(sourceTestCount)}`,
    );
  }
  // Separate streams: the test rows depend on the seed and testRatio alone.
  const root = new Rng(seed);
  const testRng = root.fork();
  const restRng = root.fork();

  let test: number[];
  let nonTest: number[];
  const all = Array.from({ length: n }, (_, i) => i);
  if (sourceTestCount > 0) {
    nonTest = all.slice(0, n - sourceTestCount);
    test = all.slice(n - sourceTestCount);
    if (task !== "regression") checkClassLabels(y, test);
  } else {
    const nTest = heldOutCount(n, testRatio);
    const split = takeStratified(shuffledGroups(all, y, task, testRng), nTest);
    test = split.taken;
    nonTest = split.rest;
  }

  let train: number[];
  let val: number[];
  if (fold) {
    const folds = kFolds(nonTest, y, task, fold.k, restRng.nextUint32());
    if (!Number.isInteger(fold.index) || fold.index < 0 || fold.index >= fold.k) {
      throw new Error(`Fold index must be an integer from 0 to ${fold.k - 1}, got ${String(fold.index)}`);
    }
    val = folds[fold.index];
    train = folds.filter((_, i) => i !== fold.index).flat();
  } else {
    const nVal = heldOutCount(nonTest.length, valRatio);
    const split = takeStratified(shuffledGroups(nonTest, y, task, restRng), nVal);
    val = split.taken;
    train = split.rest;
  }
  if (train.length === 0) {
    throw new Error(
      `Too few examples: ${n} rows leave none for training (validation ${val.length}, test ${test.length})`,
    );
  }
  return { train: train.sort(ascending), val: val.sort(ascending), test: test.sort(ascending) };
}

/**
 * k stratified folds of the given rows (each row in exactly one fold). Fold sizes differ by at
 * most one, and each class is spread over the folds as evenly as its count allows.
 * Each fold is in ascending row order.
 */
export function kFolds(
  rows: number[],
  y: ArrayLike<number>,
  task: Task,
  k: number,
  seed: number,
): number[][] {
  if (!Number.isInteger(k) || k < MIN_FOLDS || k > MAX_FOLDS) {
    throw new Error(`Fold count must be an integer from ${MIN_FOLDS} to ${MAX_FOLDS}, got ${String(k)}`);
  }
  const seen = new Set<number>();
  for (const r of rows) {
    if (!Number.isInteger(r) || r < 0 || r >= y.length) {
      throw new Error(`Row index must be an integer from 0 to ${y.length - 1}, got ${String(r)}`);
    }
    if (seen.has(r)) throw new Error(`Row ${r} is listed twice`);
    seen.add(r);
  }
  if (rows.length < k) throw new Error(`Need at least ${k} examples for ${k} folds, got ${rows.length}`);
  const groups = shuffledGroups(rows, y, task, new Rng(seed));
  if (task !== "regression") {
    for (const g of groups) {
      if (g.length < k) {
        throw new Error(
          `Class ${y[g[0]]} has ${g.length} example${g.length === 1 ? "" : "s"}, too few for ${k} folds (need at least ${k})`,
        );
      }
    }
  }
  // Dealing the class-ordered rows round-robin keeps both the fold sizes and each class balanced.
  const folds: number[][] = Array.from({ length: k }, () => []);
  groups.flat().forEach((r, i) => folds[i % k].push(r));
  return folds.map((f) => f.sort(ascending));
}
