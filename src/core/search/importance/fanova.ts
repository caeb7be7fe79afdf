/**
 * Functional ANOVA over a regression tree (Hutter, Hoos and Leyton-Brown, 2014): a tree cuts the
 * input box into leaves of constant prediction, so the prediction's mean, its total variance and
 * the variance of each feature's main effect (the prediction averaged over every other feature)
 * are exact sums over the leaves, under the uniform measure on the box.
 */
import type { RegressionTree } from "./forest";

interface Leaf {
  lower: number[];
  upper: number[];
  value: number;
  /** The leaf's share of the box's volume. */
  share: number;
}

function leavesOf(tree: RegressionTree, lower: number[], upper: number[]): Leaf[] {
  const width = lower.map((l, f) => upper[f] - l);
  const leaves: Leaf[] = [];
  const walk = (node: number, lo: number[], hi: number[]): void => {
    const f = tree.feature[node];
    if (f < 0) {
      let share = 1;
      for (let k = 0; k < lo.length; k++) share *= width[k] > 0 ? (hi[k] - lo[k]) / width[k] : 1;
      if (share > 0) leaves.push({ lower: lo, upper: hi, value: tree.value[node], share });
      return;
    }
    // A threshold outside the box (possible when the box is narrower than the data) empties one side.
    const t = Math.min(hi[f], Math.max(lo[f], tree.threshold[node]));
    const leftHi = hi.slice();
    leftHi[f] = t;
    const rightLo = lo.slice();
    rightLo[f] = t;
    walk(tree.left[node], lo, leftHi);
    walk(tree.right[node], rightLo, hi);
  };
  walk(0, lower.slice(), upper.slice());
  return leaves;
}

/**
 * For each feature, the fraction of the tree's prediction variance explained by that feature's
 * main effect over the box [lower, upper]; null when the prediction is constant.
 */
export function mainEffectFractions(tree: RegressionTree, lower: number[], upper: number[]): number[] | null {
  const leaves = leavesOf(tree, lower, upper);
  let mean = 0;
  for (const leaf of leaves) mean += leaf.share * leaf.value;
  let total = 0;
  for (const leaf of leaves) total += leaf.share * (leaf.value - mean) ** 2;
  if (!(total > 1e-12 * Math.max(1, mean * mean))) return null;
  return lower.map((_, f) => mainEffectVariance(leaves, f, lower[f], upper[f], mean) / total);
}

/** Variance over feature f of the prediction averaged over all other features. */
function mainEffectVariance(leaves: Leaf[], f: number, low: number, high: number, mean: number): number {
  const width = high - low;
  if (!(width > 0)) return 0;
  // The leaves' edges on this axis cut it into intervals on which the marginal prediction is constant.
  const cuts = [...new Set(leaves.flatMap((leaf) => [leaf.lower[f], leaf.upper[f]]))].sort((a, b) => a - b);
  const position = new Map(cuts.map((c, i) => [c, i]));
  const marginal = new Float64Array(cuts.length);
  for (const leaf of leaves) {
    const span = leaf.upper[f] - leaf.lower[f];
    if (span <= 0) continue;
    // The leaf's value weighted by its share of the other features' volume.
    const weight = (leaf.value * leaf.share * width) / span;
    marginal[position.get(leaf.lower[f])!] += weight;
    marginal[position.get(leaf.upper[f])!] -= weight;
  }
  let variance = 0;
  let running = 0;
  for (let i = 0; i < cuts.length - 1; i++) {
    running += marginal[i];
    variance += ((cuts[i + 1] - cuts[i]) / width) * (running - mean) ** 2;
  }
  return variance;
}
