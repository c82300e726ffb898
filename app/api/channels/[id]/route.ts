import { recordAudit } from '@/server/auth/audit';
import { channelInput, maskUrl } from '@/server/alerts/notify';
import { authorize, json, notFound, parseBody } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

const change = channelInput
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change: give name, kind, url, minSeverity, escalation or enabled');

/** PATCH /api/channels/:id: changes any of a channel's fields (admin). A new URL starts with a closed circuit. */
export async function PATCH(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { caller, error } = authorize('administer');
  if (error) return error;
  const { body: input, error: invalid } = await parseBody(request, change);
  if (invalid) return invalid;
  const { id } = await ctx.params;
  const { db, notifier } = getRegistry();
  const { count } = await db.prisma.notificationChannel.updateMany({ where: { id }, data: input });
  if (count === 0) return notFound(`no channel with id ${JSON.stringify(id)}`);
  const channel = await db.prisma.notificationChannel.findUniqueOrThrow({ where: { id } });
  if (input.url !== undefined) notifier.forgetChannel(id);
  await recordAudit(db, {
    actor: caller.user,
    action: 'channel.update',
    target: channel.name,
    details: { id, ...input, ...(input.url !== undefined ? { url: maskUrl(input.url) } : {}) },
    ip: caller.ip,
  });
  return json({
    channel: { ...channel, url: maskUrl(channel.url), createdAt: channel.createdAt.toISOString(), circuit: notifier.channelHealth()[id] ?? 'closed' },
  });
}

/** DELETE /api/channels/:id: removes a channel and its delivery history (admin). */
export async function DELETE(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { caller, error } = authorize('administer');
  if (error) return error;
  const { id } = await ctx.params;
  const { db, notifier } = getRegistry();
  const channel = await db.prisma.notificationChannel.findUnique({ where: { id } });
  if (!channel) return notFound(`no channel with id ${JSON.stringify(id)}`);
  await db.prisma.notificationChannel.deleteMany({ where: { id } });
  notifier.forgetChannel(id);
  await recordAudit(db, { actor: caller.user, action: 'channel.delete', target: channel.name, details: { id, kind: channel.kind, url: maskUrl(channel.url) }, ip: caller.ip });
  return json({ deleted: id });
}
