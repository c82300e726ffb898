import { z } from 'zod';
import { recordAudit } from '@/server/auth/audit';
import { toSessionSummary } from '@/server/db/queries/mappers';
import { authorize, json, notFound, parseBody } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

const body = z.object({ note: z.string().trim().max(2000).optional() });

/** POST /api/sessions/:id/handover: hand the conversation over to a human; the sessions list shows it (operator). */
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { caller, error } = authorize('operate');
  if (error) return error;
  const { body: input, error: invalid } = await parseBody(request, body);
  if (invalid) return invalid;
  const { id } = await ctx.params;
  const { db, hub } = getRegistry();
  const found = await db.prisma.session.findUnique({ where: { id }, select: { id: true } });
  if (!found) return notFound(`no session with id ${JSON.stringify(id)}`);
  const session = await db.prisma.session.update({ where: { id }, data: { escalatedAt: new Date(), escalatedBy: caller.user.email } });
  const summary = toSessionSummary(session);
  hub.publishSession(summary);
  await recordAudit(db, { actor: caller.user, action: 'session.handover', target: `session:${id}`, details: { note: input.note }, ip: caller.ip });
  return json({ session: summary });
}
