import { HISTORY_SORTS, SORT_ORDERS, type HistorySort, type SortOrder } from '../../lib/history';

/**
 * The history's keyset cursor: the sort key and id of the last row of a page, so the next page is
 * "rows after this one" in the same order (one index range scan, never OFFSET). Opaque to clients
 * (base64url JSON); it carries its sort and order, and a cursor used with another sort is refused
 * rather than silently giving a wrong page.
 */

export interface HistoryCursor {
  sort: HistorySort;
  order: SortOrder;
  /** the sort key of the last row: an ISO time for started/last_activity, a number otherwise */
  key: string | number;
  id: string;
}

export class CursorError extends Error {}

export function encodeCursor(c: HistoryCursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.order, c.key, c.id]), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string, expected: { sort: HistorySort; order: SortOrder }): HistoryCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('cursor is not valid');
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw new CursorError('cursor is not valid');
  const [sort, order, key, id] = parsed as unknown[];
  if (!HISTORY_SORTS.includes(sort as HistorySort) || !SORT_ORDERS.includes(order as SortOrder) || typeof id !== 'string')
    throw new CursorError('cursor is not valid');
  if (sort !== expected.sort || order !== expected.order)
    throw new CursorError(`cursor belongs to sort=${String(sort)}&order=${String(order)}, not sort=${expected.sort}&order=${expected.order}`);
  const timeKey = sort === 'started' || sort === 'last_activity';
  if (timeKey ? typeof key !== 'string' || Number.isNaN(Date.parse(key)) : typeof key !== 'number' || !Number.isSafeInteger(key))
    throw new CursorError('cursor is not valid');
  return { sort: sort as HistorySort, order: order as SortOrder, key: key as string | number, id };
}
