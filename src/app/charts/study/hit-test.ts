/** Finding the mark under the pointer in charts drawn on a canvas, where there are no DOM nodes to hover. */

/** A polyline in screen coordinates; a NaN coordinate breaks the line (a gap). */
export interface ScreenPolyline {
  number: number;
  xs: Float32Array;
  ys: Float32Array;
}

/** Distance from point p to the segment a–b. */
export function distanceToSegment(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * The polyline nearest to (x, y) within maxDistance pixels, with the index of its nearest vertex;
 * later lines win ties, as they are drawn on top. Single points (no segment) count by their vertex.
 */
export function nearestPolyline(
  lines: readonly ScreenPolyline[],
  x: number,
  y: number,
  maxDistance: number,
): { line: ScreenPolyline; vertex: number; distance: number } | null {
  let best: { line: ScreenPolyline; vertex: number; distance: number } | null = null;
  for (const line of lines) {
    const { xs, ys } = line;
    for (let i = 0; i < xs.length; i++) {
      if (Number.isNaN(xs[i]) || Number.isNaN(ys[i])) continue;
      const hasNext = i + 1 < xs.length && !Number.isNaN(xs[i + 1]) && !Number.isNaN(ys[i + 1]);
      const d = hasNext
        ? distanceToSegment(x, y, xs[i], ys[i], xs[i + 1], ys[i + 1])
        : Math.hypot(x - xs[i], y - ys[i]);
      if (d <= maxDistance && (best === null || d <= best.distance)) {
        let vertex = i;
        if (hasNext && Math.hypot(x - xs[i + 1], y - ys[i + 1]) < Math.hypot(x - xs[i], y - ys[i]))
          vertex = i + 1;
        best = { line, vertex, distance: d };
      }
    }
  }
  return best;
}
