import { recordAudit } from '@/server/auth/audit';
import { apiError, authorize, json, notFound } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** POST /api/events/:id/replay: puts a failed or dead event back into processing (operator). */
export async function POST(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { caller, error } = authorize('operate');
  if (error) return error;
  const { id } = await ctx.params;
  if (!/^\d{1,18}$/.test(id)) return notFound(`no event with id ${JSON.stringify(id)}`);
  const { db, processor } = getRegistry();
  const event = await db.prisma.webhookEvent.findUnique({ where: { id: BigInt(id) }, select: { status: true } });
  if (!event) return notFound(`no event with id ${id}`);
  if (event.status !== 'failed' && event.status !== 'dead')
    return apiError(409, 'not_replayable', `event ${id} is ${event.status}; only failed or dead events are replayed`);
  await db.prisma.webhookEvent.update({ where: { id: BigInt(id) }, data: { status: 'pending', attempts: 0, nextAttemptAt: null } });
  processor.enqueue(BigInt(id));
  await recordAudit(db, { actor: caller.user, action: 'event.replay', target: `event:${id}`, details: { from: event.status }, ip: caller.ip });
  return json({ ok: true, id: Number(id), status: 'pending' }, { status: 202 });
}
