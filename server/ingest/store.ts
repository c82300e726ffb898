import type { NormalizedEvent } from '../../lib/events';
import type { Database } from '../db/client';

/**
 * The durable write on the ingest path. Concurrent requests are grouped into one multi-row
 * INSERT (group commit): while one batch is being written the next one fills, so under load
 * each request waits for at most one batch and the database sees few, large statements.
 * A promise resolves only after the row is committed; that is when the webhook gets its 200.
 */

export interface StoreResult {
  /** id of the stored row, or null when this was a duplicate of an earlier delivery */
  id: number | null;
  duplicate: boolean;
}

interface Pending {
  event: NormalizedEvent;
  dedupKey: string;
  rawBody: string;
  resolve(result: StoreResult): void;
  reject(err: unknown): void;
}

const COLUMNS = [
  'source',
  'event_type',
  'raw_event_type',
  'agent_id',
  'session_id',
  'delivery_id',
  'dedup_key',
  'raw_body',
  'payload',
  'event_at',
  'next_attempt_at',
] as const;

export class EventStore {
  private queue: Pending[] = [];
  private writing = false;

  constructor(
    private readonly db: Pick<Database, 'query'>,
    private readonly maxBatch = 200,
  ) {}

  store(event: NormalizedEvent, dedupKey: string, rawBody: string): Promise<StoreResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, dedupKey, rawBody, resolve, reject });
      if (!this.writing) {
        // PGlite runs on this thread: writing at once would serialize requests one by one.
        // Waiting for the end of this event-loop turn lets every request already read join the batch.
        this.writing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Resolves when everything queued so far is written (graceful shutdown). */
  async flush(): Promise<void> {
    while (this.writing || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          this.settle(batch, await this.insert(batch));
        } catch {
          // One unstorable row must not fail its neighbours: retry them one by one.
          for (const item of batch) {
            try {
              this.settle([item], await this.insert([item]));
            } catch (err) {
              item.reject(err);
            }
          }
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private settle(batch: Pending[], inserted: Map<string, number>): void {
    for (const item of batch) {
      const id = inserted.get(item.dedupKey);
      if (id !== undefined) {
        inserted.delete(item.dedupKey); // a second copy in the same batch is a duplicate
        item.resolve({ id, duplicate: false });
      } else item.resolve({ id: null, duplicate: true });
    }
  }

  private async insert(batch: Pending[]): Promise<Map<string, number>> {
    const params: unknown[] = [];
    const tuples = batch.map(({ event, dedupKey, rawBody }) => {
      const values = [
        event.source,
        event.type,
        event.rawType,
        event.agentId,
        event.sessionId,
        event.deliveryId,
        dedupKey,
        rawBody,
        JSON.stringify(event),
        new Date(event.eventAt).toISOString(),
        null,
      ];
      const start = params.length;
      params.push(...values);
      return `(${values.map((_, i) => `$${start + i + 1}`).join(', ')})`;
    });
    const rows = await this.db.query<{ id: string | number; dedup_key: string }>(
      `INSERT INTO webhook_events (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT (dedup_key) DO NOTHING RETURNING id, dedup_key`,
      params,
    );
    return new Map(rows.map((r) => [r.dedup_key, Number(r.id)]));
  }
}
