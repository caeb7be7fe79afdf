/** CSV upload support: parsing (csv-parse.ts) and conversion to a numeric dataset (csv-dataset.ts). */
export {
  MAX_CSV_BYTES,
  CsvError,
  parseCsv,
  isMissing,
  parseNumber,
  lineOfRow,
  type CsvDelimiter,
  type CsvTable,
} from "./csv-parse";
export {
  MIN_CSV_ROWS,
  MAX_CSV_CLASSES,
  MAX_CATEGORIES,
  describeColumns,
  defaultChoice,
  csvToDataset,
  classBalance,
  type ColumnSummary,
  type CsvDatasetChoice,
} from "./csv-dataset";
