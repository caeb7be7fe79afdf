/**
 * Reading the list of values a person types for a compared parameter ("0.001, 0.03, 1"): every
 * refusal names the parameter and the bad value.
 */
import { formatParamValue, type CompareParameter, type ParamValue } from "./parameters";

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** Most values of the parameter under study (colours and the chart's legend stay readable). */
export const MAX_VALUES = 8;
/** Most values of the nuisance parameter. */
export const MAX_NUISANCE_VALUES = 6;

const NUMBER_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

function plain(n: number): string {
  const s = String(n);
  return /e/i.test(s) ? n.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 }) : s;
}

/**
 * Parses a comma-separated list of values of `param` (spaces and semicolons also separate).
 * Refuses an empty list, a non-number, a number out of range or not whole when it must be, an
 * unknown choice, a value given twice, and more than `max` values.
 */
export function parseValueList(
  param: CompareParameter,
  text: string,
  max = MAX_VALUES,
): Checked<ParamValue[]> {
  const name = `${param.label} values`;
  const parts = text
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (parts.length === 0) {
    return {
      ok: false,
      message: `${name}: the list is empty; type at least one value, e.g. ${param.example}`,
    };
  }
  if (parts.length > max) {
    return { ok: false, message: `${name}: at most ${max} values, got ${parts.length} ('${text.trim()}')` };
  }
  const values: ParamValue[] = [];
  for (const part of parts) {
    let value: ParamValue;
    if (param.kind === "number") {
      const n = NUMBER_PATTERN.test(part) ? Number(part) : NaN;
      if (!Number.isFinite(n)) return { ok: false, message: `${name}: '${part}' is not a number` };
      if (n < param.min || n > param.max) {
        return {
          ok: false,
          message: `${name}: ${part} is out of range; each value must be between ${plain(param.min)} and ${plain(param.max)}`,
        };
      }
      if (param.integer && !Number.isInteger(n)) {
        return { ok: false, message: `${name}: ${part} is not a whole number` };
      }
      value = n;
    } else {
      const choice = param.choices.find((c) => c.value === part.toLowerCase());
      if (!choice) {
        const names = param.choices.map((c) => c.value).join(", ");
        return { ok: false, message: `${name}: '${part}' is not one of ${names}` };
      }
      value = choice.value;
    }
    if (values.includes(value)) {
      return { ok: false, message: `${name}: ${formatParamValue(param, value)} is given twice ('${part}')` };
    }
    values.push(value);
  }
  return { ok: true, value: values };
}

/** The canonical text of a value list, as written into the URL and shown in the field. */
export function formatValueList(param: CompareParameter, values: readonly ParamValue[]): string {
  return values.map((v) => (param.kind === "number" ? plain(v as number) : String(v))).join(",");
}

/** Most seeds per configuration. */
export const MAX_SEEDS = 10;

/** Parses the number of seeds, a whole number from 1 to MAX_SEEDS. */
export function parseSeeds(text: string): Checked<number> {
  const t = text.trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= MAX_SEEDS) return { ok: true, value: n };
  return { ok: false, message: `Seeds must be a whole number from 1 to ${MAX_SEEDS}, got '${text}'` };
}
