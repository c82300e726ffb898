import type { FeedItem } from '../../../lib/realtime';
import type { Database } from '../client';
import { toFeedItem } from './mappers';

export interface StoredEventView extends FeedItem {
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
}

/** Stored webhook events, newest first, with processing state (the dead-letter view). */
export async function listEvents(
  db: Database,
  opts: { status?: string; type?: string; sessionId?: string; limit: number },
): Promise<{ events: StoredEventView[]; byStatus: Record<string, number> }> {
  const where = {
    ...(opts.status ? { status: opts.status } : {}),
    ...(opts.type ? { eventType: opts.type } : {}),
    ...(opts.sessionId ? { sessionId: opts.sessionId } : {}),
  };
  const [rows, groups] = await Promise.all([
    db.prisma.webhookEvent.findMany({ where, orderBy: { id: 'desc' }, take: opts.limit }),
    db.prisma.webhookEvent.groupBy({ by: ['status'], _count: { _all: true } }),
  ]);
  return {
    events: rows.map((r) => ({
      ...toFeedItem(r),
      attempts: r.attempts,
      lastError: r.lastError,
      nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
    })),
    byStatus: Object.fromEntries(groups.map((g) => [g.status, g._count._all])),
  };
}
