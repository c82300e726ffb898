import type { OverviewCounters } from '../../../lib/realtime';
import type { Reader } from '../client';

export async function getCounters(prisma: Reader, now = Date.now()): Promise<OverviewCounters> {
  const [activeSessions, messagesLast5Min, agents, eventsLastHour, failedEvents, unacknowledgedAlerts, openAlerts] = await Promise.all([
    // open sessions: idle ones (quiet, not yet closed) are still live conversations
    prisma.session.count({ where: { status: { in: ['active', 'idle'] } } }),
    prisma.message.count({ where: { sentAt: { gte: new Date(now - 5 * 60_000) } } }),
    prisma.agent.count(),
    prisma.webhookEvent.count({ where: { receivedAt: { gte: new Date(now - 3_600_000) } } }),
    prisma.webhookEvent.count({ where: { status: { in: ['failed', 'dead'] } } }),
    prisma.alert.count({ where: { state: 'triggered' } }),
    prisma.alert.count({ where: { state: { not: 'resolved' } } }),
  ]);
  return { activeSessions, messagesLast5Min, agents, eventsLastHour, failedEvents, unacknowledgedAlerts, openAlerts };
}
