import type { SessionAnalyticsView } from '../../../lib/analytics';
import type { HistorySession, HistorySort, SortOrder } from '../../../lib/history';
import type { HistoryCursor } from '../../history/cursor';
import type { SqlRunner } from '../client';

/**
 * The session history: sessions matching agent, room, start time range and transcript text,
 * in one of four orders, one keyset page at a time.
 *
 * Raw SQL because Prisma cannot say "(key, id) < (…)" nor full-text search. Each order is
 * (sort key, id) so ties are broken and the next page starts exactly after the cursor row;
 * started/last_activity/messages have (key, id) indexes, duration is computed (end or last
 * activity minus start) and sorted after filtering.
 *
 * Text search: PostgreSQL full-text search, `to_tsvector('simple', text) @@ plainto_tsquery('simple', q)`,
 * served by the GIN index messages_text_fts_idx (see searchSessions for how it is planned). 'simple' lower-cases and splits on non-letters
 * without stemming or stop words, so it is language-neutral and "Refund" finds "refund," but not
 * "refunds". A session matches when one of its messages contains all of q's words.
 */

export interface SearchSessionsFilter {
  agentId?: string;
  roomName?: string;
  /** start time, inclusive */
  from?: Date;
  /** start time, exclusive */
  to?: Date;
  text?: string;
}

export interface SearchSessionsOptions extends SearchSessionsFilter {
  sort: HistorySort;
  order: SortOrder;
  after?: HistoryCursor;
  limit: number;
}

const DURATION_MS = `(EXTRACT(EPOCH FROM (COALESCE(s.ended_at, s.last_activity_at) - s.started_at)) * 1000)::bigint`;

const SORT_KEYS: Record<HistorySort, { expr: string; type: string }> = {
  started: { expr: 's.started_at', type: 'timestamptz' },
  last_activity: { expr: 's.last_activity_at', type: 'timestamptz' },
  messages: { expr: 's.message_count', type: 'int' },
  duration: { expr: DURATION_MS, type: 'bigint' },
};

export interface SearchedSessionRow {
  id: string;
  agentId: string | null;
  roomName: string | null;
  participantCount: number;
  status: string;
  startedAt: Date;
  lastActivityAt: Date;
  endedAt: Date | null;
  messageCount: number;
  userMessageCount: number;
  avatarMessageCount: number;
  lastEventId: string;
  escalatedAt: Date | null;
  escalatedBy: string | null;
  durationMs: string;
  analytics: SessionAnalyticsView | string | null;
}

export const SESSION_COLUMNS = `s.id, s.agent_id AS "agentId", s.room_name AS "roomName", s.participant_count AS "participantCount",
  s.status, s.started_at AS "startedAt", s.last_activity_at AS "lastActivityAt", s.ended_at AS "endedAt",
  s.message_count AS "messageCount", s.user_message_count AS "userMessageCount", s.avatar_message_count AS "avatarMessageCount",
  s.last_event_id::text AS "lastEventId", s.escalated_at AS "escalatedAt", s.escalated_by AS "escalatedBy",
  ${DURATION_MS}::text AS "durationMs",
  CASE WHEN a.session_id IS NULL THEN NULL ELSE json_build_object(
    'sessionId', a.session_id, 'endedAt', a.ended_at, 'computedAt', a.computed_at, 'durationSeconds', a.duration_seconds,
    'userMessages', a.user_messages, 'avatarMessages', a.avatar_messages, 'userTurns', a.user_turns, 'answeredTurns', a.answered_turns,
    'responseMedianMs', a.response_median_ms, 'responseWorstMs', a.response_worst_ms, 'avgUserSentiment', a.avg_user_sentiment,
    'sentimentTrend', a.sentiment_trend, 'alertsRaised', a.alerts_raised, 'repeatedQuestions', a.repeated_questions,
    'engagementScore', a.engagement_score, 'qualityScore', a.quality_score) END AS analytics`;

/** sessions s with their analytics a (computed when a session ends; none while it is open) */
export const SESSION_FROM = 'sessions s LEFT JOIN session_analytics a ON a.session_id = s.id';

/** WHERE conditions for the filter, with their parameters appended to `params`. */
export function sessionFilterSql(f: Omit<SearchSessionsFilter, 'text'>, params: unknown[]): string[] {
  const where: string[] = [];
  const param = (v: unknown, type = 'text') => {
    params.push(v);
    return `$${params.length}::${type}`;
  };
  if (f.agentId) where.push(`s.agent_id = ${param(f.agentId)}`);
  if (f.roomName) where.push(`s.room_name = ${param(f.roomName)}`);
  if (f.from) where.push(`s.started_at >= ${param(f.from.toISOString(), 'timestamptz')}`);
  if (f.to) where.push(`s.started_at < ${param(f.to.toISOString(), 'timestamptz')}`);
  return where;
}

export function toHistorySession(r: SearchedSessionRow): HistorySession {
  return {
    id: r.id,
    agentId: r.agentId,
    roomName: r.roomName,
    participantCount: r.participantCount,
    status: r.status === 'ended' || r.status === 'idle' ? r.status : 'active',
    startedAt: r.startedAt.toISOString(),
    lastActivityAt: r.lastActivityAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    messageCount: r.messageCount,
    userMessageCount: r.userMessageCount,
    avatarMessageCount: r.avatarMessageCount,
    seq: Number(r.lastEventId),
    escalatedAt: r.escalatedAt?.toISOString() ?? null,
    escalatedBy: r.escalatedBy,
    durationMs: Number(r.durationMs),
    analytics: toAnalytics(r.analytics),
  };
}

function toAnalytics(raw: SessionAnalyticsView | string | null): SessionAnalyticsView | null {
  if (raw === null) return null;
  const a = typeof raw === 'string' ? (JSON.parse(raw) as SessionAnalyticsView) : raw;
  // json_build_object writes timestamps as PostgreSQL text ("…+00:00"): make them ISO like the rest.
  return { ...a, endedAt: new Date(a.endedAt).toISOString(), computedAt: new Date(a.computedAt).toISOString() };
}

/** The sort key of a session as the cursor carries it. */
export function sortKeyOf(s: HistorySession, sort: HistorySort): string | number {
  switch (sort) {
    case 'started':
      return s.startedAt;
    case 'last_activity':
      return s.lastActivityAt;
    case 'messages':
      return s.messageCount;
    case 'duration':
      return s.durationMs;
  }
}

/**
 * How a text search is run. The planner cannot estimate how many messages a word matches (it
 * assumes 0.5 %), and a wrong guess costs seconds at a million messages either way:
 * - `hits`: read the matching messages from the GIN index first, then page their sessions.
 *   Fast for rare words (a few ms), a few hundred ms for a word in most sessions.
 * - `scan`: walk the sessions in sort order through the (key, id) index and check each one's
 *   messages (EXISTS) until the page is full. Fast when matches are dense, hopeless when rare.
 * So the index is asked first how many messages match, stopping at TEXT_PROBE_LIMIT: below it,
 * `hits`; at it, `scan` (duration has no index to walk, so it always uses `hits`).
 */
export const TEXT_PROBE_LIMIT = 2000;

const TEXT_MATCH = (p: string) => `to_tsvector('simple', m.text) @@ plainto_tsquery('simple', ${p})`;

export async function searchSessions(db: SqlRunner, opts: SearchSessionsOptions): Promise<HistorySession[]> {
  const params: unknown[] = [];
  const where = sessionFilterSql(opts, params);
  let withHits = '';
  let joinHits = '';
  if (opts.text) {
    const [probe] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM messages m WHERE ${TEXT_MATCH('$1::text')} LIMIT ${TEXT_PROBE_LIMIT}) x`,
      [opts.text],
    );
    if (!probe || probe.n === 0) return [];
    params.push(opts.text);
    const text = `$${params.length}::text`;
    if (probe.n < TEXT_PROBE_LIMIT || opts.sort === 'duration') {
      withHits = `WITH hits AS MATERIALIZED (SELECT DISTINCT m.session_id FROM messages m WHERE ${TEXT_MATCH(text)})`;
      joinHits = 'JOIN hits h ON h.session_id = s.id';
    } else {
      where.push(`EXISTS (SELECT 1 FROM messages m WHERE m.session_id = s.id AND ${TEXT_MATCH(text)})`);
    }
  }
  const key = SORT_KEYS[opts.sort];
  const dir = opts.order === 'asc' ? 'ASC' : 'DESC';
  if (opts.after) {
    params.push(opts.after.key, opts.after.id);
    where.push(`(${key.expr}, s.id) ${opts.order === 'asc' ? '>' : '<'} ($${params.length - 1}::${key.type}, $${params.length}::text)`);
  }
  params.push(opts.limit);
  const rows = await db.query<SearchedSessionRow>(
    `${withHits}
     SELECT ${SESSION_COLUMNS}
       FROM ${SESSION_FROM} ${joinHits}
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${key.expr} ${dir}, s.id ${dir}
      LIMIT $${params.length}::int`,
    params,
  );
  return rows.map(toHistorySession);
}
