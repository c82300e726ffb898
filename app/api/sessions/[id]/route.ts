import { authorize, json, notFound } from '@/server/http/api';
import { getSessionSnapshot } from '@/server/db/queries/getSessionSnapshot';
import { getSessionAnalytics } from '@/server/db/queries/sessionLifecycle';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

/**
 * GET /api/sessions/:id: one session and its transcript in event-time order, plus `analytics`
 * once the session has ended (the figures of its latest end; docs/analytics.md).
 */
export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { error: denied } = authorize('view');
  if (denied) return denied;
  const { id } = await ctx.params;
  const { db } = getRegistry();
  const snapshot = await getSessionSnapshot(db, id);
  if (!snapshot.session) return notFound(`no session with id ${JSON.stringify(id)}`);
  const analytics = await getSessionAnalytics(db, id);
  return json(analytics ? { ...snapshot, analytics } : snapshot);
}
