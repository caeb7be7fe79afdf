/** One colour per value of the parameter under study (distinct hues, readable on white), in value order. */
export const VALUE_COLORS = [
  "#1f6fb2",
  "#e0701b",
  "#2e9d5b",
  "#c4466e",
  "#7a5eb8",
  "#8c6d1f",
  "#1aa3b8",
  "#545e69",
];

/** The colour of the value at `index`. */
export function valueColor(index: number): string {
  return VALUE_COLORS[index % VALUE_COLORS.length];
}
