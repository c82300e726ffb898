import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricSeries } from '../../lib/metrics';
import { conversationStream } from '../../scripts/simulator/conversation';
import { chatPushEvent, roomJoinEvent, sessionEndEvent, type SessionEvent } from '../../scripts/simulator/events';
import { eventually, startServer, type TestServer } from '../helpers/server';

/**
 * The simulator's traffic for one hour, on a compressed clock: six concurrent session slots play
 * their conversations with the simulator's own delays, but the events are stamped with simulated
 * times and posted as fast as the server takes them. The chart buckets must then add up to exactly
 * what was stored.
 */

const HOUR = 3_600_000;

function simulatedHour(start: number, slots = 6): SessionEvent[] {
  const events: SessionEvent[] = [];
  for (let slot = 0; slot < slots; slot++) {
    const next = conversationStream('simulated-hour', slot);
    let t = start + slot * 7_000;
    while (t < start + HOUR) {
      const conv = next();
      events.push(roomJoinEvent(conv, t));
      for (const turn of conv.turns) {
        t += turn.delaySec * 1000;
        events.push(chatPushEvent(conv, turn, t));
      }
      t += conv.endDelaySec * 1000;
      events.push(sessionEndEvent(conv, t));
      t += 1000;
    }
  }
  return events;
}

describe('a simulated hour of traffic', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { WEBHOOK_RATE_LIMIT: '0' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('yields buckets whose totals equal the stored events, per type and per agent', async () => {
    const start = Math.floor((Date.now() - 3 * HOUR) / HOUR) * HOUR;
    const events = simulatedHour(start).filter((e) => e.timestamp * 1000 < start + HOUR);
    expect(events.length).toBeGreaterThan(1000);
    for (let i = 0; i < events.length; i += 50) {
      const answers = await Promise.all(events.slice(i, i + 50).map((e) => server.post(e)));
      expect(answers.every((r) => r.status === 200)).toBe(true);
    }

    const expected = new Map<string, number>();
    const add = (key: string) => expected.set(key, (expected.get(key) ?? 0) + 1);
    for (const e of events) {
      const type = e.event_type === 'session_end' ? 'session.end' : e.event_type;
      add(`events.${type}`);
      add(`events.${type}@${e.agent_id}`);
      if (type === 'chat.push') add(`messages.${(e.data as { role: string }).role}`);
      if (type === 'room.join') add('sessions.new');
    }

    const metrics = ['events.room.join', 'events.chat.push', 'events.session.end', 'messages.user', 'messages.assistant', 'sessions.new'];
    const total = (series: MetricSeries, metric: string) => series.points.reduce((n, p) => n + (p.values[metric]?.sum ?? 0), 0);
    const read = async (agent?: string) =>
      (
        await server.getJson<MetricSeries>(
          `/api/metrics/series?metrics=${metrics.join(',')}&from=${new Date(start).toISOString()}&to=${new Date(start + HOUR).toISOString()}&step=hour${agent ? `&agent=${agent}` : ''}`,
        )
      ).body;
    const all = await eventually(async () => {
      const s = await read();
      return total(s, 'events.chat.push') === expected.get('events.chat.push') ? s : null;
    }, 30_000, 'processing to catch up');
    for (const m of metrics) expect({ m, total: total(all, m) }).toEqual({ m, total: expected.get(m) ?? 0 });

    const { body } = await server.getJson('/api/events?limit=1');
    expect(Object.values(body.byStatus as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(events.length);

    for (const agent of new Set(events.map((e) => e.agent_id))) {
      const s = await read(agent);
      for (const type of ['room.join', 'chat.push', 'session.end'])
        expect({ agent, type, total: total(s, `events.${type}`) }).toEqual({ agent, type, total: expected.get(`events.${type}@${agent}`) ?? 0 });
    }
  }, 120_000);
});
