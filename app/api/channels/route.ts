import { recordAudit } from '@/server/auth/audit';
import { channelInput, maskUrl } from '@/server/alerts/notify';
import { authorize, json, parseBody } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

const DAY_MS = 24 * 60 * 60 * 1000;

/** GET /api/channels: notification channels (URLs masked) with their circuit state and the last 24 h's sent and failed deliveries (admin). */
export async function GET() {
  const { error } = authorize('administer');
  if (error) return error;
  const { db, notifier } = getRegistry();
  const [channels, counts] = await Promise.all([
    db.prisma.notificationChannel.findMany({ orderBy: { createdAt: 'asc' } }),
    db.prisma.notificationDelivery.groupBy({
      by: ['channelId', 'status'],
      where: { createdAt: { gte: new Date(Date.now() - DAY_MS) } },
      _count: { _all: true },
    }),
  ]);
  const health = notifier.channelHealth();
  const count = (channelId: string, status: string) => counts.find((c) => c.channelId === channelId && c.status === status)?._count._all ?? 0;
  return json({
    channels: channels.map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      url: maskUrl(c.url),
      minSeverity: c.minSeverity,
      escalation: c.escalation,
      enabled: c.enabled,
      createdAt: c.createdAt.toISOString(),
      circuit: health[c.id] ?? 'closed',
      last24h: { sent: count(c.id, 'sent'), failed: count(c.id, 'failed'), pending: count(c.id, 'pending') },
    })),
  });
}

/** POST /api/channels: adds a generic webhook or Slack incoming-webhook channel (admin). */
export async function POST(request: Request) {
  const { caller, error } = authorize('administer');
  if (error) return error;
  const { body: input, error: invalid } = await parseBody(request, channelInput);
  if (invalid) return invalid;
  const { db } = getRegistry();
  const channel = await db.prisma.notificationChannel.create({ data: input });
  await recordAudit(db, {
    actor: caller.user,
    action: 'channel.create',
    target: channel.name,
    details: { id: channel.id, kind: channel.kind, url: maskUrl(channel.url), minSeverity: channel.minSeverity, escalation: channel.escalation, enabled: channel.enabled },
    ip: caller.ip,
  });
  return json({ channel: { ...channel, url: maskUrl(channel.url), createdAt: channel.createdAt.toISOString(), circuit: 'closed' } }, { status: 201 });
}
