import { z } from 'zod';
import { listAudit } from '@/server/db/queries/listAudit';
import { authorize, json, parseQuery } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

const query = z.object({
  action: z.string().min(1).max(100).optional(),
  actor: z.string().min(1).max(320).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** GET /api/audit: the audit log, newest first (admin). */
export async function GET(request: Request) {
  const { error } = authorize('administer');
  if (error) return error;
  const { query: q, error: invalid } = parseQuery(request, query);
  if (invalid) return invalid;
  return json({ entries: await listAudit(getRegistry().db, q) });
}
