import { z } from 'zod';
import { authorize, json, parseQuery } from '@/server/http/api';
import { listEvents } from '@/server/db/queries/listEvents';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

const query = z.object({
  status: z.enum(['pending', 'processed', 'failed', 'dead']).optional(),
  type: z.string().min(1).max(100).optional(),
  session: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** GET /api/events: stored webhook events, newest first, with processing state and counts per state. */
export async function GET(request: Request) {
  const { error: denied } = authorize('view');
  if (denied) return denied;
  const { query: q, error } = parseQuery(request, query);
  if (error) return error;
  return json(await listEvents(getRegistry().db, { status: q.status, type: q.type, sessionId: q.session, limit: q.limit }));
}
