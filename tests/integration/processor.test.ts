import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/client';
import { openDatabase } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';
import { parseWebhook } from '../../server/ingest/normalize';
import { EventStore } from '../../server/ingest/store';
import { logger } from '../../server/logger';
import { reducerFor, type Reducer } from '../../server/processing/reducers';
import { Processor } from '../../server/processing/processor';
import { conversation } from '../helpers/fixtures';
import { tempDataDir } from '../helpers/server';

/** The processor against a real PGlite database, with one handler made to fail on purpose. */
describe('Processor', () => {
  let dataDir: string;
  let db: Database;
  let store: EventStore;
  const quiet = logger.child({}, { level: 'silent' });

  beforeAll(async () => {
    dataDir = tempDataDir();
    db = await openDatabase({ dataDir });
    await migrate(db);
    store = new EventStore(db);
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function ingest(body: unknown): Promise<number> {
    const parsed = parseWebhook(Buffer.from(JSON.stringify(body)), {}, Date.now());
    if (!parsed.ok) throw new Error(parsed.message);
    const stored = await store.store(parsed.event, parsed.dedupKey, JSON.stringify(body));
    return stored.id!;
  }

  const row = (id: number) => db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: BigInt(id) } });

  it('marks a throwing reducer\'s event failed with its error, backs off, and does not stop the others', async () => {
    let now = Date.now();
    const broken: Reducer = () => {
      throw new Error('transcript service exploded');
    };
    const published: number[] = [];
    const processor = new Processor({
      db,
      logger: quiet,
      maxAttempts: 3,
      now: () => now,
      publish: (r) => published.push(Number(r.id)),
      reducerFor: (type) => (type === 'room.join' ? broken : reducerFor(type)),
    });
    const c = conversation();
    const joinId = await ingest(c.join);
    const userId = await ingest(c.user('hello'));
    processor.enqueue(joinId);
    processor.enqueue(userId);
    await processor.idle();

    const failed = await row(joinId);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: 'transcript service exploded' });
    expect(failed.nextAttemptAt!.getTime()).toBe(now + 1000);
    expect((await row(userId)).status).toBe('processed');
    expect(await db.prisma.message.count({ where: { sessionId: c.sessionId } })).toBe(1);
    expect(published).toEqual([joinId, userId]);

    // Not due yet: the sweep leaves it alone.
    expect(await processor.sweep(false)).toBe(0);
    // Due: retried, fails again with a longer backoff, then dies at the limit.
    now += 1000;
    expect(await processor.sweep(false)).toBe(1);
    await processor.idle();
    const second = await row(joinId);
    expect(second).toMatchObject({ status: 'failed', attempts: 2 });
    expect(second.nextAttemptAt!.getTime()).toBe(now + 2000);
    now += 2000;
    await processor.sweep(false);
    await processor.idle();
    expect(await row(joinId)).toMatchObject({ status: 'dead', attempts: 3, nextAttemptAt: null });
    now += 60_000;
    expect(await processor.sweep(false)).toBe(0); // dead events wait for an operator
    await processor.stop();
  });

  it('picks up events left pending by a crash at start-up, and processes each only once', async () => {
    const c = conversation();
    const ids = [await ingest(c.join), await ingest(c.user('left behind')), await ingest(c.avatar('me too'))];
    const processor = new Processor({ db, logger: quiet, maxAttempts: 3, publish: () => {} });
    const recovered = await processor.start(3600);
    expect(recovered).toBeGreaterThanOrEqual(3);
    await processor.idle();
    for (const id of ids) expect((await row(id)).status).toBe('processed');
    // A crash after the handler's writes but before the mark would replay the event: simulate
    // that by marking them pending again. The replay changes nothing (handlers are idempotent).
    await db.query(`UPDATE webhook_events SET status = 'pending' WHERE id = ANY($1::bigint[])`, [ids]);
    ids.forEach((id) => processor.enqueue(id));
    await processor.idle();
    const session = await db.prisma.session.findUniqueOrThrow({ where: { id: c.sessionId } });
    expect(session.messageCount).toBe(2);
    expect(await db.prisma.message.count({ where: { sessionId: c.sessionId } })).toBe(2);
    await processor.stop();
  });

  it('stores a duplicate once even inside one insert batch', async () => {
    const c = conversation();
    const body = c.user('twice in one batch');
    const parsed = parseWebhook(Buffer.from(JSON.stringify(body)), {}, Date.now());
    if (!parsed.ok) throw new Error(parsed.message);
    const [a, b] = await Promise.all([
      store.store(parsed.event, parsed.dedupKey, 'a'),
      store.store(parsed.event, parsed.dedupKey, 'b'),
    ]);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(await db.prisma.webhookEvent.count({ where: { dedupKey: parsed.dedupKey } })).toBe(1);
  });
});
