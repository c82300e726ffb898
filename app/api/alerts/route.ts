import { z } from 'zod';
import { ALERT_RULES, ALERT_STATES, SEVERITIES } from '@/lib/alerts';
import { activeMutes, listAlerts, toAlertView } from '@/server/db/queries/alerts';
import { isSuppressed } from '@/server/alerts/lifecycle';
import { authorize, json, parseQuery } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

const query = z.object({
  state: z.enum(['open', ...ALERT_STATES]).optional(),
  rule: z.enum(ALERT_RULES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  agent: z.string().min(1).max(200).optional(),
  session: z.string().min(1).max(200).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** GET /api/alerts: alerts, most recently seen first, filtered by state, rule, severity, agent, session. */
export async function GET(request: Request) {
  const { error } = authorize('view');
  if (error) return error;
  const { query: q, error: invalid } = parseQuery(request, query);
  if (invalid) return invalid;
  const { db } = getRegistry();
  const now = Date.now();
  const [alerts, mutes] = await Promise.all([
    listAlerts(db, { state: q.state, rule: q.rule, severity: q.severity, agentId: q.agent, sessionId: q.session, before: q.before, limit: q.limit }),
    activeMutes(db, now),
  ]);
  return json({ alerts: alerts.map((a) => toAlertView(a, isSuppressed(a, now, (a.agentId && mutes.get(a.agentId)) || null))) });
}
