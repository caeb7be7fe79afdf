/**
 * An attachment ({@attach}) that reports an element's clientWidth or clientHeight whenever its box
 * changes size. It reads the size in a ResizeObserver callback, after the browser has laid the page
 * out, where bind:clientWidth also reads it right when the element mounts: that read forces a
 * synchronous layout of a page that has just changed (a study starting, a chart mounting), inside
 * the same task. The observer reports a new element once, in the frame that first lays it out,
 * before that frame is painted.
 *
 * All elements share one observer, so every size of a frame is read in one callback, before any
 * chart redraws: with an observer per element, the page's microtasks run between their callbacks
 * (Svelte redraws the first chart) and the next chart's read forces a layout of the changed page.
 */
import type { Attachment } from "svelte/attachments";
import { firstDraws, type FirstDrawQueue } from "./first-draws";

const listeners = new Map<Element, Set<() => void>>();
let shared: ResizeObserver | null = null;

function observer(): ResizeObserver {
  shared ??= new ResizeObserver((entries) => {
    for (const entry of entries) for (const listener of listeners.get(entry.target) ?? []) listener();
  });
  return shared;
}

export function observeSize(
  dimension: "clientWidth" | "clientHeight",
  set: (px: number) => void,
): Attachment<HTMLElement> {
  return (element) => {
    const listener = () => set(element[dimension]);
    let forElement = listeners.get(element);
    if (!forElement) {
      forElement = new Set();
      listeners.set(element, forElement);
    } else {
      // Observed already: observing anew makes the next frame report it again, to the new listener too.
      observer().unobserve(element);
    }
    forElement.add(listener);
    observer().observe(element);
    return () => {
      forElement.delete(listener);
      if (forElement.size > 0) return;
      listeners.delete(element);
      observer().unobserve(element);
    };
  };
}

/**
 * Reports an element's width once it has one: a box not laid out yet, or hidden, reports 0, which
 * is left out, so a chart waits for its real width (and a hidden one keeps the width it had). The
 * first width waits its turn in the page's first-draw queue (one chart's first draw per frame);
 * later ones are reported as they come.
 */
export function observeWidth(
  set: (px: number) => void,
  queue: FirstDrawQueue = firstDraws,
): Attachment<HTMLElement> {
  return (element) => {
    let first: ReturnType<FirstDrawQueue["enqueue"]> | null = null;
    let drawn = false;
    const stop = observeSize("clientWidth", (px) => {
      if (px <= 0) return;
      if (drawn) return set(px);
      const draw = () => {
        drawn = true;
        set(px);
      };
      // Still waiting for its turn: draw at this width instead.
      if (first) first.update(draw);
      else first = queue.enqueue(draw);
    })(element);
    return () => {
      first?.cancel();
      if (typeof stop === "function") stop();
    };
  };
}
