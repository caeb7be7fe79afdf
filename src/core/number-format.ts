/**
 * Whole numbers with thousands separators ("60,000"), written out here rather than with
 * toLocaleString: the first toLocaleString call of a page loads the browser's locale data, 15–30 ms
 * on the main thread measured in headless Chromium, and the playground's dataset card made that call
 * while the page first rendered.
 */
export function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ",");
  return n < 0 ? `-${digits}` : digits;
}
