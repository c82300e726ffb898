import { z } from 'zod';
import { authorize, json, parseQuery } from '@/server/http/api';
import { listSessions } from '@/server/db/queries/listSessions';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

const query = z.object({
  status: z.enum(['active', 'idle', 'ended']).optional(),
  agent: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** GET /api/sessions: sessions, live ones first, most recently active first. */
export async function GET(request: Request) {
  const { error: denied } = authorize('view');
  if (denied) return denied;
  const { query: q, error } = parseQuery(request, query);
  if (error) return error;
  return json({ sessions: await listSessions(getRegistry().db, { status: q.status, agentId: q.agent, limit: q.limit }) });
}
