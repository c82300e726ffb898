import { recordAudit } from '@/server/auth/audit';
import { authorize, json, notFound } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

/**
 * POST /api/channels/:id/test: sends a test notification through the channel's retry and circuit
 * breaker and answers with the outcome (admin). Takes as long as the retries do (seconds).
 */
export async function POST(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { caller, error } = authorize('administer');
  if (error) return error;
  const { id } = await ctx.params;
  const { db, notifier } = getRegistry();
  const channel = await db.prisma.notificationChannel.findUnique({ where: { id } });
  if (!channel) return notFound(`no channel with id ${JSON.stringify(id)}`);
  const outcome = await notifier.sendTest(channel, caller.user.email);
  await recordAudit(db, { actor: caller.user, action: 'channel.test', target: channel.name, details: { id, ...outcome }, ip: caller.ip });
  return json({ ...outcome, circuit: notifier.channelHealth()[id] ?? 'closed' });
}
