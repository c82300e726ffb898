import type { HistorySession } from '../../../lib/history';
import type { SqlRunner } from '../client';
import { SESSION_COLUMNS, SESSION_FROM, sessionFilterSql, toHistorySession, type SearchedSessionRow } from './searchSessions';

/**
 * One page of the sessions export: sessions that started in [from, to) (optionally of one agent),
 * in (started_at, id) order after `after`, served by sessions_started_at_id_idx.
 */

export interface SessionExportPosition {
  startedAt: string;
  id: string;
}

export async function exportSessionsPage(
  db: SqlRunner,
  opts: { from?: Date; to?: Date; agentId?: string; after: SessionExportPosition | null; limit: number },
): Promise<HistorySession[]> {
  const params: unknown[] = [];
  const where = sessionFilterSql({ from: opts.from, to: opts.to, agentId: opts.agentId }, params);
  if (opts.after) {
    params.push(opts.after.startedAt, opts.after.id);
    where.push(`(s.started_at, s.id) > ($${params.length - 1}::timestamptz, $${params.length}::text)`);
  }
  params.push(opts.limit);
  const rows = await db.query<SearchedSessionRow>(
    `SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM}
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY s.started_at, s.id LIMIT $${params.length}::int`,
    params,
  );
  return rows.map(toHistorySession);
}
