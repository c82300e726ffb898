import { bucketStart, ALL_AGENTS, type Bucket } from '../../processing/metric-buckets';
import type { SqlRunner } from '../client';
import { toBigInt, valuesList } from '../sql';

/**
 * Writes of the pre-aggregated chart buckets (`metric_buckets`): additive multi-row upserts from
 * processing and alerts, the once-a-minute active-sessions gauge, and the roll-up's take and
 * retention deletes.
 */

const ROWS_PER_STATEMENT = 2000; // 7 parameters a row, well under PostgreSQL's 65,535

function toBucket(r: Record<string, unknown>): Bucket {
  return {
    resolution: r.resolution === 'hour' ? 'hour' : 'minute',
    bucketStart: r.bucket_start as Date,
    agentId: r.agent_id as string,
    metric: r.metric as string,
    sum: Number(r.sum),
    count: Number(toBigInt(r.count)),
    max: Number(r.max),
  };
}

/**
 * Adds the buckets to what is stored: sum and count add up, max keeps the larger. The buckets must
 * be distinct by key (one statement cannot update a row twice); `mergeBucket` makes them so.
 */
export async function upsertMetricBuckets(tx: SqlRunner, buckets: Bucket[]): Promise<void> {
  for (let i = 0; i < buckets.length; i += ROWS_PER_STATEMENT) {
    const chunk = buckets.slice(i, i + ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    const values = valuesList(
      chunk.map((b) => [b.resolution, b.bucketStart, b.agentId, b.metric, b.sum, String(b.count), b.max]),
      params,
      ['', '::timestamptz', '', '', '::double precision', '::bigint', '::double precision'],
    );
    await tx.query(
      `INSERT INTO metric_buckets (resolution, bucket_start, agent_id, metric, sum, count, max) VALUES ${values}
       ON CONFLICT (resolution, bucket_start, agent_id, metric) DO UPDATE SET
         sum = metric_buckets.sum + EXCLUDED.sum, count = metric_buckets.count + EXCLUDED.count,
         max = GREATEST(metric_buckets.max, EXCLUDED.max)`,
      params,
    );
  }
}

/**
 * Avatar response time of newly stored assistant lines: the time since the session's latest user
 * message before the reply, counted only for the first reply after that message.
 */
export async function loadResponseTimes(tx: SqlRunner, assistantEventIds: bigint[]): Promise<Map<bigint, number>> {
  if (assistantEventIds.length === 0) return new Map();
  const rows = await tx.query<{ event_id: unknown; ms: unknown }>(
    `SELECT a.event_id, EXTRACT(EPOCH FROM (a.sent_at - u.sent_at)) * 1000 AS ms
     FROM messages a
     CROSS JOIN LATERAL (
       SELECT sent_at FROM messages
       WHERE session_id = a.session_id AND role = 'user' AND sent_at <= a.sent_at
       ORDER BY sent_at DESC, id DESC LIMIT 1
     ) u
     WHERE a.event_id = ANY($1::bigint[]) AND a.role = 'assistant'
       AND NOT EXISTS (
         SELECT 1 FROM messages b
         WHERE b.session_id = a.session_id AND b.role = 'assistant' AND b.id <> a.id
           AND b.sent_at >= u.sent_at AND (b.sent_at < a.sent_at OR (b.sent_at = a.sent_at AND b.id < a.id))
       )`,
    [assistantEventIds.map(String)],
  );
  return new Map(rows.map((r) => [toBigInt(r.event_id), Number(r.ms)]));
}

/**
 * The active-sessions gauge: one sample per minute for every known agent (0 included, so an
 * hourly average is over every minute) and for all agents. A second sample in the same minute
 * replaces the first, so a restart or a second node does not double it.
 */
export async function sampleActiveSessions(db: SqlRunner, now: number): Promise<Record<string, number>> {
  const rows = await db.query<{ agent_id: string | null; active: unknown }>(
    `SELECT a.id AS agent_id, count(s.id) AS active FROM agents a
       LEFT JOIN sessions s ON s.agent_id = a.id AND s.status = 'active'
     GROUP BY a.id
     UNION ALL
     SELECT NULL, count(*) FROM sessions WHERE status = 'active'`,
  );
  const sample: Record<string, number> = {};
  for (const r of rows) sample[r.agent_id ?? ALL_AGENTS] = Number(r.active);
  const start = bucketStart(now, 'minute');
  const entries = Object.entries(sample);
  for (let i = 0; i < entries.length; i += ROWS_PER_STATEMENT) {
    const params: unknown[] = [];
    const values = valuesList(
      entries.slice(i, i + ROWS_PER_STATEMENT).map(([agentId, n]) => ['minute', start, agentId, 'sessions.active', n, '1', n]),
      params,
      ['', '::timestamptz', '', '', '::double precision', '::bigint', '::double precision'],
    );
    await db.query(
      `INSERT INTO metric_buckets (resolution, bucket_start, agent_id, metric, sum, count, max) VALUES ${values}
       ON CONFLICT (resolution, bucket_start, agent_id, metric) DO UPDATE SET sum = EXCLUDED.sum, count = 1, max = EXCLUDED.max`,
      params,
    );
  }
  return sample;
}

/** Deletes and returns up to `limit` minute buckets that start before `cutoff` (oldest first). */
export async function takeMinuteBuckets(tx: SqlRunner, cutoff: Date, limit: number): Promise<Bucket[]> {
  const rows = await tx.query(
    `DELETE FROM metric_buckets WHERE (resolution, bucket_start, agent_id, metric) IN (
       SELECT resolution, bucket_start, agent_id, metric FROM metric_buckets
       WHERE resolution = 'minute' AND bucket_start < $1 ORDER BY bucket_start LIMIT $2 FOR UPDATE
     ) RETURNING resolution, bucket_start, agent_id, metric, sum, count, max`,
    [cutoff, limit],
  );
  return rows.map(toBucket);
}

/** Retention: hour buckets that start before `before` are deleted. */
export async function deleteHourBucketsBefore(db: SqlRunner, before: Date): Promise<number> {
  const [row] = await db.query<{ n: unknown }>(
    `WITH gone AS (DELETE FROM metric_buckets WHERE resolution = 'hour' AND bucket_start < $1 RETURNING 1) SELECT count(*) AS n FROM gone`,
    [before],
  );
  return Number(row?.n ?? 0);
}
