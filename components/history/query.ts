import { HISTORY_SORTS, SORT_ORDERS, type HistorySort, type SortOrder } from '@/lib/history';

/**
 * The history page's search, as it lives in the URL (?agent=&room=&from=&to=&q=&sort=&order=) so a
 * search can be shared. Dates are the operator's local days; `to` includes its whole day.
 */
export interface HistoryFilters {
  agent: string;
  room: string;
  /** YYYY-MM-DD, local */
  from: string;
  /** YYYY-MM-DD, local, inclusive */
  to: string;
  q: string;
  sort: HistorySort;
  order: SortOrder;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function one(v: string | string[] | undefined): string {
  return typeof v === 'string' ? v.trim().slice(0, 200) : '';
}

export function parseHistoryFilters(sp: Record<string, string | string[] | undefined>): HistoryFilters {
  const sort = one(sp.sort);
  const order = one(sp.order);
  const from = one(sp.from);
  const to = one(sp.to);
  return {
    agent: one(sp.agent),
    room: one(sp.room),
    from: DAY.test(from) ? from : '',
    to: DAY.test(to) ? to : '',
    q: one(sp.q),
    sort: (HISTORY_SORTS as readonly string[]).includes(sort) ? (sort as HistorySort) : 'started',
    order: (SORT_ORDERS as readonly string[]).includes(order) ? (order as SortOrder) : 'desc',
  };
}

/** The page's own URL for these filters (defaults left out). */
export function historyHref(f: HistoryFilters): string {
  const q = new URLSearchParams();
  for (const k of ['agent', 'room', 'from', 'to', 'q'] as const) if (f[k]) q.set(k, f[k]);
  if (f.sort !== 'started') q.set('sort', f.sort);
  if (f.order !== 'desc') q.set('order', f.order);
  const s = q.toString();
  return s ? `/history?${s}` : '/history';
}

/** Local midnight of a YYYY-MM-DD day, plus `days`, as an ISO instant. */
function localDay(day: string, days = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + days).toISOString();
}

/** The time range as the API takes it: [from 00:00, the day after `to` 00:00), local time. */
function apiRange(f: HistoryFilters): Record<string, string> {
  const r: Record<string, string> = {};
  if (f.from) r.from = localDay(f.from);
  if (f.to) r.to = localDay(f.to, 1);
  return r;
}

export function rangeProblem(f: HistoryFilters): string | null {
  return f.from && f.to && f.from > f.to ? 'The first day must not be after the last day.' : null;
}

/** GET /api/history/sessions query for one page. */
export function historyApiQuery(f: HistoryFilters, cursor: string | null, limit: number): URLSearchParams {
  const q = new URLSearchParams(apiRange(f));
  if (f.agent) q.set('agent', f.agent);
  if (f.room) q.set('room', f.room);
  if (f.q) q.set('q', f.q);
  q.set('sort', f.sort);
  q.set('order', f.order);
  q.set('limit', String(limit));
  if (cursor) q.set('cursor', cursor);
  return q;
}

/** Download links: sessions take the agent and dates; events take the dates only. */
export function exportHref(kind: 'sessions' | 'events', format: 'csv' | 'ndjson', f: HistoryFilters): string {
  const q = new URLSearchParams({ format, ...apiRange(f) });
  if (kind === 'sessions' && f.agent) q.set('agent', f.agent);
  return `/api/export/${kind}?${q}`;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}
