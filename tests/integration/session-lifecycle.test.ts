import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView } from '../../lib/alerts';
import type { SessionAnalyticsView } from '../../lib/analytics';
import type { SessionSnapshot, SessionSummary } from '../../lib/realtime';
import { openDatabase, type Database } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';
import { pruneExpired } from '../../server/processing/retention';
import { conversation } from '../helpers/fixtures';
import { eventually, nextEvent, request, startServer, tempDataDir, type TestServer } from '../helpers/server';

/**
 * Sessions go idle and end by inactivity on the real server (idle after 1.2 s, closed after 3 s
 * of quiet), get their analytics, resolve their conversation alerts, and reopen on new activity.
 * Retention is checked against a real PGlite database in-process.
 */

type SessionPage = SessionSnapshot & { analytics?: SessionAnalyticsView };

describe('session lifecycle on the real server', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({
      env: { SESSION_IDLE_MINUTES: '0.02', SESSION_CLOSE_MINUTES: '0.05', SESSION_SWEEP_SECONDS: '0.25' },
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const page = async (id: string) => (await server.getJson<SessionPage>(`/api/sessions/${id}`)).body;

  it('marks a quiet session idle, then ends it by inactivity at its last activity, with analytics', async () => {
    const socket = server.socket();
    await request(socket, 'overview:subscribe');
    const c = conversation();
    const t = Date.now() / 1000;
    const idle = nextEvent<SessionSummary>(socket, 'session:update', (s) => s.id === c.sessionId && s.status === 'idle');
    const ended = nextEvent<SessionSummary>(socket, 'session:update', (s) => s.id === c.sessionId && s.status === 'ended');
    expect((await server.post({ ...c.join, timestamp: t })).status).toBe(200);
    expect((await server.post(c.user('What are your opening hours?', t + 0.5))).status).toBe(200);
    expect((await server.post(c.avatar('We are open nine to five.', t + 1.25))).status).toBe(200);

    const wentIdle = await idle;
    expect(wentIdle.endedAt).toBeNull();
    const closed = await ended;
    // Ended at the last activity (the avatar's reply), not when the sweep noticed.
    expect(closed.endedAt).toBe(new Date(Math.round((t + 1.25) * 1000)).toISOString());
    socket.close();

    const { session, analytics } = await eventually(async () => {
      const p = await page(c.sessionId);
      return p.analytics ? p : null;
    });
    expect(session?.status).toBe('ended');
    expect(analytics).toMatchObject({
      sessionId: c.sessionId,
      endedAt: closed.endedAt,
      userMessages: 1,
      avatarMessages: 1,
      userTurns: 1,
      answeredTurns: 1,
      responseMedianMs: 750,
      responseWorstMs: 750,
      alertsRaised: 0,
      repeatedQuestions: 0,
      // 40·1/8 + 30·1.25/300 + 30·1/5 = 5 + 0.125 + 6
      engagementScore: 11,
      qualityScore: 100,
    });
    expect(analytics!.durationSeconds).toBeCloseTo(1.25, 3);
    expect(analytics!.avgUserSentiment).not.toBeNull();
  });

  it('resolves a conversation alert when its session ends by inactivity, and counts it', async () => {
    const c = conversation();
    const t = Date.now() / 1000;
    await server.post({ ...c.join, timestamp: t });
    await server.post(c.user('This is terrible, I am really angry and frustrated!', t + 0.1));
    await server.post(c.avatar('I am sorry to hear that.', t + 0.2));
    await server.post(c.user('Awful service. I am furious.', t + 0.3));
    await server.post(c.avatar('Let me get someone for you.', t + 0.4));
    const resolved = await eventually(async () => {
      const list = (await server.getJson<{ alerts: AlertView[] }>(`/api/alerts?limit=50&session=${c.sessionId}`)).body.alerts;
      const frustration = list.find((a) => a.rule === 'frustration');
      return frustration?.state === 'resolved' ? frustration : null;
    }, 15_000, 'frustration alert resolved');
    expect(resolved.sessionId).toBe(c.sessionId);
    const { analytics } = await eventually(async () => {
      const p = await page(c.sessionId);
      return p.analytics ? p : null;
    });
    expect(analytics!.alertsRaised).toBeGreaterThanOrEqual(1);
    expect(analytics!.avgUserSentiment!).toBeLessThan(-0.3);
    expect(analytics!.qualityScore!).toBeLessThan(100);
  });

  it('computes analytics right away for a session_end, and again when a reopened session ends', async () => {
    const c = conversation();
    const t = Date.now() / 1000;
    await server.post({ ...c.join, timestamp: t });
    await server.post(c.user('Hi there', t + 0.1));
    await server.post(c.avatar('Hello! How can I help?', t + 0.3));
    await server.post(c.end(t + 0.4));
    const first = await eventually(async () => (await page(c.sessionId)).analytics, 2_000, 'analytics after session_end');
    expect(first).toMatchObject({ userMessages: 1, avatarMessages: 1, endedAt: new Date(Math.round((t + 0.4) * 1000)).toISOString() });

    // A kiosk: the same session id gets a new visitor; it reopens, then ends by inactivity.
    const later = Date.now() / 1000 + 0.5;
    await server.post(c.user('Is anyone there?', later));
    await eventually(async () => ((await page(c.sessionId)).session?.status === 'active' ? true : null), 5_000, 'reopened');
    const second = await eventually(async () => {
      const a = (await page(c.sessionId)).analytics;
      return a && a.endedAt !== first!.endedAt ? a : null;
    }, 15_000, 'analytics recomputed');
    expect(second).toMatchObject({ userMessages: 2, avatarMessages: 1, userTurns: 2, answeredTurns: 1, endedAt: new Date(Math.round(later * 1000)).toISOString() });
  });
});

describe('retention prune against a real PGlite database', () => {
  let dataDir: string;
  let db: Database;
  const DAY = 24 * 60 * 60 * 1000;
  const now = Date.UTC(2026, 11, 4, 12, 0, 0);
  const daysAgo = (d: number) => new Date(now - d * DAY);

  beforeAll(async () => {
    dataDir = tempDataDir();
    db = await openDatabase({ dataDir });
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  let seq = 0;
  async function event(status: string, receivedAt: Date): Promise<bigint> {
    const key = `retention-${++seq}`;
    const [row] = await db.query<{ id: bigint | string }>(
      `INSERT INTO webhook_events (source, event_type, raw_event_type, dedup_key, raw_body, payload, event_at, received_at, status)
       VALUES ('session', 'chat.push', 'chat.push', $1, '{}', '{}'::jsonb, $2, $2, $3) RETURNING id`,
      [key, receivedAt, status],
    );
    return BigInt(row.id);
  }
  async function session(id: string, status: string, lastActivityAt: Date) {
    await db.query(
      `INSERT INTO sessions (id, status, started_at, last_activity_at, ended_at, last_event_id) VALUES ($1, $2, $3, $3, $4, 0)`,
      [id, status, lastActivityAt, status === 'ended' ? lastActivityAt : null],
    );
  }
  async function message(sessionId: string, sentAt: Date) {
    const eventId = await event('processed', sentAt);
    await db.query(`INSERT INTO messages (session_id, event_id, role, text, sent_at) VALUES ($1, $2, 'user', 'hi', $3)`, [sessionId, String(eventId), sentAt]);
  }
  async function analytics(sessionId: string, endedAt: Date) {
    await db.prisma.sessionAnalytics.create({
      data: {
        sessionId, endedAt, computedAt: endedAt, durationSeconds: 1, userMessages: 0, avatarMessages: 0, userTurns: 0,
        answeredTurns: 0, alertsRaised: 0, repeatedQuestions: 0, engagementScore: 0,
      },
    });
  }

  it('deletes raw rows past RETENTION_RAW_DAYS in bounded batches, keeping pending and failed events', async () => {
    const oldProcessed = await Promise.all([1, 2, 3, 4, 5].map(() => event('processed', daysAgo(31))));
    const oldDead = await event('dead', daysAgo(40));
    const oldPending = await event('pending', daysAgo(60));
    const oldFailed = await event('failed', daysAgo(60));
    const recent = await event('processed', daysAgo(29));

    await session('s_old_gone', 'ended', daysAgo(401));
    await analytics('s_old_gone', daysAgo(401));
    await session('s_old_kept_open', 'active', daysAgo(401));
    await session('s_recent', 'ended', daysAgo(31));
    await message('s_recent', daysAgo(31)); // raw: goes
    await message('s_recent', daysAgo(29)); // raw: stays
    await analytics('s_recent', daysAgo(31));
    await session('s_talked_long_ago', 'ended', daysAgo(401));
    await message('s_talked_long_ago', daysAgo(401)); // goes first, then its session can go

    // batch of 2: every step has to loop
    const outcome = await pruneExpired(db, now, { rawDays: 30, aggregateDays: 400 }, 2);
    expect(outcome).toEqual({ events: 8, messages: 2, analytics: 1, sessions: 2 });

    const ids = (await db.query<{ id: bigint | string }>(`SELECT id FROM webhook_events ORDER BY id`)).map((r) => BigInt(r.id));
    for (const gone of [...oldProcessed, oldDead]) expect(ids).not.toContain(gone);
    expect(ids).toEqual(expect.arrayContaining([oldPending, oldFailed, recent]));
    expect((await db.prisma.message.findMany({ select: { sentAt: true } })).map((m) => m.sentAt)).toEqual([daysAgo(29)]);
    expect((await db.prisma.session.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((s) => s.id)).toEqual([
      's_old_kept_open',
      's_recent',
    ]);
    expect((await db.prisma.sessionAnalytics.findMany({ select: { sessionId: true } })).map((a) => a.sessionId)).toEqual(['s_recent']);

    // A second run finds nothing more.
    expect(await pruneExpired(db, now, { rawDays: 30, aggregateDays: 400 }, 2)).toEqual({ events: 0, messages: 0, analytics: 0, sessions: 0 });
  });
});
