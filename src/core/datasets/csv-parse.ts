/**
 * CSV text to a table of strings: RFC 4180 quoting (quoted fields may hold delimiters, line
 * breaks and doubled quotes), a leading byte-order mark, CRLF or LF line ends, the delimiter
 * (comma, semicolon or tab) and the presence of a header row detected when not given. Errors
 * name the line as a text editor numbers it (1-based).
 */

/** Largest CSV accepted (the UI refuses bigger files by their size before reading them). */
export const MAX_CSV_BYTES = 50 * 1024 * 1024;

export type CsvDelimiter = "," | ";" | "\t";

/** A problem with a CSV file, with the 1-based line and the column name where known. */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = "CsvError";
  }
}

export interface CsvTable {
  /** Column names: the header row, or "column 1", "column 2" … when the file has none. */
  header: string[];
  /** Data rows, each with exactly header.length fields (unquoted fields trimmed). */
  rows: string[][];
  delimiter: CsvDelimiter;
  hasHeader: boolean;
  /** Line of the file on which each data row starts; absent: rows are on consecutive lines after the header. */
  rowLines?: number[];
}

interface RawRecord {
  fields: string[];
  line: number;
}

const DELIMITER_NAMES: Record<CsvDelimiter, string> = { ",": "comma", ";": "semicolon", "\t": "tab" };
/** Tried in this order; the first consistent one wins (see detectDelimiter). */
const DELIMITER_PREFERENCE: CsvDelimiter[] = ["\t", ";", ","];
const SNIFF_RECORDS = 50;
const HEADER_SNIFF_ROWS = 500;

/** Number of line breaks in s, a CRLF counting once. */
function lineBreaks(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (s.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}

/** Splits text into records of fields; blank lines are skipped. Stops after maxRecords. */
function parseRecords(text: string, delimiter: CsvDelimiter, maxRecords = Infinity): RawRecord[] {
  const records: RawRecord[] = [];
  const n = text.length;
  const dc = delimiter.charCodeAt(0);
  let i = 0;
  let line = 1;
  while (i < n && records.length < maxRecords) {
    const startLine = line;
    const fields: string[] = [];
    let quoted = false;
    for (;;) {
      let j = i;
      while (j < n && text.charCodeAt(j) === 32) j++;
      if (j < n && text.charCodeAt(j) === 34) {
        quoted = true;
        const quoteLine = line;
        let value = "";
        let segment = ++j;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            throw new CsvError(
              `Line ${quoteLine}: a quoted field (field ${fields.length + 1}) is never closed`,
              quoteLine,
            );
          }
          if (text.charCodeAt(q + 1) === 34) {
            value += text.slice(segment, q + 1);
            j = segment = q + 2;
            continue;
          }
          value += text.slice(segment, q);
          j = q + 1;
          break;
        }
        line += lineBreaks(value);
        fields.push(value.replace(/\r\n?/g, "\n"));
        while (j < n && text.charCodeAt(j) === 32) j++;
        i = j;
      } else {
        let k = j;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === dc || c === 10 || c === 13) break;
          k++;
        }
        fields.push(text.slice(i, k).trim());
        i = k;
      }
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === dc) {
        i++;
        continue;
      }
      if (c === 13 || c === 10) {
        i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        line++;
        break;
      }
      throw new CsvError(
        `Line ${line}: unexpected ${JSON.stringify(text[i])} after the closing quote of field ${fields.length}`,
        line,
      );
    }
    if (quoted || fields.length > 1 || fields[0] !== "") records.push({ fields, line: startLine });
  }
  return records;
}

function firstRecordWidth(text: string, delimiter: CsvDelimiter): number {
  try {
    return parseRecords(text, delimiter, 1)[0]?.fields.length ?? 0;
  } catch {
    return 0;
  }
}

/**
 * The delimiter that splits the first records into the same number (more than one) of fields,
 * preferring tab, then semicolon (files with decimal commas use it), then comma. When none is
 * consistent, the one giving the first record the most fields, so the ragged line gets reported.
 */
function detectDelimiter(text: string): CsvDelimiter {
  let fallback: CsvDelimiter = ",";
  let fallbackWidth = 0;
  for (const d of DELIMITER_PREFERENCE) {
    let width = 0;
    try {
      const records = parseRecords(text, d, SNIFF_RECORDS);
      if (records.length === 0) continue;
      width = records[0].fields.length;
      if (width > 1 && records.every((r) => r.fields.length === width)) return d;
    } catch {
      // A broken quote further down: still judge by the first record, so the full parse reports it.
      width = firstRecordWidth(text, d);
    }
    if (width > fallbackWidth || (width === fallbackWidth && d === ",")) {
      fallback = d;
      fallbackWidth = width;
    }
  }
  return fallback;
}

const MISSING = new Set(["", "?", "na", "n/a", "nan", "null", "none"]);

/** Whether a field counts as a missing value: empty, "?", "NA", "N/A", "NaN", "null" or "None". */
export function isMissing(field: string): boolean {
  // Fast path for the usual long value: every missing marker has at most 4 characters.
  if (field.length > 4 && field.trim().length > 4) return false;
  return MISSING.has(field.trim().toLowerCase());
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/**
 * The number a field holds, or null: plain decimal notation (with exponent), and with a
 * semicolon or tab delimiter also a decimal comma ("2,5"). Hex, "Infinity" and the like are not numbers.
 */
export function parseNumber(field: string, delimiter: CsvDelimiter = ","): number | null {
  const s = field.trim();
  if (NUMBER.test(s)) return Number(s);
  if (delimiter !== "," && DECIMAL_COMMA.test(s)) return Number(s.replace(",", "."));
  return null;
}

/**
 * Whether the first record looks like a header: a column whose other values are numbers but whose
 * first value is a word, or a first record of words none of which recurs further down its column.
 */
function looksLikeHeader(records: RawRecord[], delimiter: CsvDelimiter): boolean {
  const first = records[0].fields;
  const rest = records.slice(1, HEADER_SNIFF_ROWS + 1);
  const isWord = (s: string): boolean => parseNumber(s, delimiter) === null && !isMissing(s);
  for (let c = 0; c < first.length; c++) {
    if (parseNumber(first[c], delimiter) !== null) continue;
    const below = rest.map((r) => r.fields[c]).filter((v) => v !== undefined && !isMissing(v));
    if (below.length > 0 && below.every((v) => parseNumber(v, delimiter) !== null)) return true;
  }
  if (!first.every(isWord)) return false;
  return first.every((name, c) => rest.every((r) => r.fields[c] !== name));
}

/** Throws a CsvError unless every header name is non-empty and unique. */
function checkHeader(header: string[], line: number): void {
  const seen = new Map<string, number>();
  header.forEach((name, c) => {
    if (name === "") throw new CsvError(`Column ${c + 1} of the header (line ${line}) has no name`, line);
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new CsvError(
        `The header (line ${line}) names two columns "${name}" (columns ${earlier + 1} and ${c + 1})`,
        line,
        name,
      );
    }
    seen.set(name, c);
  });
}

/** Parses CSV text: RFC 4180 quoting, BOM, CRLF, delimiter , ; or tab detected, header detected. */
export function parseCsv(
  text: string,
  options: { delimiter?: CsvDelimiter; header?: boolean } = {},
): CsvTable {
  if (typeof text !== "string") throw new CsvError(`CSV text must be a string, got ${typeof text}`);
  if (text.length > MAX_CSV_BYTES) {
    throw new CsvError(
      `The CSV text has ${text.length} characters, more than the limit of ${MAX_CSV_BYTES} (${MAX_CSV_BYTES / 1024 / 1024} MB)`,
    );
  }
  if (options.delimiter !== undefined && !(options.delimiter in DELIMITER_NAMES)) {
    throw new CsvError(
      `Delimiter must be a comma, semicolon or tab, got ${JSON.stringify(options.delimiter)}`,
    );
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = options.delimiter ?? detectDelimiter(body);
  const records = parseRecords(body, delimiter);
  if (records.length === 0) throw new CsvError("The file is empty (no rows)");
  const hasHeader = options.header ?? looksLikeHeader(records, delimiter);
  const width = records[0].fields.length;
  let header: string[];
  let data: RawRecord[];
  if (hasHeader) {
    header = records[0].fields.map((f) => f.trim());
    checkHeader(header, records[0].line);
    data = records.slice(1);
    if (data.length === 0) {
      throw new CsvError(
        `The file has only a header (line ${records[0].line}) and no data rows`,
        records[0].line,
      );
    }
  } else {
    header = Array.from({ length: width }, (_, c) => `column ${c + 1}`);
    data = records;
  }
  const reference = hasHeader ? "the header has" : `line ${records[0].line} has`;
  for (const r of data) {
    if (r.fields.length !== width) {
      throw new CsvError(
        `Line ${r.line} has ${r.fields.length} field${r.fields.length === 1 ? "" : "s"}, ${reference} ${width}` +
          ` (delimiter: ${DELIMITER_NAMES[delimiter]})`,
        r.line,
      );
    }
  }
  return {
    header,
    rows: data.map((r) => r.fields),
    delimiter,
    hasHeader,
    rowLines: data.map((r) => r.line),
  };
}

/** The 1-based file line on which data row `row` starts. */
export function lineOfRow(table: CsvTable, row: number): number {
  return table.rowLines?.[row] ?? row + 1 + (table.hasHeader ? 1 : 0);
}
