import { z } from 'zod';
import { chooseStep, MAX_RANGE_MS, METRIC_NAME } from '@/lib/metrics';
import { getMetricSeries } from '@/server/db/queries/getMetricSeries';
import { authorize, badRequest, json, parseQuery } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** ISO time or milliseconds since the epoch. */
const instant = z.union([z.coerce.number().int().positive(), z.iso.datetime({ offset: true })]).transform((v) => new Date(v));

const query = z.object({
  metrics: z
    .string()
    .transform((v) => [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(200).regex(METRIC_NAME, 'expected names such as messages.user or events.*')).min(1).max(30)),
  from: instant.optional(),
  to: instant.optional(),
  agent: z.string().min(1).max(200).optional(),
  step: z.enum(['minute', 'hour', 'day', 'auto']).default('auto'),
});

/** GET /api/metrics/series: chart series from the pre-aggregated buckets (default: the last hour). */
export async function GET(request: Request) {
  const { error } = authorize('view');
  if (error) return error;
  const { query: q, error: invalid } = parseQuery(request, query);
  if (invalid) return invalid;
  const to = q.to ?? new Date();
  const from = q.from ?? new Date(to.getTime() - 3_600_000);
  if (from >= to) return badRequest('from: must be before to');
  const step = chooseStep(q.step, from.getTime(), to.getTime());
  if (to.getTime() - from.getTime() > MAX_RANGE_MS[step])
    return badRequest(`step: a ${step} series covers at most ${MAX_RANGE_MS[step] / 3_600_000} hours; choose a longer step or a shorter range`);
  const { db } = getRegistry();
  return json(await getMetricSeries(db, { metrics: q.metrics, from, to, agent: q.agent ?? null, step }));
}
