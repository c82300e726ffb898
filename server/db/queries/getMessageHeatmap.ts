import type { MessageHeatmap } from '../../../lib/metrics';
import { ALL_AGENTS } from '../../processing/metric-buckets';
import type { SqlRunner } from '../client';

/**
 * Messages (user and avatar) by weekday × hour of day, from the buckets (hour buckets plus minutes
 * not rolled up yet), shifted by `tzOffsetMinutes` so the grid reads in the operator's time zone.
 */
export async function getMessageHeatmap(
  db: SqlRunner,
  req: { from: Date; to: Date; agent: string | null; tzOffsetMinutes: number },
): Promise<MessageHeatmap> {
  const rows = await db.query<{ weekday: unknown; hour: unknown; n: unknown }>(
    `SELECT extract(dow FROM local) AS weekday, extract(hour FROM local) AS hour, sum(sum) AS n
     FROM (SELECT (bucket_start AT TIME ZONE 'UTC') + make_interval(mins => $4) AS local, sum
           FROM metric_buckets
           WHERE agent_id = $1 AND metric IN ('messages.user', 'messages.assistant') AND bucket_start >= $2 AND bucket_start < $3) b
     GROUP BY 1, 2`,
    [req.agent ?? ALL_AGENTS, req.from, req.to, req.tzOffsetMinutes],
  );
  const counts = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    counts[Number(r.weekday)][Number(r.hour)] += n;
    total += n;
  }
  return {
    from: req.from.toISOString(),
    to: req.to.toISOString(),
    agent: req.agent,
    tzOffsetMinutes: req.tzOffsetMinutes,
    counts,
    max: Math.max(0, ...counts.flat()),
    total,
  };
}
