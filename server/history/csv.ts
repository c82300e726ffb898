/**
 * CSV as RFC 4180 describes it: fields separated by commas, records by CRLF; a field holding a
 * comma, a double quote, CR or LF (or leading/trailing spaces) is wrapped in double quotes and its
 * quotes doubled. null and undefined are empty fields, Dates ISO 8601, objects JSON.
 */

export type CsvValue = string | number | boolean | bigint | Date | null | undefined | Record<string, unknown> | unknown[];

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A column of an export: its header and how a row gives its value. */
export interface ExportColumn<Row> {
  name: string;
  value(row: Row): CsvValue;
}

export function csvHeader<Row>(columns: readonly ExportColumn<Row>[]): string {
  return csvRecord(columns.map((c) => c.name));
}

export function csvRow<Row>(columns: readonly ExportColumn<Row>[], row: Row): string {
  return csvRecord(columns.map((c) => c.value(row)));
}

/** The same columns as one JSON object per line (NDJSON): Dates ISO, objects kept as objects. */
export function ndjsonRow<Row>(columns: readonly ExportColumn<Row>[], row: Row): string {
  const obj: Record<string, unknown> = {};
  for (const c of columns) {
    const v = c.value(row);
    obj[c.name] = v === undefined ? null : typeof v === 'bigint' ? Number(v) : v;
  }
  return `${JSON.stringify(obj)}\n`;
}
