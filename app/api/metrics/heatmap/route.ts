import { z } from 'zod';
import { getMessageHeatmap } from '@/server/db/queries/getMessageHeatmap';
import { authorize, badRequest, json, parseQuery } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

const instant = z.union([z.coerce.number().int().positive(), z.iso.datetime({ offset: true })]).transform((v) => new Date(v));
const DAY_MS = 86_400_000;

const query = z.object({
  from: instant.optional(),
  to: instant.optional(),
  agent: z.string().min(1).max(200).optional(),
  /** minutes east of UTC, e.g. 120 for UTC+2 (the browser's -new Date().getTimezoneOffset()) */
  tzOffset: z.coerce.number().int().min(-14 * 60).max(14 * 60).default(0),
});

/** GET /api/metrics/heatmap: messages by weekday × hour of day (default: the last 28 days). */
export async function GET(request: Request) {
  const { error } = authorize('view');
  if (error) return error;
  const { query: q, error: invalid } = parseQuery(request, query);
  if (invalid) return invalid;
  const to = q.to ?? new Date();
  const from = q.from ?? new Date(to.getTime() - 28 * DAY_MS);
  if (from >= to) return badRequest('from: must be before to');
  if (to.getTime() - from.getTime() > 400 * DAY_MS) return badRequest('from: the range covers at most 400 days');
  const { db } = getRegistry();
  return json(await getMessageHeatmap(db, { from, to, agent: q.agent ?? null, tzOffsetMinutes: q.tzOffset }));
}
