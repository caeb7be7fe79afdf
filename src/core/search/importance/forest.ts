/**
 * A small random forest of regression trees (CART, squared-error splits, bootstrap samples),
 * enough for fANOVA: each tree partitions the input box into leaves of constant prediction.
 */
import { Rng } from "../../rng";

/** A regression tree in flat arrays; `feature[i] < 0` marks a leaf whose prediction is `value[i]`. */
export interface RegressionTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface ForestOptions {
  trees: number;
  maxDepth: number;
  minSamplesLeaf: number;
}

/** `columns[f][i]` is feature f of sample i. */
export type Columns = Float64Array[];

/**
 * The best squared-error split of a node, given its sample positions sorted by each feature, or
 * null when no split lowers the error by more than rounding noise.
 */
function bestSplit(
  x: Float64Array[],
  y: Float64Array,
  sorted: number[][],
  minLeaf: number,
): { feature: number; threshold: number; cut: number } | null {
  const rows = sorted[0];
  const n = rows.length;
  let m = 0;
  for (const r of rows) m += y[r];
  m /= n;
  let sse = 0;
  for (const r of rows) sse += (y[r] - m) ** 2;
  if (sse === 0) return null;
  // On values centred at the node mean, sumL^2/nL + sumR^2/nR is exactly the drop in squared error.
  let bestScore = 1e-12 * sse;
  let best: { feature: number; threshold: number; cut: number } | null = null;
  for (let f = 0; f < x.length; f++) {
    const col = x[f];
    const order = sorted[f];
    let sumLeft = 0;
    for (let i = 0; i < n - 1; i++) {
      sumLeft += y[order[i]] - m;
      const nLeft = i + 1;
      if (nLeft < minLeaf || n - nLeft < minLeaf) continue;
      const here = col[order[i]];
      const next = col[order[i + 1]];
      if (here === next) continue;
      // Centred values sum to zero over the node, so the right sum is -sumLeft.
      const score = (sumLeft * sumLeft) / nLeft + (sumLeft * sumLeft) / (n - nLeft);
      if (score > bestScore) {
        bestScore = score;
        best = { feature: f, threshold: (here + next) / 2, cut: nLeft };
      }
    }
  }
  return best;
}

/** Fits one tree on the given data rows (a bootstrap sample, with repeats). */
export function fitTree(
  columns: Columns,
  target: ArrayLike<number>,
  rows: number[],
  options: ForestOptions,
): RegressionTree {
  const tree: RegressionTree = { feature: [], threshold: [], left: [], right: [], value: [] };
  // Work on sample positions 0..n-1 so that repeated rows of the bootstrap stay distinct.
  const n = rows.length;
  const x = columns.map((col) => Float64Array.from(rows, (r) => col[r]));
  const y = Float64Array.from(rows, (r) => target[r]);
  const goesLeft = new Uint8Array(n);
  // Sorting once per feature and then partitioning keeps every node's lists sorted without re-sorting.
  const initial = x.map((col) => Array.from({ length: n }, (_, p) => p).sort((a, b) => col[a] - col[b]));
  const grow = (sorted: number[][], depth: number): number => {
    const id = tree.feature.length;
    let total = 0;
    for (const p of sorted[0]) total += y[p];
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(total / sorted[0].length);
    if (depth >= options.maxDepth || sorted[0].length < 2 * options.minSamplesLeaf) return id;
    const split = bestSplit(x, y, sorted, options.minSamplesLeaf);
    if (split === null) return id;
    const chosen = sorted[split.feature];
    for (let i = 0; i < chosen.length; i++) goesLeft[chosen[i]] = i < split.cut ? 1 : 0;
    const left: number[][] = [];
    const right: number[][] = [];
    for (const order of sorted) {
      const l: number[] = [];
      const r: number[] = [];
      for (const p of order) (goesLeft[p] ? l : r).push(p);
      left.push(l);
      right.push(r);
    }
    tree.feature[id] = split.feature;
    tree.threshold[id] = split.threshold;
    tree.left[id] = grow(left, depth + 1);
    tree.right[id] = grow(right, depth + 1);
    return id;
  };
  grow(initial, 0);
  return tree;
}

/** Fits `options.trees` trees, each on a bootstrap sample drawn from `rng`. */
export function fitForest(
  columns: Columns,
  y: ArrayLike<number>,
  options: ForestOptions,
  rng: Rng,
): RegressionTree[] {
  const n = y.length;
  return Array.from({ length: options.trees }, () => {
    const rows = Array.from({ length: n }, () => rng.int(n));
    return fitTree(columns, y, rows, options);
  });
}

/** The prediction of a tree at a point given by its features. */
export function predictTree(tree: RegressionTree, x: ArrayLike<number>): number {
  let node = 0;
  while (tree.feature[node] >= 0)
    node = x[tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  return tree.value[node];
}
