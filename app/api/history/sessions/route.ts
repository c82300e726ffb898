import { historyQuery, type HistoryPage } from '@/lib/history';
import { searchSessions, sortKeyOf } from '@/server/db/queries/searchSessions';
import { CursorError, decodeCursor, encodeCursor, type HistoryCursor } from '@/server/history/cursor';
import { authorize, badRequest, json, parseQuery } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

/**
 * GET /api/history/sessions: past and present sessions by agent, room, start time [from, to) and
 * transcript text (q), sorted by start, last activity, message count or duration, one keyset page
 * at a time: pass the answer's nextCursor as cursor (same filters and sort) for the next page.
 */
export async function GET(request: Request) {
  const { error } = authorize('view');
  if (error) return error;
  const { query: q, error: invalid } = parseQuery(request, historyQuery);
  if (invalid) return invalid;
  let after: HistoryCursor | undefined;
  try {
    after = q.cursor ? decodeCursor(q.cursor, { sort: q.sort, order: q.order }) : undefined;
  } catch (err) {
    if (err instanceof CursorError) return badRequest(`cursor: ${err.message}`);
    throw err;
  }
  const { db } = getRegistry();
  // One row more than asked tells whether another page exists.
  const rows = await searchSessions(db, {
    agentId: q.agent,
    roomName: q.room,
    from: q.from,
    to: q.to,
    text: q.q,
    sort: q.sort,
    order: q.order,
    after,
    limit: q.limit + 1,
  });
  const sessions = rows.slice(0, q.limit);
  const last = sessions[sessions.length - 1];
  const page: HistoryPage = {
    sessions,
    nextCursor: rows.length > q.limit && last ? encodeCursor({ sort: q.sort, order: q.order, key: sortKeyOf(last, q.sort), id: last.id }) : null,
  };
  return json(page);
}
