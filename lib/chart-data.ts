import type { MetricPoint, MetricSeries, MetricValue } from './metrics';

/**
 * Pure shaping of metric series for the dashboard's charts: a counter reads its bucket's sum, a
 * gauge (sessions.active) its average sample, a duration (response_ms) its mean and worst.
 * Charts plot `t` as epoch ms so a time axis spaces points by time, not by index.
 */

export type ChartRow = { t: number } & Record<string, number | null>;

const zero: MetricValue = { sum: 0, count: 0, max: null };

export function valueOf(point: MetricPoint, metric: string): MetricValue {
  return point.values[metric] ?? zero;
}

/** A counter in one bucket: how many happened. */
export function counter(point: MetricPoint, ...metrics: string[]): number {
  let n = 0;
  for (const m of metrics) n += valueOf(point, m).sum;
  return n;
}

/** A gauge in one bucket: its mean sample, or null when nothing was sampled. */
export function gauge(point: MetricPoint, metric: string): number | null {
  const v = valueOf(point, metric);
  return v.count > 0 ? v.sum / v.count : null;
}

/** A duration in one bucket: mean and worst, null when nothing was measured. */
export function duration(point: MetricPoint, metric: string): { avg: number | null; worst: number | null } {
  const v = valueOf(point, metric);
  return v.count > 0 ? { avg: v.sum / v.count, worst: v.max } : { avg: null, worst: null };
}

/** One chart row per point, with the columns `pick` computes. */
export function rows(series: MetricSeries | null, pick: (p: MetricPoint) => Record<string, number | null>): ChartRow[] {
  if (!series) return [];
  return series.points.map((p) => ({ t: Date.parse(p.t), ...pick(p) }));
}

/** Totals over a series per metric, for the metrics that start with `prefix`, largest first. */
export function totalsByPrefix(series: MetricSeries | null, prefix: string): { name: string; total: number }[] {
  if (!series) return [];
  const totals = new Map<string, number>();
  for (const m of series.metrics) if (m.startsWith(prefix)) totals.set(m.slice(prefix.length), 0);
  for (const p of series.points) for (const [name] of totals) totals.set(name, (totals.get(name) ?? 0) + valueOf(p, prefix + name).sum);
  return [...totals.entries()]
    .map(([name, total]) => ({ name, total }))
    .filter((r) => r.total > 0)
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
}

/** True when no column of any row holds a value other than 0 or null: the chart has nothing to say. */
export function isEmpty(data: readonly ChartRow[], columns: readonly string[]): boolean {
  return !data.some((r) => columns.some((c) => (r[c] ?? 0) !== 0));
}

/** The last non-null value of a column (the live figure a chart ends on). */
export function latest(data: readonly ChartRow[], column: string): number | null {
  for (let i = data.length - 1; i >= 0; i--) {
    const v = data[i][column];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

export function sum(data: readonly ChartRow[], column: string): number {
  let n = 0;
  for (const r of data) n += r[column] ?? 0;
  return n;
}

/**
 * Sets the row holding `at` to `value` in `column`, or appends a row for it: the live gauge from
 * the socket overrides the minute sample, which the server only takes once a minute.
 */
export function withLiveValue(data: readonly ChartRow[], column: string, at: number, stepMs: number, value: number): ChartRow[] {
  const start = Math.floor(at / stepMs) * stepMs;
  const last = data[data.length - 1];
  if (last && last.t === start) return [...data.slice(0, -1), { ...last, [column]: value }];
  if (last && last.t > start) return data as ChartRow[];
  return [...data, { t: start, [column]: value } as ChartRow];
}

/** Of two readings of one bucket, the later one has taken more samples (buckets only grow). */
function newer(a: MetricValue | undefined, b: MetricValue): MetricValue {
  if (!a) return b;
  return b.count > a.count || (b.count === a.count && b.sum > a.sum) ? b : a;
}

/**
 * A minute series with pushed points (the realtime `metrics:tick`) merged in: a bucket's fresher
 * reading wins whichever arrived first, a new minute is appended, and the window keeps its length
 * by dropping its oldest points.
 */
export function mergePoints(series: MetricSeries, pushed: readonly MetricPoint[]): MetricSeries {
  if (pushed.length === 0 || series.step !== 'minute') return series;
  const byT = new Map(series.points.map((p) => [Date.parse(p.t), p]));
  const length = series.points.length;
  let changed = false;
  for (const p of pushed) {
    const t = Date.parse(p.t);
    const known = byT.get(t);
    if (!known && series.points.length > 0 && t < Date.parse(series.points[0].t)) continue;
    const values: Record<string, MetricValue> = { ...(known?.values ?? {}) };
    for (const m of series.metrics) {
      const incoming = p.values[m];
      if (!incoming) continue;
      const kept = newer(values[m], incoming);
      if (kept !== values[m]) {
        values[m] = kept;
        changed = true;
      }
    }
    if (!known) {
      for (const m of series.metrics) values[m] ??= { sum: 0, count: 0, max: null };
      changed = true;
    }
    byT.set(t, { ...(known ?? { t: new Date(t).toISOString() }), values });
  }
  if (!changed) return series;
  const points = [...byT.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
  const kept = length > 0 ? points.slice(-length) : points;
  const last = Date.parse(kept[kept.length - 1].t) + 60_000;
  return { ...series, from: kept[0].t, to: new Date(Math.max(last, Date.parse(series.to))).toISOString(), points: kept };
}

export type CapacityLevel = 'ok' | 'warn' | 'over';

/** Amber from 80 % of the limit, red at the limit and beyond. */
export function capacityLevel(active: number, limit: number): CapacityLevel {
  if (limit <= 0) return active > 0 ? 'over' : 'ok';
  const used = active / limit;
  return used >= 1 ? 'over' : used >= 0.8 ? 'warn' : 'ok';
}
