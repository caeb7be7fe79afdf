/**
 * Colours of the study charts: one per trial state (shared by every chart and legend), and the
 * objective ramp, oriented so that the better end of the objective is always the darker colour.
 */
import type { Direction } from "../../../core/search/types";
import type { PlotTrialState } from "../../../core/plots";
import { CATEGORY, css, sequentialColor, type Rgb } from "../colors";

export const STATE_RGB: Record<PlotTrialState, Rgb> = {
  running: CATEGORY[4],
  complete: CATEGORY[1],
  pruned: CATEGORY[0],
  failed: CATEGORY[3],
  interrupted: [125, 135, 145],
};

export const STATE_COLOR: Record<PlotTrialState, string> = {
  running: css(STATE_RGB.running),
  complete: css(STATE_RGB.complete),
  pruned: css(STATE_RGB.pruned),
  failed: css(STATE_RGB.failed),
  interrupted: css(STATE_RGB.interrupted),
};

export const STATE_LABEL: Record<PlotTrialState, string> = {
  running: "Running",
  complete: "Complete",
  pruned: "Pruned",
  failed: "Failed",
  interrupted: "Interrupted",
};

/** The best-so-far line and the best trial's emphasis. */
export const BEST_COLOR = css(CATEGORY[2]);
/** Hovered or selected trial. */
export const HIGHLIGHT_COLOR = "#1d2733";
/** Lines filtered out by a brush. */
export const MUTED_COLOR = "rgb(170 178 187 / 0.35)";

/** Colour of an objective value: t in [0, 1] along the domain, flipped when minimising so that better is darker. */
export function objectiveRgb(
  domain: [number, number],
  direction: Direction,
  log = false,
): (v: number) => Rgb {
  const [lo, hi] = log ? [Math.log(domain[0]), Math.log(domain[1])] : domain;
  const width = hi - lo || 1;
  return (v) => {
    const x = log ? Math.log(v) : v;
    const t = Math.min(1, Math.max(0, (x - lo) / width));
    return sequentialColor(direction === "minimize" ? 1 - t : t);
  };
}

/** Colour of a trial number along [first, last]: later trials darker. */
export function trialNumberRgb(domain: [number, number]): (n: number) => Rgb {
  const width = domain[1] - domain[0] || 1;
  return (n) => sequentialColor(0.1 + 0.9 * Math.min(1, Math.max(0, (n - domain[0]) / width)));
}
