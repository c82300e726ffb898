import { describe, expect, it } from 'vitest';
import { chooseStep } from '../../lib/metrics';
import { addSample, batchBuckets, bucketKey, bucketStart, sentimentBucket, type Bucket } from '../../server/processing/metric-buckets';
import { rollUp, rollUpCutoff } from '../../server/processing/rollup';

const at = (iso: string) => new Date(iso);
const byKey = (buckets: Bucket[]) => Object.fromEntries(buckets.map((b) => [bucketKey(b), b]));

describe('bucketStart()', () => {
  it('floors to the UTC minute and hour', () => {
    expect(bucketStart(at('2026-12-04T10:17:59.999Z'), 'minute').toISOString()).toBe('2026-12-04T10:17:00.000Z');
    expect(bucketStart(at('2026-12-04T10:17:59.999Z'), 'hour').toISOString()).toBe('2026-12-04T10:00:00.000Z');
    expect(bucketStart(at('2026-12-04T10:00:00.000Z'), 'hour').toISOString()).toBe('2026-12-04T10:00:00.000Z');
  });
});

describe('bucketKey()', () => {
  it('differs by resolution, start, agent and metric, and only by them', () => {
    const base: Bucket = { resolution: 'minute', bucketStart: at('2026-12-04T10:17:00Z'), agentId: 'a', metric: 'messages.user', sum: 1, count: 1, max: 1 };
    const keys = new Set([
      bucketKey(base),
      bucketKey({ ...base, resolution: 'hour' }),
      bucketKey({ ...base, bucketStart: at('2026-12-04T10:18:00Z') }),
      bucketKey({ ...base, agentId: '' }),
      bucketKey({ ...base, metric: 'messages.assistant' }),
    ]);
    expect(keys.size).toBe(5);
    const other: Bucket = { ...base, sum: 99, count: 7, max: 12 };
    expect(bucketKey(other)).toBe(bucketKey(base));
  });
});

describe('addSample()', () => {
  it('counts a sample for its agent and for all agents, and a sample without agent only for all', () => {
    const into = new Map<string, Bucket>();
    addSample(into, { at: at('2026-12-04T10:17:05Z'), agentId: 'a', metric: 'response_ms', value: 800 });
    addSample(into, { at: at('2026-12-04T10:17:40Z'), agentId: 'a', metric: 'response_ms', value: 2400 });
    addSample(into, { at: at('2026-12-04T10:17:50Z'), agentId: null, metric: 'response_ms', value: 100 });
    const rows = [...into.values()];
    expect(rows).toHaveLength(2);
    expect(rows.find((b) => b.agentId === 'a')).toMatchObject({ sum: 3200, count: 2, max: 2400 });
    expect(rows.find((b) => b.agentId === '')).toMatchObject({ sum: 3300, count: 3, max: 2400 });
  });
});

describe('batchBuckets()', () => {
  it('turns a batch into one bucket per minute, agent and metric with the right counts', () => {
    const t = '2026-12-04T10:17:';
    const buckets = byKey(
      batchBuckets({
        events: [
          { type: 'room.join', agentId: 'a', at: at(`${t}01Z`) },
          { type: 'chat.push', agentId: 'a', at: at(`${t}02Z`) },
          { type: 'chat.push', agentId: 'b', at: at(`${t}03Z`) },
        ],
        messages: [
          { role: 'user', agentId: 'a', sentAt: at(`${t}02Z`), sentiment: -0.6 },
          { role: 'assistant', agentId: 'b', sentAt: at(`${t}03Z`), sentiment: 0.4 },
        ],
        newSessions: [{ agentId: 'a', startedAt: at(`${t}01Z`) }],
        responses: [{ agentId: 'b', at: at(`${t}03Z`), ms: 1500 }],
      }),
    );
    const get = (agentId: string, metric: string) => buckets[`minute|2026-12-04T10:17:00.000Z|${agentId}|${metric}`];
    expect(get('', 'events.chat.push')).toMatchObject({ sum: 2, count: 2 });
    expect(get('a', 'events.chat.push')).toMatchObject({ sum: 1, count: 1 });
    expect(get('', 'events.room.join').sum).toBe(1);
    expect(get('a', 'messages.user').sum).toBe(1);
    expect(get('b', 'messages.assistant').sum).toBe(1);
    expect(get('a', 'sentiment.negative').sum).toBe(1);
    expect(get('b', 'sentiment.positive')).toBeUndefined(); // only user messages make the histogram
    expect(get('', 'sessions.new').sum).toBe(1);
    expect(get('b', 'response_ms')).toMatchObject({ sum: 1500, count: 1, max: 1500 });
  });

  it('sorts sentiment at ±0.05', () => {
    expect([-0.5, -0.051, -0.05, 0, 0.05, 0.051].map(sentimentBucket)).toEqual(['negative', 'negative', 'neutral', 'neutral', 'neutral', 'positive']);
  });
});

describe('rollUp()', () => {
  const minute = (iso: string, metric: string, sum: number, count: number, max: number, agentId = ''): Bucket => ({
    resolution: 'minute',
    bucketStart: at(iso),
    agentId,
    metric,
    sum,
    count,
    max,
  });

  it('adds sums and counts and keeps the largest max per hour, agent and metric', () => {
    const hours = byKey(
      rollUp([
        minute('2026-12-04T10:00:00Z', 'response_ms', 3000, 3, 2000),
        minute('2026-12-04T10:59:00Z', 'response_ms', 9000, 2, 6000),
        minute('2026-12-04T11:00:00Z', 'response_ms', 500, 1, 500),
        minute('2026-12-04T10:30:00Z', 'response_ms', 100, 1, 100, 'a'),
      ]),
    );
    expect(Object.keys(hours)).toHaveLength(3);
    expect(hours['hour|2026-12-04T10:00:00.000Z||response_ms']).toMatchObject({ sum: 12000, count: 5, max: 6000 });
    expect(hours['hour|2026-12-04T11:00:00.000Z||response_ms']).toMatchObject({ sum: 500, count: 1, max: 500 });
    expect(hours['hour|2026-12-04T10:00:00.000Z|a|response_ms']).toMatchObject({ sum: 100, count: 1, max: 100 });
  });

  it('makes the active-sessions gauge the hourly average (sum / count) with its peak as max', () => {
    const samples = Array.from({ length: 60 }, (_, i) => minute(`2026-12-04T10:${String(i).padStart(2, '0')}:00Z`, 'sessions.active', i < 30 ? 2 : 6, 1, i < 30 ? 2 : 6));
    const [hour] = rollUp(samples);
    expect(hour).toMatchObject({ resolution: 'hour', sum: 240, count: 60, max: 6 });
    expect(hour.sum / hour.count).toBe(4);
  });

  it('rolls up only hours that began seven hours ago or earlier, so 6-hour minute charts keep their minutes', () => {
    expect(rollUpCutoff(Date.parse('2026-12-04T12:59:00Z')).toISOString()).toBe('2026-12-04T05:00:00.000Z');
    expect(rollUpCutoff(Date.parse('2026-12-04T13:00:00Z')).toISOString()).toBe('2026-12-04T06:00:00.000Z');
  });
});

describe('chooseStep()', () => {
  const h = 3_600_000;
  it('uses minutes up to 6 hours, hours up to 31 days, days beyond', () => {
    expect(chooseStep('auto', 0, 6 * h)).toBe('minute');
    expect(chooseStep('auto', 0, 6 * h + 1)).toBe('hour');
    expect(chooseStep('auto', 0, 31 * 24 * h)).toBe('hour');
    expect(chooseStep('auto', 0, 31 * 24 * h + 1)).toBe('day');
  });
  it('keeps an explicit step', () => {
    expect(chooseStep('hour', 0, h)).toBe('hour');
    expect(chooseStep('minute', 0, 20 * h)).toBe('minute');
  });
});
