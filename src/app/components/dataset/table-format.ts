/** A table value with at most four significant digits ("5.1", "0.0312", "1250"). */
export function formatCell(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}
