/**
 * Canvas helpers for the charts with many marks. Svelte owns the <canvas> element and its size
 * attributes; an $effect draws into it through drawNextFrame, so that many updates in one frame
 * (a burst of epoch reports) draw once.
 */

/** Device pixels per CSS pixel, capped at 2 so a large screen does not make huge canvases. */
export function pixelRatio(): number {
  return Math.min(2, Math.max(1, globalThis.devicePixelRatio || 1));
}

/**
 * Draws in the next animation frame, on a cleared canvas scaled to CSS pixels. Returns the
 * cancel function an $effect returns, so a newer draw replaces one not yet painted.
 */
export function drawNextFrame(
  canvas: HTMLCanvasElement | undefined,
  cssWidth: number,
  cssHeight: number,
  draw: (ctx: CanvasRenderingContext2D) => void,
): () => void {
  if (!canvas) return () => {};
  const id = requestAnimationFrame(() => {
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    const ratio = canvas.width / Math.max(1, cssWidth);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, cssWidth, cssHeight);
    draw(ctx);
  });
  return () => cancelAnimationFrame(id);
}

/** Pointer position relative to the element that handles the event. */
export function localPoint(event: PointerEvent | MouseEvent): { x: number; y: number } {
  const rect = (event.currentTarget as Element).getBoundingClientRect();
  return { x: event.clientX - rect.left, y: event.clientY - rect.top };
}

let measureContext: OffscreenCanvasRenderingContext2D | null | undefined;

/** Width in pixels of `text` in a CSS font (e.g. "600 12px system-ui"); an estimate where canvases are unavailable. */
export function textWidth(text: string, font: string): number {
  if (measureContext === undefined) {
    measureContext =
      typeof OffscreenCanvas === "undefined" ? null : new OffscreenCanvas(1, 1).getContext("2d");
  }
  if (!measureContext) return text.length * 7.2;
  measureContext.font = font;
  return measureContext.measureText(text).width;
}

/** `text` cut with an ellipsis to fit `maxWidth` pixels in `font`. */
export function fitText(text: string, font: string, maxWidth: number): string {
  if (textWidth(text, font) <= maxWidth) return text;
  let n = text.length - 1;
  while (n > 1 && textWidth(`${text.slice(0, n)}…`, font) > maxWidth) n--;
  return `${text.slice(0, n)}…`;
}

/**
 * From this many marks on, the history, slice and timeline charts draw their marks on a canvas
 * instead of one SVG element each: hundreds of trials then cost a few DOM nodes, not thousands.
 */
export const CANVAS_MARKS_FROM = 100;

/** Room around a marks canvas's plot area, so marks on its edge are not cut. */
export const MARK_PAD = 10;

/** A mark drawn on a canvas in place of an SVG shape. */
export interface CanvasMark {
  shape: "circle" | "square" | "triangle-up" | "triangle-down" | "bar";
  x: number;
  y: number;
  /** Radius, half the side of a square, or half the base of a triangle (whose height is 1.7 times it); a bar's width. */
  size: number;
  /** A bar's height. */
  height?: number;
  fill: string | null;
  stroke: string | null;
  lineWidth: number;
}

/** Draws marks in the order given (later ones on top), in the plot area's coordinates. */
export function drawMarks(ctx: CanvasRenderingContext2D, marks: Iterable<CanvasMark>): void {
  for (const m of marks) {
    ctx.beginPath();
    switch (m.shape) {
      case "circle":
        ctx.arc(m.x, m.y, m.size, 0, 2 * Math.PI);
        break;
      case "square":
        ctx.rect(m.x - m.size, m.y - m.size, 2 * m.size, 2 * m.size);
        break;
      case "bar":
        ctx.roundRect(m.x, m.y, m.size, m.height ?? 0, Math.min(2, m.size / 2));
        break;
      case "triangle-up":
      case "triangle-down": {
        const dir = m.shape === "triangle-up" ? -1 : 1;
        ctx.moveTo(m.x, m.y + dir * m.size);
        ctx.lineTo(m.x + m.size, m.y - dir * 0.7 * m.size);
        ctx.lineTo(m.x - m.size, m.y - dir * 0.7 * m.size);
        ctx.closePath();
        break;
      }
    }
    if (m.fill !== null) {
      ctx.fillStyle = m.fill;
      ctx.fill();
    }
    if (m.stroke !== null && m.lineWidth > 0) {
      ctx.strokeStyle = m.stroke;
      ctx.lineWidth = m.lineWidth;
      ctx.stroke();
    }
  }
}
