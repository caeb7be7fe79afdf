/**
 * The GP's view of a search space: every modelled parameter becomes one input. Numeric ones are
 * their internal coordinate (see ../../transform.ts: log for log ranges, half-step widened bounds
 * for integers and steps) scaled to [0, 1]; categorical ones are their choice index, compared by
 * equality in the kernel. Inactive conditional parameters are NaN. Parameters with a single
 * possible value are not modelled.
 */
import {
  countValues,
  fromInternal,
  internalBounds,
  isActive,
  isValidValue,
  topologicalOrder,
  toInternal,
} from "../../space";
import type { Params, ParamSpec, ParamValue, SearchSpace } from "../../types";

/** Discrete ranges with at most this many values are searched exhaustively in the acquisition; larger ones are relaxed. */
export const MAX_ENUMERATED_VALUES = 16;

export interface GpDimension {
  name: string;
  spec: ParamSpec;
  kind: "continuous" | "discrete" | "categorical";
  /** Internal bounds of a numeric parameter. */
  low: number;
  high: number;
  /** Number of possible values (Infinity for continuous). */
  size: number;
}

/** Maps parameter assignments to GP inputs and back. */
export class SpaceEncoding {
  readonly dims: GpDimension[];
  /** Parameters with one possible value, set directly when active. */
  readonly constants: { name: string; value: ParamValue }[];
  /** Whether any parameter is conditional, so activity must be worked out per point. */
  readonly conditional: boolean;
  private readonly order: string[];
  private readonly dimIndex: Map<string, number>;

  constructor(private readonly space: SearchSpace) {
    this.order = topologicalOrder(space);
    this.dims = [];
    this.constants = [];
    this.dimIndex = new Map();
    for (const name of this.order) {
      const spec = space[name];
      const size = countValues(spec);
      if (size === 1) {
        this.constants.push({ name, value: spec.type === "categorical" ? spec.choices[0] : spec.low });
        continue;
      }
      const [low, high] = spec.type === "categorical" ? [0, size - 1] : internalBounds(spec);
      const kind =
        spec.type === "categorical" ? "categorical" : size === Infinity ? "continuous" : "discrete";
      this.dimIndex.set(name, this.dims.length);
      this.dims.push({ name, spec, kind, low, high, size });
    }
    this.conditional = this.order.some((name) => space[name].condition !== undefined);
  }

  get dim(): number {
    return this.dims.length;
  }

  /** A string that changes whenever the inputs change meaning, to tell whether saved hyperparameters still apply. */
  signature(): string {
    return JSON.stringify(this.dims.map((d) => [d.name, d.kind, d.low, d.high, d.size]));
  }

  /** The GP input of one value of dimension d. */
  encodeValue(d: number, value: ParamValue): number {
    const dim = this.dims[d];
    if (dim.kind === "categorical") return toInternal(dim.spec, value);
    return (toInternal(dim.spec, value) - dim.low) / (dim.high - dim.low);
  }

  /** The inputs of an assignment, or null if it holds a value the space no longer allows. Missing (inactive) parameters are NaN. */
  encode(params: Params): Float64Array | null {
    const row = new Float64Array(this.dims.length);
    for (let d = 0; d < this.dims.length; d++) {
      const value = params[this.dims[d].name];
      if (value === undefined) {
        row[d] = NaN;
        continue;
      }
      if (!isValidValue(this.dims[d].spec, value)) return null;
      row[d] = this.encodeValue(d, value);
    }
    return row;
  }

  /** The value of dimension d at input u (snapped to the grid, clamped). */
  decodeValue(d: number, u: number): ParamValue {
    const dim = this.dims[d];
    if (dim.kind === "categorical")
      return dim.spec.type === "categorical" ? dim.spec.choices[clampIndex(u, dim.size)] : NaN;
    return fromInternal(dim.spec, dim.low + Math.min(1, Math.max(0, u)) * (dim.high - dim.low));
  }

  /** The input of the grid value nearest to u (identity for continuous inputs). */
  snap(d: number, u: number): number {
    const dim = this.dims[d];
    if (dim.kind === "continuous") return Math.min(1, Math.max(0, u));
    if (dim.kind === "categorical") return clampIndex(u, dim.size);
    return this.encodeValue(d, this.decodeValue(d, u));
  }

  /**
   * The assignment a latent point stands for (active parameters only, parents first), and the
   * point's effective inputs written to `effective`: snapped, with NaN for inactive parameters.
   */
  decode(latent: Float64Array, effective: Float64Array | null = null): Params {
    const params: Params = {};
    for (const name of this.order) {
      if (!isActive(name, this.space, params)) continue;
      const d = this.dimIndex.get(name);
      if (d === undefined) {
        const constant = this.constants.find((c) => c.name === name);
        if (constant !== undefined) params[name] = constant.value;
        continue;
      }
      params[name] = this.decodeValue(d, latent[d]);
    }
    if (effective !== null) {
      for (let d = 0; d < this.dims.length; d++) {
        const value = params[this.dims[d].name];
        effective[d] = value === undefined ? NaN : this.encodeValue(d, value);
      }
    }
    return params;
  }

  /**
   * Effective inputs of a latent point without building the assignment when nothing is
   * conditional: grid snapping only, plus NaN for inactive parameters otherwise.
   */
  effectiveInputs(latent: Float64Array, out: Float64Array, relaxed: Uint8Array | null): void {
    if (this.conditional) {
      this.decode(latent, out);
      // A relaxed coordinate keeps its continuous value while the gradient step runs.
      if (relaxed !== null)
        for (let d = 0; d < out.length; d++) if (relaxed[d] && !Number.isNaN(out[d])) out[d] = latent[d];
      return;
    }
    for (let d = 0; d < out.length; d++)
      out[d] = relaxed !== null && relaxed[d] ? latent[d] : this.snap(d, latent[d]);
  }
}

function clampIndex(u: number, size: number): number {
  return Math.min(size - 1, Math.max(0, Math.round(u)));
}
