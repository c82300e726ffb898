import { z } from 'zod';
import { recordAudit } from '@/server/auth/audit';
import { authorize, json, parseBody } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

const body = z.object({
  minutes: z.number().int().min(1).max(30 * 24 * 60),
  reason: z.string().trim().max(500).optional(),
});

/** POST /api/agents/:id/mute: a maintenance window; the agent's alerts are still recorded, nobody is notified (operator). */
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { caller, error } = authorize('operate');
  if (error) return error;
  const { body: input, error: invalid } = await parseBody(request, body);
  if (invalid) return invalid;
  const { id } = await ctx.params;
  const { db, alerts } = getRegistry();
  const until = new Date(Date.now() + input.minutes * 60_000);
  const data = { until, reason: input.reason ?? null, createdBy: caller.user.email };
  await db.prisma.agentMute.upsert({ where: { agentId: id }, create: { agentId: id, ...data }, update: data });
  await alerts.refreshAgent(id);
  await recordAudit(db, { actor: caller.user, action: 'agent.mute', target: `agent:${id}`, details: { until: until.toISOString(), reason: input.reason }, ip: caller.ip });
  return json({ agentId: id, mutedUntil: until.toISOString() });
}

/** DELETE /api/agents/:id/mute: ends the maintenance window early (operator). */
export async function DELETE(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { caller, error } = authorize('operate');
  if (error) return error;
  const { id } = await ctx.params;
  const { db, alerts } = getRegistry();
  await db.prisma.agentMute.deleteMany({ where: { agentId: id } });
  await alerts.refreshAgent(id);
  await recordAudit(db, { actor: caller.user, action: 'agent.unmute', target: `agent:${id}`, ip: caller.ip });
  return json({ agentId: id, mutedUntil: null });
}
