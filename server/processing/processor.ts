import type { Database, SqlRunner } from '../db/client';
import {
  claimEvents,
  insertMessages,
  loadAgents,
  loadSessions,
  loadStoredMessageEvents,
  markFailed,
  markProcessed,
  saveAgents,
  saveSessions,
  type EventRow,
  type MessageRow,
} from '../db/queries/processingBatch';
import { loadResponseTimes, upsertMetricBuckets } from '../db/queries/metricBuckets';
import type { Logger } from '../logger';
import { eventsProcessed, processingLag } from '../metrics';
import type { AgentState } from './agent-state';
import { batchBuckets } from './metric-buckets';
import { reducerFor as defaultReducerFor, type Change, type Reducer } from './reducers';
import { afterFailure } from './retry';
import type { SessionState } from './session-state';

/**
 * Runs stored events through their reducers, in-process, right after the ingest commit.
 * Events queued together are handled as one batch: one transaction claims them, loads the
 * sessions and agents they touch, applies the reducers in event order, writes the results and
 * marks them processed. A crash before the commit leaves them pending for the sweep (at start-up
 * and periodically). A reducer that throws marks only its own event failed, with backoff, until
 * the retry limit marks it dead; a batch the database refuses is retried event by event so one
 * bad event cannot hold back the others.
 */

/** What one processed event changed, for the dashboards. */
export interface Effects {
  session?: SessionState;
  agent?: AgentState;
  message?: MessageRow;
}

export interface ProcessorDeps {
  db: Pick<Database, 'transaction' | 'query'>;
  logger: Logger;
  maxAttempts: number;
  /** told about every event whose state changed (in event id order), with what it changed */
  publish(row: EventRow, effects: Effects): void;
  reducerFor?: (type: string) => Reducer;
  now?: () => number;
}

/** A pending row younger than this is still in some node's in-process queue. */
const PENDING_GRACE_MS = 5000;
const BATCH_SIZE = 200;

interface BatchOutcome {
  processed: EventRow[];
  failed: EventRow[];
  changes: Map<bigint, Change>;
  messages: Map<bigint, MessageRow>;
}

const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => !!v))];

export class Processor {
  private queue: bigint[] = [];
  private queued = new Set<bigint>();
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly now: () => number;
  private readonly reducerFor: (type: string) => Reducer;

  constructor(private readonly deps: ProcessorDeps) {
    this.now = deps.now ?? Date.now;
    this.reducerFor = deps.reducerFor ?? defaultReducerFor;
  }

  enqueue(id: number | bigint): void {
    const key = BigInt(id);
    if (this.stopped || this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    // Start on the next turn of the event loop so events stored together are processed together.
    this.running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
  }

  /** Start-up recovery plus a periodic sweep for failed rows whose retry time has come. */
  async start(sweepSeconds: number): Promise<number> {
    const recovered = await this.sweep(true);
    if (recovered > 0) this.deps.logger.info({ recovered }, 'resuming events left unprocessed');
    this.timer = setInterval(() => void this.sweep(false).catch(() => {}), sweepSeconds * 1000);
    this.timer.unref();
    return recovered;
  }

  async sweep(startup: boolean): Promise<number> {
    const now = this.now();
    const rows = await this.deps.db.query<{ id: unknown }>(
      `SELECT id FROM webhook_events
       WHERE (status = 'pending' AND ($1::boolean OR received_at < $2))
          OR (status = 'failed' AND next_attempt_at <= $3)
       ORDER BY id LIMIT 5000`,
      [startup, new Date(now - PENDING_GRACE_MS), new Date(now)],
    );
    for (const r of rows) this.enqueue(BigInt(r.id as string));
    return rows.length;
  }

  /** Resolves when the queue is empty (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle();
  }

  private async drain(): Promise<void> {
    // Loops until the queue is empty; enqueue() during the loop just adds to it.
    while (this.queue.length > 0) {
      const ids = this.queue.splice(0, BATCH_SIZE);
      try {
        await this.processBatch(ids);
      } catch (err) {
        // Only the bookkeeping itself failing lands here (database gone); the sweep retries.
        this.deps.logger.error({ ids: ids.length, err: (err as Error).message }, 'could not record processing outcome');
      } finally {
        ids.forEach((id) => this.queued.delete(id));
      }
    }
    this.running = null;
  }

  private async processBatch(ids: bigint[]): Promise<void> {
    let outcome: BatchOutcome;
    try {
      outcome = await this.deps.db.transaction((tx) => this.applyBatch(tx, ids));
    } catch (err) {
      if (ids.length > 1) {
        for (const id of ids) await this.processBatch([id]);
        return;
      }
      outcome = await this.deps.db.transaction(async (tx) => {
        const [row] = await claimEvents(tx, ids);
        const failed = row ? await this.fail(tx, row, err) : null;
        return { processed: [], failed: failed ? [failed] : [], changes: new Map(), messages: new Map() };
      });
    }
    this.report(outcome);
  }

  private async applyBatch(tx: SqlRunner, ids: bigint[]): Promise<BatchOutcome> {
    const rows = await claimEvents(tx, ids);
    const sessions = await loadSessions(tx, unique(rows.map((r) => r.payload.sessionId)));
    const agents = await loadAgents(tx, unique(rows.map((r) => r.payload.agentId)));
    const storedMessages = await loadStoredMessageEvents(tx, rows.filter((r) => r.eventType === 'chat.push').map((r) => r.id));
    const world = { sessions, agents, storedMessages };
    const existingSessions = new Set(sessions.keys());
    const changes = new Map<bigint, Change>();
    const changedSessions = new Set<string>();
    const changedAgents = new Set<string>();
    const failures: Array<[EventRow, unknown]> = [];

    for (const row of rows) {
      try {
        const change = this.reducerFor(row.eventType)(world, { id: row.id, type: row.eventType, event: row.payload, at: row.eventAt });
        if (change.session) {
          sessions.set(change.session.id, change.session);
          changedSessions.add(change.session.id);
        }
        if (change.agent) {
          agents.set(change.agent.id, change.agent);
          changedAgents.add(change.agent.id);
        }
        changes.set(row.id, change);
      } catch (err) {
        failures.push([row, err]);
      }
    }

    await saveAgents(tx, [...changedAgents].map((id) => agents.get(id)!));
    await saveSessions(tx, [...changedSessions].map((id) => sessions.get(id)!));
    const inserted = await insertMessages(tx, [...changes.values()].flatMap((c) => (c.message ? [c.message] : [])));
    await this.addToBuckets(tx, rows.filter((r) => changes.has(r.id)), inserted, sessions, existingSessions, changedSessions);
    const processed = await markProcessed(tx, [...changes.keys()], new Date(this.now()));
    const failed: EventRow[] = [];
    for (const [row, err] of failures) {
      const updated = await this.fail(tx, row, err);
      if (updated) failed.push(updated);
    }
    return { processed, failed, changes, messages: new Map(inserted.map((m) => [m.eventId, m])) };
  }

  /** The chart buckets this batch adds to, in the batch's transaction: one multi-row upsert. */
  private async addToBuckets(
    tx: SqlRunner,
    rows: EventRow[],
    inserted: MessageRow[],
    sessions: Map<string, SessionState>,
    existingSessions: Set<string>,
    changedSessions: Set<string>,
  ): Promise<void> {
    const agentOf = (sessionId: string | null, fallback: string | null) => (sessionId ? sessions.get(sessionId)?.agentId : null) ?? fallback;
    const eventAgent = new Map(rows.map((r) => [r.id, r.payload.agentId ?? r.agentId]));
    const responseMs = await loadResponseTimes(tx, inserted.filter((m) => m.role === 'assistant').map((m) => m.eventId));
    await upsertMetricBuckets(
      tx,
      batchBuckets({
        events: rows.map((r) => ({ type: r.eventType, agentId: agentOf(r.payload.sessionId ?? r.sessionId, eventAgent.get(r.id) ?? null), at: r.eventAt })),
        messages: inserted.map((m) => ({ role: m.role, agentId: agentOf(m.sessionId, eventAgent.get(m.eventId) ?? null), sentAt: m.sentAt, sentiment: m.sentiment })),
        newSessions: [...changedSessions]
          .filter((id) => !existingSessions.has(id))
          .map((id) => sessions.get(id)!)
          .map((s) => ({ agentId: s.agentId, startedAt: s.startedAt })),
        responses: inserted.flatMap((m) => {
          const ms = responseMs.get(m.eventId);
          return ms === undefined ? [] : [{ agentId: agentOf(m.sessionId, eventAgent.get(m.eventId) ?? null), at: m.sentAt, ms }];
        }),
      }),
    );
  }

  private fail(tx: SqlRunner, row: EventRow, err: unknown): Promise<EventRow | null> {
    const attempts = row.attempts + 1;
    const next = afterFailure(attempts, this.deps.maxAttempts, this.now());
    const error = ((err as Error)?.message ?? String(err)).slice(0, 2000);
    this.deps.logger.warn({ id: String(row.id), type: row.eventType, attempts, status: next.status, err: error }, 'event processing failed');
    return markFailed(tx, row.id, { status: next.status, attempts, error, nextAttemptAt: next.nextAttemptAt });
  }

  /** Metrics, then the dashboards, in event id order. */
  private report({ processed, failed, changes, messages }: BatchOutcome): void {
    const now = this.now();
    for (const row of [...processed, ...failed].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      eventsProcessed.inc({ type: row.eventType, outcome: row.status });
      if (row.status !== 'processed') {
        this.deps.publish(row, {});
        continue;
      }
      processingLag.observe((now - row.receivedAt.getTime()) / 1000);
      const change = changes.get(row.id) ?? {};
      this.deps.publish(row, { session: change.session, agent: change.agent, message: messages.get(row.id) });
    }
  }
}
