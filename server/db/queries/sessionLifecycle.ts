import type { SessionAnalyticsView } from '../../../lib/analytics';
import type { SessionSummary } from '../../../lib/realtime';
import type { AnalyticsAlert, AnalyticsMessage, SessionAnalytics } from '../../processing/session-analytics';
import type { Database } from '../client';
import { toSessionSummary } from './mappers';

/**
 * The lifecycle sweep's reads and writes: quiet sessions, guarded status changes, and the
 * analytics of ended sessions. Not a hot path: the typed client, bounded batches.
 */

export interface QuietSession {
  id: string;
  status: string;
  lastActivityAt: Date;
}

/** Open sessions (active or idle) quiet since before `cutoff`, the longest quiet first. */
export async function findQuietSessions(db: Database, cutoff: Date, limit: number): Promise<QuietSession[]> {
  return db.prisma.session.findMany({
    where: { status: { in: ['active', 'idle'] }, lastActivityAt: { lt: cutoff } },
    select: { id: true, status: true, lastActivityAt: true },
    orderBy: { lastActivityAt: 'asc' },
    take: limit,
  });
}

/**
 * Moves a session to `status` only if nothing happened to it since it was read (same status,
 * same last activity): an event processed in between wins. Answers the new summary, or null.
 */
export async function changeSessionStatus(
  db: Database,
  seen: QuietSession,
  status: 'idle' | 'ended',
  endedAt: Date | null,
): Promise<SessionSummary | null> {
  const { count } = await db.prisma.session.updateMany({
    where: { id: seen.id, status: seen.status, lastActivityAt: seen.lastActivityAt },
    data: status === 'ended' ? { status, endedAt } : { status },
  });
  if (count === 0) return null;
  const row = await db.prisma.session.findUnique({ where: { id: seen.id } });
  return row ? toSessionSummary(row) : null;
}

/**
 * Ended sessions (last active since `since`) without analytics for their current end: ended
 * while the server was down, or reopened and ended again.
 */
export async function findSessionsNeedingAnalytics(db: Database, since: Date, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT s.id FROM sessions s LEFT JOIN session_analytics a ON a.session_id = s.id
     WHERE s.status = 'ended' AND s.last_activity_at >= $1 AND s.ended_at IS NOT NULL
       AND (a.session_id IS NULL OR a.ended_at <> s.ended_at)
     ORDER BY s.last_activity_at LIMIT $2`,
    [since, limit],
  );
  return rows.map((r) => r.id);
}

export const ANALYTICS_MESSAGE_LIMIT = 20_000;

export async function loadAnalyticsInputs(db: Database, sessionId: string) {
  const session = await db.prisma.session.findUnique({
    where: { id: sessionId },
    select: { id: true, status: true, startedAt: true, endedAt: true },
  });
  if (!session) return null;
  const [messages, alerts] = await Promise.all([
    db.prisma.message.findMany({
      where: { sessionId },
      select: { role: true, sentAt: true, sentiment: true },
      orderBy: [{ sentAt: 'asc' }, { id: 'asc' }],
      take: ANALYTICS_MESSAGE_LIMIT,
    }),
    db.prisma.alert.findMany({ where: { sessionId }, select: { rule: true, severity: true, count: true } }),
  ]);
  return {
    session,
    messages: messages.map((m): AnalyticsMessage => ({ role: m.role === 'user' ? 'user' : 'assistant', sentAt: m.sentAt, sentiment: m.sentiment })),
    alerts: alerts as AnalyticsAlert[],
  };
}

export async function saveSessionAnalytics(db: Database, sessionId: string, a: SessionAnalytics): Promise<void> {
  const data = { ...a };
  await db.prisma.sessionAnalytics.upsert({ where: { sessionId }, create: { sessionId, ...data }, update: data });
}

export async function getSessionAnalytics(db: Pick<Database, 'prisma'>, sessionId: string): Promise<SessionAnalyticsView | null> {
  const row = await db.prisma.sessionAnalytics.findUnique({ where: { sessionId } });
  if (!row) return null;
  return { ...row, endedAt: row.endedAt.toISOString(), computedAt: row.computedAt.toISOString() };
}
