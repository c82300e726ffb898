import type { NormalizedEvent } from '../../lib/events';
import type { Database } from '../db/client';
import type { WebhookEvent } from '../db/generated/client.ts';
import type { Logger } from '../logger';
import { eventsProcessed, processingLag } from '../metrics';
import { handlerFor as defaultHandlerFor, type Effects, type Handler } from './handlers';
import { afterFailure } from './retry';

/**
 * Runs stored events through their handlers, in-process, right after the ingest commit.
 * Each event is handled in one transaction together with its "processed" mark, so a crash
 * leaves it pending and the sweep (at start-up and periodically) picks it up again. A handler
 * that throws marks only its own event failed, with backoff, until the retry limit marks it dead.
 */

export interface ProcessorDeps {
  db: Database;
  logger: Logger;
  maxAttempts: number;
  /** told about every event whose state changed, with what its handler changed */
  publish(row: WebhookEvent, effects: Effects): void;
  handlerFor?: (type: string) => Handler;
  now?: () => number;
}

/** A pending row younger than this is still in some node's in-process queue. */
const PENDING_GRACE_MS = 5000;

export class Processor {
  private queue: number[] = [];
  private queued = new Set<number>();
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly now: () => number;
  private readonly handlerFor: (type: string) => Handler;

  constructor(private readonly deps: ProcessorDeps) {
    this.now = deps.now ?? Date.now;
    this.handlerFor = deps.handlerFor ?? defaultHandlerFor;
  }

  enqueue(id: number): void {
    if (this.stopped || this.queued.has(id)) return;
    this.queued.add(id);
    this.queue.push(id);
    this.running ??= this.drain();
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
    const rows = await this.deps.db.prisma.webhookEvent.findMany({
      where: {
        OR: [
          { status: 'pending', ...(startup ? {} : { receivedAt: { lt: new Date(now - PENDING_GRACE_MS) } }) },
          { status: 'failed', nextAttemptAt: { lte: new Date(now) } },
        ],
      },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: 1000,
    });
    for (const r of rows) this.enqueue(Number(r.id));
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
      const id = this.queue.shift()!;
      try {
        await this.processOne(id);
      } catch (err) {
        // Only the bookkeeping itself failing lands here (database gone); the sweep retries.
        this.deps.logger.error({ id, err: (err as Error).message }, 'could not record processing outcome');
      } finally {
        this.queued.delete(id);
      }
    }
    this.running = null;
  }

  private async processOne(id: number): Promise<void> {
    const { prisma } = this.deps.db;
    const row = await prisma.webhookEvent.findUnique({ where: { id: BigInt(id) } });
    if (!row || row.status === 'processed' || row.status === 'dead') return;
    const event = row.payload as unknown as NormalizedEvent;
    const handler = this.handlerFor(row.eventType);
    try {
      const { effects, updated } = await prisma.$transaction(async (tx) => {
        const effects = await handler({ tx, row, event });
        const updated = await tx.webhookEvent.update({
          where: { id: row.id },
          data: { status: 'processed', processedAt: new Date(this.now()), attempts: { increment: 1 }, lastError: null, nextAttemptAt: null },
        });
        return { effects, updated };
      });
      eventsProcessed.inc({ type: row.eventType, outcome: 'processed' });
      processingLag.observe((this.now() - row.receivedAt.getTime()) / 1000);
      this.deps.publish(updated, effects);
    } catch (err) {
      const attempts = row.attempts + 1;
      const outcome = afterFailure(attempts, this.deps.maxAttempts, this.now());
      const message = (err as Error)?.message?.slice(0, 2000) ?? String(err);
      const updated = await prisma.webhookEvent.update({
        where: { id: row.id },
        data: { status: outcome.status, attempts, lastError: message, nextAttemptAt: outcome.nextAttemptAt },
      });
      eventsProcessed.inc({ type: row.eventType, outcome: outcome.status });
      this.deps.logger.warn({ id, type: row.eventType, attempts, status: outcome.status, err: message }, 'event processing failed');
      this.deps.publish(updated, {});
    }
  }
}
