import { z } from 'zod';
import { authorize, json, parseQuery } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

const query = z.object({
  status: z.enum(['pending', 'sent', 'failed']).optional(),
  channel: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** GET /api/notifications: recent alert notifications, newest first, with their outcome; `?status=failed` shows the failures (admin). */
export async function GET(request: Request) {
  const { error: denied } = authorize('administer');
  if (denied) return denied;
  const { query: q, error } = parseQuery(request, query);
  if (error) return error;
  const rows = await getRegistry().db.prisma.notificationDelivery.findMany({
    where: { status: q.status, channelId: q.channel },
    orderBy: { id: 'desc' },
    take: q.limit,
    include: { channel: { select: { name: true, kind: true } }, alert: { select: { title: true, severity: true, rule: true } } },
  });
  return json({
    deliveries: rows.map((d) => ({
      id: Number(d.id),
      kind: d.kind,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      createdAt: d.createdAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      channel: { id: d.channelId, name: d.channel.name, kind: d.channel.kind },
      alert: { id: Number(d.alertId), title: d.alert.title, severity: d.alert.severity, rule: d.alert.rule },
    })),
  });
}
