import { isSuppressed } from '@/server/alerts/lifecycle';
import { activeMutes, getAlert, toAlertView } from '@/server/db/queries/alerts';
import { authorize, json, notFound } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** GET /api/alerts/:id: one alert. */
export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { error } = authorize('view');
  if (error) return error;
  const { id } = await ctx.params;
  const { db } = getRegistry();
  const alert = /^\d{1,15}$/.test(id) ? await getAlert(db, Number(id)) : null;
  if (!alert) return notFound(`no alert with id ${JSON.stringify(id)}`);
  const now = Date.now();
  const mutes = await activeMutes(db, now);
  return json({ alert: toAlertView(alert, isSuppressed(alert, now, (alert.agentId && mutes.get(alert.agentId)) || null)) });
}
