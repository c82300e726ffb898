import type { SqlRunner } from '../db/client';
import type { Logger } from '../logger';

/**
 * Retention: raw data (webhook events, transcript lines) is kept RETENTION_RAW_DAYS, session
 * summaries and their analytics RETENTION_AGGREGATE_DAYS. The prune runs at start-up and daily
 * and deletes in bounded batches, yielding between statements, so ingest (which shares PGlite's
 * thread, or the PostgreSQL locks) is never held up for long. Events still `pending` or `failed`
 * are never deleted, whatever their age: they have not been processed yet.
 */

export interface RetentionPolicy {
  rawDays: number;
  aggregateDays: number;
}

export interface PruneOutcome {
  events: number;
  messages: number;
  analytics: number;
  sessions: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const PRUNE_BATCH = 5000;
export const PRUNE_EVERY_MS = DAY_MS;

export function retentionCutoffs(now: number, policy: RetentionPolicy): { raw: Date; aggregate: Date } {
  return { raw: new Date(now - policy.rawDays * DAY_MS), aggregate: new Date(now - policy.aggregateDays * DAY_MS) };
}

/** One DELETE per table and step; each removes at most `limit` rows, chosen by the sub-select. */
const STEPS: Array<{ key: keyof PruneOutcome; cutoff: 'raw' | 'aggregate'; sql: string }> = [
  {
    key: 'events',
    cutoff: 'raw',
    sql: `DELETE FROM webhook_events WHERE id IN (
            SELECT id FROM webhook_events WHERE received_at < $1 AND status IN ('processed', 'dead') LIMIT $2)`,
  },
  {
    key: 'messages',
    cutoff: 'raw',
    sql: `DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE sent_at < $1 LIMIT $2)`,
  },
  {
    key: 'analytics',
    cutoff: 'aggregate',
    sql: `DELETE FROM session_analytics WHERE session_id IN (
            SELECT session_id FROM session_analytics WHERE ended_at < $1 LIMIT $2)`,
  },
  {
    // A session row goes once it is ended, quiet past the aggregate cutoff and its transcript is gone.
    key: 'sessions',
    cutoff: 'aggregate',
    sql: `DELETE FROM sessions WHERE id IN (
            SELECT s.id FROM sessions s WHERE s.status = 'ended' AND s.last_activity_at < $1
              AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.session_id = s.id) LIMIT $2)`,
  },
];

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Deletes everything past retention, batch by batch. */
export async function pruneExpired(
  db: SqlRunner,
  now: number,
  policy: RetentionPolicy,
  batchSize = PRUNE_BATCH,
): Promise<PruneOutcome> {
  const cutoffs = retentionCutoffs(now, policy);
  const outcome: PruneOutcome = { events: 0, messages: 0, analytics: 0, sessions: 0 };
  for (const step of STEPS) {
    for (;;) {
      const deleted = await deleteBatch(db, step.sql, [cutoffs[step.cutoff], batchSize]);
      outcome[step.key] += deleted;
      if (deleted < batchSize) break;
      await yieldTurn();
    }
  }
  return outcome;
}

async function deleteBatch(db: SqlRunner, sql: string, params: unknown[]): Promise<number> {
  const rows = await db.query<{ n: unknown }>(`WITH gone AS (${sql} RETURNING 1) SELECT count(*) AS n FROM gone`, params);
  return Number(rows[0]?.n ?? 0);
}

export class RetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PruneOutcome | null> | null = null;

  constructor(
    private readonly deps: { db: SqlRunner; logger: Logger; policy: RetentionPolicy; now?: () => number },
  ) {}

  /** Prunes now (in the background) and then once a day. */
  start(): void {
    void this.run();
    this.timer = setInterval(() => void this.run(), PRUNE_EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  run(): Promise<PruneOutcome | null> {
    this.running ??= pruneExpired(this.deps.db, (this.deps.now ?? Date.now)(), this.deps.policy)
      .then((outcome) => {
        if (Object.values(outcome).some((n) => n > 0)) this.deps.logger.info(outcome, 'retention: expired rows deleted');
        return outcome;
      })
      .catch((err: Error) => {
        this.deps.logger.error({ err: err.message }, 'retention prune failed; retried tomorrow or at the next start');
        return null;
      })
      .finally(() => (this.running = null));
    return this.running;
  }
}
