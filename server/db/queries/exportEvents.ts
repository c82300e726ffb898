import type { SqlRunner } from '../client';

/**
 * One page of the events export: stored webhook events whose event time is in [from, to)
 * (optionally of one type), in (event_at, id) order after `after`, served by
 * webhook_events_event_at_id_idx. `role` and `message` are lifted out of chat events' payload.
 */

export interface ExportedEvent {
  id: string;
  type: string;
  rawType: string;
  source: string;
  agentId: string | null;
  sessionId: string | null;
  deliveryId: string | null;
  eventAt: Date;
  receivedAt: Date;
  status: string;
  attempts: number;
  lastError: string | null;
  role: string | null;
  message: string | null;
  payload: Record<string, unknown>;
}

export interface EventExportPosition {
  eventAt: Date;
  id: string;
}

export async function exportEventsPage(
  db: SqlRunner,
  opts: { from?: Date; to?: Date; type?: string; after: EventExportPosition | null; limit: number },
): Promise<ExportedEvent[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const param = (v: unknown, type: string) => {
    params.push(v);
    return `$${params.length}::${type}`;
  };
  if (opts.from) where.push(`e.event_at >= ${param(opts.from.toISOString(), 'timestamptz')}`);
  if (opts.to) where.push(`e.event_at < ${param(opts.to.toISOString(), 'timestamptz')}`);
  if (opts.type) where.push(`e.event_type = ${param(opts.type, 'text')}`);
  if (opts.after) where.push(`(e.event_at, e.id) > (${param(opts.after.eventAt.toISOString(), 'timestamptz')}, ${param(opts.after.id, 'bigint')})`);
  const limit = param(opts.limit, 'int');
  const rows = await db.query<ExportedEvent & { payload: Record<string, unknown> | string }>(
    `SELECT e.id::text, e.event_type AS type, e.raw_event_type AS "rawType", e.source, e.agent_id AS "agentId",
            e.session_id AS "sessionId", e.delivery_id AS "deliveryId", e.event_at AS "eventAt", e.received_at AS "receivedAt",
            e.status, e.attempts, e.last_error AS "lastError",
            e.payload #>> '{data,role}' AS role, e.payload #>> '{data,message}' AS message, e.payload
       FROM webhook_events e
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY e.event_at, e.id LIMIT ${limit}`,
    params,
  );
  // pg parses jsonb; keep the mapping explicit in case a driver hands back text.
  return rows.map((r) => ({ ...r, payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload }));
}
