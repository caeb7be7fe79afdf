/** Input features computed from a 2D point, as TensorFlow Playground offers them. */
import type { Feature2D } from "../../shared/train";

/** Every feature with its display label, in the Playground's order. */
export const FEATURES_2D: { id: Feature2D; label: string }[] = [
  { id: "x1", label: "x1" },
  { id: "x2", label: "x2" },
  { id: "x1sq", label: "x1²" },
  { id: "x2sq", label: "x2²" },
  { id: "x1x2", label: "x1·x2" },
  { id: "sinx1", label: "sin x1" },
  { id: "sinx2", label: "sin x2" },
];

const COMPUTE: Record<Feature2D, (x1: number, x2: number) => number> = {
  x1: (x1) => x1,
  x2: (_, x2) => x2,
  x1sq: (x1) => x1 * x1,
  x2sq: (_, x2) => x2 * x2,
  x1x2: (x1, x2) => x1 * x2,
  sinx1: (x1) => Math.sin(x1),
  sinx2: (_, x2) => Math.sin(x2),
};

/** Throws an Error naming the offender if the feature list is empty, has an unknown id or a repeat. */
export function validateFeatures(features: Feature2D[]): void {
  if (!Array.isArray(features) || features.length === 0) {
    throw new Error(`Choose at least one input feature, got ${JSON.stringify(features)}`);
  }
  const seen = new Set<string>();
  for (const f of features) {
    if (!(f in COMPUTE)) {
      throw new Error(
        `Unknown feature "${String(f)}" (expected one of ${FEATURES_2D.map((d) => d.id).join(", ")})`,
      );
    }
    if (seen.has(f)) throw new Error(`Feature "${f}" is listed twice`);
    seen.add(f);
  }
}

/** The values of `features` at the point (x1, x2), in the order given. */
export function featureVector(x1: number, x2: number, features: Feature2D[]): number[] {
  return features.map((f) => {
    const compute = COMPUTE[f];
    if (!compute) throw new Error(`Unknown feature "${String(f)}"`);
    return compute(x1, x2);
  });
}

/** The display label of a feature. */
export function featureLabel(feature: Feature2D): string {
  const entry = FEATURES_2D.find((f) => f.id === feature);
  if (!entry) throw new Error(`Unknown feature "${String(feature)}"`);
  return entry.label;
}
