import { STEP_MS, type MetricPoint, type MetricSeries, type MetricStep, type MetricValue } from '../../../lib/metrics';
import { ALL_AGENTS } from '../../processing/metric-buckets';
import type { SqlRunner } from '../client';

export interface SeriesRequest {
  /** names, prefix wildcards such as `events.*`, or `*` for every metric */
  metrics: string[];
  from: Date;
  to: Date;
  /** null = all agents */
  agent: string | null;
  step: MetricStep;
}

const alignDown = (ms: number, step: MetricStep) => Math.floor(ms / STEP_MS[step]) * STEP_MS[step];

/**
 * A chart series from the buckets, grouped by step in SQL so the answer is one row per
 * (step, metric): minute steps read minute buckets (and hours already rolled up, marked
 * `span: 'hour'`), hour and day steps read hour buckets plus the minutes not rolled up yet.
 * Points are dense from `from` to `to`; every metric has a value in every point (0 when empty).
 */
export async function getMetricSeries(db: SqlRunner, req: SeriesRequest): Promise<MetricSeries> {
  const wildcard = (m: string) => m === '*' || m.endsWith('.*');
  const exact = req.metrics.filter((m) => !wildcard(m));
  const prefixes = req.metrics.filter(wildcard).map((m) => `${m.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%`);
  // Hour buckets that start before `from` still overlap it on a minute series; align to their hour.
  const fromMs = alignDown(req.from.getTime(), req.step === 'minute' ? 'hour' : req.step);
  const firstPoint = alignDown(req.from.getTime(), req.step);
  const stepSeconds = STEP_MS[req.step] / 1000;
  const rows = await db.query<{ t: Date; metric: string; has_hour: boolean; sum: unknown; count: unknown; max: unknown }>(
    `SELECT to_timestamp(floor(extract(epoch FROM bucket_start) / $6) * $6) AS t, metric,
            bool_or(resolution = 'hour') AS has_hour, sum(sum) AS sum, sum(count) AS count, max(max) AS max
     FROM metric_buckets
     WHERE agent_id = $1 AND (metric = ANY($2::text[]) OR metric LIKE ANY($3::text[]))
       AND bucket_start >= $4 AND bucket_start < $5
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [req.agent ?? ALL_AGENTS, exact, prefixes, new Date(fromMs), req.to, stepSeconds],
  );

  const metrics = [...new Set([...exact, ...rows.map((r) => r.metric)])].sort();
  const empty = (): Record<string, MetricValue> => Object.fromEntries(metrics.map((m) => [m, { sum: 0, count: 0, max: null }]));
  const points = new Map<number, MetricPoint>();
  for (let t = firstPoint; t < req.to.getTime(); t += STEP_MS[req.step]) points.set(t, { t: new Date(t).toISOString(), values: empty() });
  for (const r of rows) {
    const t = new Date(r.t).getTime();
    let point = points.get(t);
    if (!point) points.set(t, (point = { t: new Date(t).toISOString(), values: empty() })); // an hour that starts before `from`
    if (r.has_hour && req.step === 'minute') point.span = 'hour';
    point.values[r.metric] = { sum: Number(r.sum), count: Number(r.count), max: r.max === null ? null : Number(r.max) };
  }
  return {
    step: req.step,
    from: new Date(firstPoint).toISOString(),
    to: req.to.toISOString(),
    agent: req.agent,
    metrics,
    points: [...points.entries()].sort(([a], [b]) => a - b).map(([, p]) => p),
  };
}
