import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapacitySnapshot, MessageHeatmap, MetricSeries } from '../../lib/metrics';
import type { Database } from '../../server/db/client';
import { openDatabase } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';
import { getMetricSeries } from '../../server/db/queries/getMetricSeries';
import { parseWebhook } from '../../server/ingest/normalize';
import { EventStore } from '../../server/ingest/store';
import { logger } from '../../server/logger';
import { Processor } from '../../server/processing/processor';
import { rollUpMinuteBuckets } from '../../server/processing/rollup';
import { conversation } from '../helpers/fixtures';
import { eventually, startServer, tempDataDir, type TestServer } from '../helpers/server';

const HOUR = 3_600_000;
/** sum of one metric over every point of a series */
const total = (s: MetricSeries, metric: string) => s.points.reduce((n, p) => n + (p.values[metric]?.sum ?? 0), 0);

/** A compressed hour: one conversation per minute for 60 minutes, `hoursAgo` hours back. */
function simulatedHour(agentId: string, hoursAgo: number) {
  const start = Math.floor((Date.now() - hoursAgo * HOUR) / HOUR) * HOUR;
  const events: unknown[] = [];
  for (let i = 0; i < 60; i++) {
    const c = conversation(`hour_${agentId}_${start}_${i}`, agentId);
    const t = (start + i * 60_000 + 5_000) / 1000;
    events.push({ ...c.join, timestamp: t }, c.user(`question ${i}: this is terrible`, t + 1), c.avatar(`answer ${i}`, t + 3.5));
    if (i % 2 === 0) events.push(c.user(`thanks, great ${i}`, t + 10));
  }
  // per minute: join, 1–2 user messages, 1 reply (2.5 s after the first user message)
  return { start, events, users: 90, avatars: 60, joins: 60 };
}

describe('metric buckets against the real server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { CAPACITY_LIMITS: 'agent_m_a=3', ALERT_CAPACITY_PER_AGENT: '7' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const series = async (query: string) => {
    const res = await server.getJson<MetricSeries>(`/api/metrics/series?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  it('counts exactly what was posted, per event type, per agent and for all agents; capacity matches the open sessions', async () => {
    const from = new Date(Date.now() - 10 * 60_000).toISOString();
    const to = new Date(Date.now() + 10 * 60_000).toISOString();
    const a1 = conversation(undefined, 'agent_m_a');
    const a2 = conversation(undefined, 'agent_m_a');
    const b1 = conversation(undefined, 'agent_m_b');
    const posted = [
      a1.join, a1.user('hello there'), a1.avatar('hi, how can I help?'), a1.user('I hate this, it is awful'),
      a2.join, a2.user('what are your hours?'),
      b1.join, b1.user('great, thank you'), b1.avatar('you are welcome'), b1.end(),
    ];
    for (const body of posted) expect((await server.post(body)).status).toBe(200);
    const range = `from=${from}&to=${to}`;

    const all = await eventually(async () => {
      const s = await series(`metrics=events.*&${range}`);
      return s.metrics.reduce((n, m) => n + total(s, m), 0) === posted.length && s;
    }, 15_000, 'all events counted');
    expect(all.step).toBe('minute');
    expect(total(all, 'events.room.join')).toBe(3);
    expect(total(all, 'events.chat.push')).toBe(6);
    expect(total(all, 'events.session.end')).toBe(1);

    const a = await series(`metrics=events.*,messages.user,messages.assistant,sessions.new,sentiment.*,response_ms&agent=agent_m_a&${range}`);
    expect([total(a, 'events.room.join'), total(a, 'events.chat.push'), total(a, 'events.session.end')]).toEqual([2, 4, 0]);
    expect([total(a, 'messages.user'), total(a, 'messages.assistant'), total(a, 'sessions.new')]).toEqual([3, 1, 2]);
    expect(total(a, 'sentiment.negative')).toBe(1);
    expect(total(a, 'sentiment.negative') + total(a, 'sentiment.neutral') + total(a, 'sentiment.positive')).toBe(3);
    const response = a.points.map((p) => p.values.response_ms).filter((v) => v.count > 0);
    expect(response.reduce((n, v) => n + v.count, 0)).toBe(1);
    expect(response.reduce((n, v) => n + v.sum, 0)).toBeCloseTo(1000, 0); // reply 1 s after the question

    const b = await series(`metrics=messages.user,messages.assistant,sessions.new&agent=agent_m_b&${range}`);
    expect([total(b, 'messages.user'), total(b, 'messages.assistant'), total(b, 'sessions.new')]).toEqual([1, 1, 1]);
    const overall = await series(`metrics=messages.user,messages.assistant&${range}`);
    expect([total(overall, 'messages.user'), total(overall, 'messages.assistant')]).toEqual([4, 2]);

    const cap = await server.getJson<CapacitySnapshot>('/api/capacity');
    expect(cap.status).toBe(200);
    const agentA = cap.body.agents.find((x) => x.agentId === 'agent_m_a')!;
    expect(agentA).toMatchObject({ activeSessions: 2, participants: 4, limit: 3, free: 1 });
    expect(agentA.peakToday).toBeGreaterThanOrEqual(2);
    expect(cap.body.agents.find((x) => x.agentId === 'agent_m_b')).toMatchObject({ activeSessions: 0, limit: 7 });
    expect(cap.body.rooms).toEqual([{ roomName: 'support-room', agentId: 'agent_m_a', activeSessions: 2, idleSessions: 0, participants: 4 }]);
    expect(cap.body.totals).toMatchObject({ activeSessions: 2, participants: 4 });
  });

  it('totals a simulated hour of past events exactly, by hour and by minute, and in the heatmap', async () => {
    const hour = simulatedHour('agent_m_hour', 5);
    for (const body of hour.events) expect((await server.post(body)).status).toBe(200);
    const range = `from=${new Date(hour.start).toISOString()}&to=${new Date(hour.start + HOUR).toISOString()}&agent=agent_m_hour`;
    const byHour = await eventually(async () => {
      const s = await series(`metrics=messages.user,messages.assistant,events.room.join,sessions.new,response_ms&step=hour&${range}`);
      return total(s, 'messages.user') === hour.users && total(s, 'messages.assistant') === hour.avatars && s;
    }, 20_000, 'the hour counted');
    expect(byHour.points).toHaveLength(1);
    expect(total(byHour, 'events.room.join')).toBe(hour.joins);
    expect(total(byHour, 'sessions.new')).toBe(hour.joins);
    expect(byHour.points[0].values.response_ms).toEqual({ sum: 60 * 2500, count: 60, max: 2500 });

    const byMinute = await series(`metrics=messages.user&step=minute&${range}`);
    expect(byMinute.points.length).toBeGreaterThanOrEqual(60);
    expect(total(byMinute, 'messages.user')).toBe(hour.users);

    const heat = await server.getJson<MessageHeatmap>(`/api/metrics/heatmap?${range}`);
    const d = new Date(hour.start);
    expect(heat.body.total).toBe(hour.users + hour.avatars);
    expect(heat.body.counts[d.getUTCDay()][d.getUTCHours()]).toBe(hour.users + hour.avatars);
  });

  it('refuses a bad series request with the one error shape', async () => {
    const res = await server.getJson('/api/metrics/series?metrics=DROP TABLE');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    const tooLong = await server.getJson(`/api/metrics/series?metrics=messages.user&step=minute&from=${new Date(Date.now() - 3 * 86_400_000).toISOString()}`);
    expect(tooLong.status).toBe(400);
    expect((await server.getJson('/api/capacity', '')).status).toBe(401);
  });
});

describe('roll-up against a real PGlite database', () => {
  let dataDir: string;
  let db: Database;
  beforeAll(async () => {
    dataDir = tempDataDir();
    db = await openDatabase({ dataDir });
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('folds minute buckets older than seven hours into hour buckets and keeps every total', async () => {
    const store = new EventStore(db);
    const processor = new Processor({ db, logger: logger.child({}, { level: 'silent' }), maxAttempts: 3, publish: () => {} });
    const hour = simulatedHour('agent_roll', 9);
    for (const body of hour.events) {
      const parsed = parseWebhook(Buffer.from(JSON.stringify(body)), {}, Date.now());
      if (!parsed.ok) throw new Error(parsed.message);
      processor.enqueue((await store.store(parsed.event, parsed.dedupKey, JSON.stringify(body))).id!);
    }
    await processor.idle();
    const read = (step: 'minute' | 'hour') =>
      getMetricSeries(db, { metrics: ['*'], from: new Date(hour.start), to: new Date(hour.start + HOUR), agent: 'agent_roll', step });
    const minuteRows = async () => Number((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM metric_buckets WHERE resolution = 'minute'`))[0].n);

    const before = await read('hour');
    expect(total(before, 'messages.user')).toBe(hour.users);
    expect(await minuteRows()).toBeGreaterThan(0);

    expect(await rollUpMinuteBuckets(db, Date.now())).toBeGreaterThan(0);
    expect(await minuteRows()).toBe(0);
    const after = await read('hour');
    expect(after.metrics).toEqual(before.metrics);
    for (const m of after.metrics) expect(after.points[0].values[m], m).toEqual(before.points[0].values[m]);
    expect(after.points[0].values.response_ms).toEqual({ sum: 60 * 2500, count: 60, max: 2500 });
    // A minute series over rolled-up time shows the hour, marked as such.
    const minute = await read('minute');
    expect(minute.points[0]).toMatchObject({ span: 'hour' });
    expect(total(minute, 'messages.user')).toBe(hour.users);
    // Running again moves nothing and changes nothing.
    expect(await rollUpMinuteBuckets(db, Date.now())).toBe(0);
    expect(total(await read('hour'), 'messages.user')).toBe(hour.users);
  });
});
