import type { ExportFormat } from '../../lib/history';
import { csvHeader, csvRow, ndjsonRow, type ExportColumn } from './csv';

/**
 * An export as a byte stream fed one keyset page at a time: the next page is read only when the
 * client has taken the previous one (ReadableStream pull), so memory stays at about one page
 * however many rows the range holds, and a client that goes away stops the reads.
 */

export const EXPORT_PAGE_SIZE = 1000;

export interface PagedSource<Row, After> {
  /** the rows after `after` (null: from the start), at most `limit`, in export order */
  page(after: After | null, limit: number): Promise<Row[]>;
  /** the keyset position of a row */
  positionOf(row: Row): After;
}

export function exportStream<Row, After>(
  source: PagedSource<Row, After>,
  columns: readonly ExportColumn<Row>[],
  format: ExportFormat,
  pageSize = EXPORT_PAGE_SIZE,
  onDone?: (rows: number) => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: After | null = null;
  let started = false;
  let rows = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk = '';
        if (!started && format === 'csv') chunk += csvHeader(columns);
        started = true;
        const page = await source.page(after, pageSize);
        for (const row of page) chunk += format === 'csv' ? csvRow(columns, row) : ndjsonRow(columns, row);
        rows += page.length;
        if (chunk) controller.enqueue(encoder.encode(chunk));
        if (page.length < pageSize) {
          controller.close();
          onDone?.(rows);
        } else {
          after = source.positionOf(page[page.length - 1]!);
        }
      },
    },
    { highWaterMark: 0 },
  );
}

/** `avatar-pulse-<what>-<from>_<to>.<format>` with times made filename-safe. */
export function exportFilename(what: string, range: { from?: Date; to?: Date }, format: ExportFormat): string {
  const stamp = (d: Date | undefined, none: string) => (d ? d.toISOString().replace(/\.000Z$/, 'Z').replace(/:/g, '-') : none);
  return `avatar-pulse-${what}-${stamp(range.from, 'start')}_${stamp(range.to, 'now')}.${format}`;
}

export function exportResponse(body: ReadableStream<Uint8Array>, filename: string, format: ExportFormat): Response {
  return new Response(body, {
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
