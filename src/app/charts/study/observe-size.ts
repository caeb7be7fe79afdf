/**
 * An attachment ({@attach}) that reports an element's clientWidth or clientHeight whenever its box
 * changes size. It reads the size in a ResizeObserver callback, after the browser has laid the page
 * out, where bind:clientWidth also reads it right when the element mounts: that read forces a
 * synchronous layout of a page that has just changed (a study starting, a chart mounting), inside
 * the same task. The observer reports a new element once, in the frame that first lays it out,
 * before that frame is painted.
 */
import type { Attachment } from "svelte/attachments";

export function observeSize(
  dimension: "clientWidth" | "clientHeight",
  set: (px: number) => void,
): Attachment<HTMLElement> {
  return (element) => {
    const observer = new ResizeObserver(() => set(element[dimension]));
    observer.observe(element);
    return () => observer.disconnect();
  };
}

/**
 * Reports an element's width once it has one: a box not laid out yet, or hidden, reports 0, which
 * is left out, so a chart waits for its real width (and a hidden one keeps the width it had).
 */
export function observeWidth(set: (px: number) => void): Attachment<HTMLElement> {
  return observeSize("clientWidth", (px) => {
    if (px > 0) set(px);
  });
}
