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
