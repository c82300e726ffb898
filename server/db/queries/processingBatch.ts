import type { NormalizedEvent } from '../../../lib/events';
import type { AgentState } from '../../processing/agent-state';
import type { NewMessage } from '../../processing/reducers';
import type { SessionState } from '../../processing/session-state';
import type { SqlRunner } from '../client';
import { toBigInt, valuesList } from '../sql';

/**
 * The processing hot path's reads and writes, in raw SQL: a batch of events is claimed, the
 * sessions and agents they touch are loaded once, and everything they changed is written back
 * in one multi-row statement per table, inside the transaction that marks them processed.
 */

export interface EventRow {
  id: bigint;
  source: string;
  eventType: string;
  agentId: string | null;
  sessionId: string | null;
  payload: NormalizedEvent;
  eventAt: Date;
  receivedAt: Date;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

export interface MessageRow extends NewMessage {
  id: bigint;
}

const EVENT_COLUMNS = `id, source, event_type, agent_id, session_id, payload, event_at, received_at, status, attempts, last_error, next_attempt_at`;

function toEventRow(r: Record<string, unknown>): EventRow {
  return {
    id: toBigInt(r.id),
    source: r.source as string,
    eventType: r.event_type as string,
    agentId: r.agent_id as string | null,
    sessionId: r.session_id as string | null,
    payload: r.payload as NormalizedEvent,
    eventAt: r.event_at as Date,
    receivedAt: r.received_at as Date,
    status: r.status as string,
    attempts: Number(r.attempts),
    lastError: r.last_error as string | null,
    nextAttemptAt: r.next_attempt_at as Date | null,
  };
}

/** Locks the given events that still need processing (another node's claim is skipped). */
export async function claimEvents(tx: SqlRunner, ids: bigint[]): Promise<EventRow[]> {
  const rows = await tx.query(
    `SELECT ${EVENT_COLUMNS} FROM webhook_events
     WHERE id = ANY($1::bigint[]) AND status IN ('pending', 'failed')
     ORDER BY id FOR UPDATE SKIP LOCKED`,
    [ids.map(String)],
  );
  return rows.map(toEventRow);
}

export async function loadSessions(tx: SqlRunner, ids: string[]): Promise<Map<string, SessionState>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query(`SELECT * FROM sessions WHERE id = ANY($1::text[])`, [ids]);
  return new Map(
    rows.map((r) => [
      r.id as string,
      {
        id: r.id as string,
        agentId: r.agent_id as string | null,
        roomName: r.room_name as string | null,
        participantCount: Number(r.participant_count),
        status: r.status === 'ended' ? 'ended' : 'active',
        startedAt: r.started_at as Date,
        lastActivityAt: r.last_activity_at as Date,
        endedAt: r.ended_at as Date | null,
        lastJoinAt: r.last_join_at as Date | null,
        messageCount: Number(r.message_count),
        userMessageCount: Number(r.user_message_count),
        avatarMessageCount: Number(r.avatar_message_count),
        lastEventId: toBigInt(r.last_event_id),
        escalatedAt: r.escalated_at as Date | null,
        escalatedBy: r.escalated_by as string | null,
      },
    ]),
  );
}

export async function loadAgents(tx: SqlRunner, ids: string[]): Promise<Map<string, AgentState>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query(`SELECT * FROM agents WHERE id = ANY($1::text[])`, [ids]);
  return new Map(
    rows.map((r) => [
      r.id as string,
      {
        id: r.id as string,
        status: r.status as string,
        lastError: r.last_error as string | null,
        statusAt: r.status_at as Date | null,
        firstSeenAt: r.first_seen_at as Date,
        lastEventAt: r.last_event_at as Date,
        lastEventId: toBigInt(r.last_event_id),
      },
    ]),
  );
}

export async function saveAgents(tx: SqlRunner, agents: AgentState[]): Promise<void> {
  if (agents.length === 0) return;
  const params: unknown[] = [];
  const values = valuesList(
    agents.map((a) => [a.id, a.status, a.lastError, a.statusAt, a.firstSeenAt, a.lastEventAt, String(a.lastEventId)]),
    params,
  );
  await tx.query(
    `INSERT INTO agents (id, status, last_error, status_at, first_seen_at, last_event_at, last_event_id) VALUES ${values}
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, last_error = EXCLUDED.last_error, status_at = EXCLUDED.status_at,
       first_seen_at = EXCLUDED.first_seen_at, last_event_at = EXCLUDED.last_event_at, last_event_id = EXCLUDED.last_event_id`,
    params,
  );
}

export async function saveSessions(tx: SqlRunner, sessions: SessionState[]): Promise<void> {
  if (sessions.length === 0) return;
  const params: unknown[] = [];
  const values = valuesList(
    sessions.map((s) => [
      s.id, s.agentId, s.roomName, s.participantCount, s.status, s.startedAt, s.lastActivityAt, s.endedAt,
      s.lastJoinAt, s.messageCount, s.userMessageCount, s.avatarMessageCount, String(s.lastEventId),
    ]),
    params,
  );
  await tx.query(
    `INSERT INTO sessions (id, agent_id, room_name, participant_count, status, started_at, last_activity_at, ended_at,
       last_join_at, message_count, user_message_count, avatar_message_count, last_event_id) VALUES ${values}
     ON CONFLICT (id) DO UPDATE SET agent_id = EXCLUDED.agent_id, room_name = EXCLUDED.room_name,
       participant_count = EXCLUDED.participant_count, status = EXCLUDED.status, started_at = EXCLUDED.started_at,
       last_activity_at = EXCLUDED.last_activity_at, ended_at = EXCLUDED.ended_at, last_join_at = EXCLUDED.last_join_at,
       message_count = EXCLUDED.message_count, user_message_count = EXCLUDED.user_message_count,
       avatar_message_count = EXCLUDED.avatar_message_count, last_event_id = EXCLUDED.last_event_id`,
    params,
  );
}

/** Which of these events already have their transcript line. */
export async function loadStoredMessageEvents(tx: SqlRunner, eventIds: bigint[]): Promise<Set<bigint>> {
  if (eventIds.length === 0) return new Set();
  const rows = await tx.query<{ event_id: unknown }>(`SELECT event_id FROM messages WHERE event_id = ANY($1::bigint[])`, [
    eventIds.map(String),
  ]);
  return new Set(rows.map((r) => toBigInt(r.event_id)));
}

/** Inserts new transcript lines; a line whose event was already stored is left as it is. */
export async function insertMessages(tx: SqlRunner, messages: NewMessage[]): Promise<MessageRow[]> {
  if (messages.length === 0) return [];
  const params: unknown[] = [];
  const values = valuesList(messages.map((m) => [m.sessionId, String(m.eventId), m.role, m.text, m.sentAt, m.sentiment]), params);
  const rows = await tx.query<{ id: unknown; event_id: unknown }>(
    `INSERT INTO messages (session_id, event_id, role, text, sent_at, sentiment) VALUES ${values}
     ON CONFLICT (event_id) DO NOTHING RETURNING id, event_id`,
    params,
  );
  const ids = new Map(rows.map((r) => [toBigInt(r.event_id), toBigInt(r.id)]));
  return messages.filter((m) => ids.has(m.eventId)).map((m) => ({ ...m, id: ids.get(m.eventId)! }));
}

export async function markProcessed(tx: SqlRunner, ids: bigint[], now: Date): Promise<EventRow[]> {
  if (ids.length === 0) return [];
  const rows = await tx.query(
    `UPDATE webhook_events SET status = 'processed', processed_at = $2, attempts = attempts + 1,
       last_error = NULL, next_attempt_at = NULL
     WHERE id = ANY($1::bigint[]) RETURNING ${EVENT_COLUMNS}`,
    [ids.map(String), now],
  );
  return rows.map(toEventRow).sort((a, b) => (a.id < b.id ? -1 : 1));
}

export async function markFailed(
  tx: SqlRunner,
  id: bigint,
  outcome: { status: 'failed' | 'dead'; attempts: number; error: string; nextAttemptAt: Date | null },
): Promise<EventRow | null> {
  const rows = await tx.query(
    `UPDATE webhook_events SET status = $2, attempts = $3, last_error = $4, next_attempt_at = $5
     WHERE id = $1::bigint RETURNING ${EVENT_COLUMNS}`,
    [String(id), outcome.status, outcome.attempts, outcome.error, outcome.nextAttemptAt],
  );
  return rows[0] ? toEventRow(rows[0]) : null;
}
