/**
 * Which rows of a long table to keep in the DOM: the ones in view plus `overscan` on each side,
 * and the space the others take above and below, for a table whose rows all have the same height.
 */

export interface RowWindow {
  /** Index of the first row kept. */
  first: number;
  /** One past the last row kept. */
  end: number;
  /** Pixels the rows before `first` would take. */
  above: number;
  /** Pixels the rows from `end` on would take. */
  below: number;
}

export interface RowWindowInput {
  total: number;
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  overscan: number;
  /** Fewest rows kept, so a table not laid out yet (height 0) still shows its first rows. */
  minRows?: number;
}

/** The rows to render for a scroll position; throws on a row height that is not positive. */
export function rowWindow(input: RowWindowInput): RowWindow {
  const { total, scrollTop, viewportHeight, rowHeight, overscan, minRows = 0 } = input;
  if (!(rowHeight > 0)) throw new Error(`A table row's height must be positive, got ${rowHeight}`);
  if (!Number.isInteger(total) || total < 0) {
    throw new Error(`A table's row count must be a whole number ≥ 0, got ${total}`);
  }
  const count = Math.max(minRows, Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 2 * overscan);
  const wanted = Math.max(0, Math.floor(Math.max(0, scrollTop) / rowHeight) - overscan);
  // Scrolled past the end (the rows just shrank): keep the last full window.
  const first = Math.min(wanted, Math.max(0, total - count));
  const end = Math.min(total, first + count);
  return { first, end, above: first * rowHeight, below: (total - end) * rowHeight };
}
