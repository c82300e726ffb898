import { authorize, json, notFound } from '@/server/http/api';
import { getSessionSnapshot } from '@/server/db/queries/getSessionSnapshot';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** GET /api/sessions/:id: one session and its transcript in event-time order. */
export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { error: denied } = authorize('view');
  if (denied) return denied;
  const { id } = await ctx.params;
  const snapshot = await getSessionSnapshot(getRegistry().db, id);
  if (!snapshot.session) return notFound(`no session with id ${JSON.stringify(id)}`);
  return json(snapshot);
}
