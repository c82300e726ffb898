import { describe, expect, it } from 'vitest';
import { capacityLevel, counter, gauge, isEmpty, mergePoints, rows, totalsByPrefix, withLiveValue } from '@/lib/chart-data';
import type { MetricPoint, MetricSeries } from '@/lib/metrics';

const MIN = 60_000;
const t0 = Date.parse('2026-12-04T10:00:00Z');
const at = (m: number) => new Date(t0 + m * MIN).toISOString();

function point(m: number, values: Record<string, [number, number]>): MetricPoint {
  return { t: at(m), values: Object.fromEntries(Object.entries(values).map(([k, [sum, count]]) => [k, { sum, count, max: count ? sum : null }])) };
}

function series(points: MetricPoint[], metrics = ['messages.user']): MetricSeries {
  return { step: 'minute', from: points[0].t, to: at(points.length), agent: null, metrics, points };
}

describe('capacityLevel()', () => {
  it('is ok below 80 % of the limit, warn from 80 %, over at the limit and beyond', () => {
    expect(capacityLevel(7, 10)).toBe('ok');
    expect(capacityLevel(8, 10)).toBe('warn');
    expect(capacityLevel(1, 2)).toBe('ok');
    expect(capacityLevel(2, 2)).toBe('over');
    expect(capacityLevel(3, 2)).toBe('over');
  });
});

describe('chart rows', () => {
  it('reads a counter as its sum and a gauge as its mean sample, null when never sampled', () => {
    const p = point(0, { 'messages.user': [3, 3], 'sessions.active': [10, 4] });
    expect(counter(p, 'messages.user', 'messages.assistant')).toBe(3);
    expect(gauge(p, 'sessions.active')).toBe(2.5);
    expect(gauge(point(1, {}), 'sessions.active')).toBeNull();
  });

  it('counts a chart of zeros and nulls as empty', () => {
    const data = rows(series([point(0, { 'messages.user': [0, 0] })]), (p) => ({ n: counter(p, 'messages.user'), g: gauge(p, 'x') }));
    expect(isEmpty(data, ['n', 'g'])).toBe(true);
  });

  it('totals alert rules over the range, largest first, leaving out rules that never fired', () => {
    const s = series(
      [point(0, { 'alerts.repeat': [1, 1], 'alerts.frustration': [2, 2], 'alerts.capacity': [0, 0] }), point(1, { 'alerts.repeat': [2, 2] })],
      ['alerts.capacity', 'alerts.frustration', 'alerts.repeat'],
    );
    expect(totalsByPrefix(s, 'alerts.')).toEqual([
      { name: 'repeat', total: 3 },
      { name: 'frustration', total: 2 },
    ]);
  });
});

describe('withLiveValue()', () => {
  const data = [{ t: t0, a: 1 }, { t: t0 + MIN, a: 2 }];
  it('replaces the current minute, appends a new one, and ignores a time older than the last row', () => {
    expect(withLiveValue(data, 'a', t0 + MIN + 5_000, MIN, 7).at(-1)).toEqual({ t: t0 + MIN, a: 7 });
    expect(withLiveValue(data, 'a', t0 + 2 * MIN + 1, MIN, 9)).toHaveLength(3);
    expect(withLiveValue(data, 'a', t0 - MIN, MIN, 9)).toBe(data);
  });
});

describe('mergePoints()', () => {
  it('keeps the fresher reading of a bucket whichever arrived first', () => {
    const fetched = series([point(0, { 'messages.user': [1, 1] }), point(1, { 'messages.user': [4, 4] })]);
    const merged = mergePoints(fetched, [point(1, { 'messages.user': [2, 2] })]);
    expect(merged.points[1].values['messages.user'].sum).toBe(4);
    const fresher = mergePoints(fetched, [point(1, { 'messages.user': [6, 6] })]);
    expect(fresher.points[1].values['messages.user'].sum).toBe(6);
  });

  it('appends a new minute and drops the oldest, so the window keeps its length', () => {
    const fetched = series([point(0, { 'messages.user': [1, 1] }), point(1, { 'messages.user': [1, 1] })]);
    const merged = mergePoints(fetched, [point(2, { 'messages.user': [5, 5] })]);
    expect(merged.points.map((p) => p.t)).toEqual([at(1), at(2)]);
    expect(merged.to).toBe(at(3));
  });

  it('changes nothing for a push without the series’ metrics', () => {
    const fetched = series([point(0, { 'messages.user': [1, 1] })]);
    expect(mergePoints(fetched, [point(0, { '*': [0, 0] })])).toBe(fetched);
  });
});
