import { z } from 'zod';
import type { SessionAnalyticsView } from './analytics';
import type { SessionSummary } from './realtime';

/**
 * Session history search and exports: the HTTP contracts shared by the route handlers and the
 * dashboard pages built on them.
 *
 *   GET /api/history/sessions?agent=&room=&from=&to=&q=&sort=&order=&cursor=&limit=
 *   GET /api/export/sessions?format=csv|ndjson&from=&to=&agent=
 *   GET /api/export/events?format=csv|ndjson&from=&to=&type=
 *
 * Time ranges include `from` and exclude `to`: [from, to). Sessions are placed in time by their
 * start (`startedAt`), events by their event time (`eventAt`). A time is an ISO 8601 date-time
 * with an offset (`2026-12-01T09:30:00Z`) or a date (`2026-12-01`, meaning 00:00 UTC).
 */

export const HISTORY_SORTS = ['started', 'last_activity', 'messages', 'duration'] as const;
export type HistorySort = (typeof HISTORY_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];
export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const HISTORY_PAGE_DEFAULT = 50;
export const HISTORY_PAGE_MAX = 200;

/** An ISO date-time with offset, or a date (UTC midnight), as a Date. */
export const timeParam = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((s) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s));

const text = z.string().trim().min(1).max(200);

function fromBeforeTo(v: { from?: Date; to?: Date }): boolean {
  return !v.from || !v.to || v.from < v.to;
}
const rangeIssue = { message: 'from must be before to', path: ['from'] };

export const historyQuery = z
  .object({
    agent: text.optional(),
    room: text.optional(),
    from: timeParam.optional(),
    to: timeParam.optional(),
    /** words that must all occur in one transcript message (full-text, case-insensitive, no stemming) */
    q: text.optional(),
    sort: z.enum(HISTORY_SORTS).default('started'),
    order: z.enum(SORT_ORDERS).default('desc'),
    /** opaque: `nextCursor` of the previous page, with the same filters and sort */
    cursor: z.string().min(1).max(500).optional(),
    limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).default(HISTORY_PAGE_DEFAULT),
  })
  .refine(fromBeforeTo, rangeIssue);
export type HistoryQuery = z.infer<typeof historyQuery>;

export const exportSessionsQuery = z
  .object({ format: z.enum(EXPORT_FORMATS).default('csv'), from: timeParam.optional(), to: timeParam.optional(), agent: text.optional() })
  .refine(fromBeforeTo, rangeIssue);

export const exportEventsQuery = z
  .object({ format: z.enum(EXPORT_FORMATS).default('csv'), from: timeParam.optional(), to: timeParam.optional(), type: text.optional() })
  .refine(fromBeforeTo, rangeIssue);

/** One session in the history: the live summary plus its duration. */
export interface HistorySession extends SessionSummary {
  /** from start to end (or to the last activity while still active), in ms */
  durationMs: number;
  /** the conversation's analytics, computed when it ended; null while open (or not computed yet) */
  analytics: SessionAnalyticsView | null;
}

/** GET /api/history/sessions answers this; `nextCursor` is null on the last page. */
export interface HistoryPage {
  sessions: HistorySession[];
  nextCursor: string | null;
}
