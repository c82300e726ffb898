import type { OverviewSnapshot } from '../../../lib/realtime';
import { readConsistently, type Database } from '../client';
import { getCounters } from './getCounters';
import { toAgentSummary, toFeedItem, toSessionSummary } from './mappers';

export const OVERVIEW_SESSION_LIMIT = 200;
export const FEED_LIMIT = 100;

/** What a dashboard needs on first paint: counters, live sessions first, the newest events. */
export function getOverviewSnapshot(db: Database, now = Date.now()): Promise<OverviewSnapshot> {
  return readConsistently(db, async (prisma) => {
    const [counters, sessions, feed, agents, newest] = await Promise.all([
      getCounters(prisma, now),
      prisma.session.findMany({
        // open (active or idle: no end) first
        orderBy: [{ endedAt: { sort: 'desc', nulls: 'first' } }, { lastActivityAt: 'desc' }],
        take: OVERVIEW_SESSION_LIMIT,
      }),
      prisma.webhookEvent.findMany({ orderBy: { id: 'desc' }, take: FEED_LIMIT }),
      prisma.agent.findMany({ orderBy: { lastEventAt: 'desc' }, take: 100 }),
      prisma.webhookEvent.aggregate({ _max: { id: true } }),
    ]);
    return {
      counters,
      sessions: sessions.map(toSessionSummary),
      feed: feed.map(toFeedItem),
      agents: agents.map(toAgentSummary),
      seq: Number(newest._max.id ?? 0),
    };
  });
}
