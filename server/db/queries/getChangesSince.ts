import type { SyncResult } from '../../../lib/realtime';
import { readConsistently, type Database } from '../client';
import { getCounters } from './getCounters';
import { FEED_LIMIT, OVERVIEW_SESSION_LIMIT } from './getOverviewSnapshot';
import { toAgentSummary, toFeedItem, toSessionSummary, toTranscriptMessage } from './mappers';

/**
 * What a client missed after a reconnect that Socket.IO could not recover: everything changed
 * by events newer than its cursor. Bounded like the snapshot, so a long outage costs no more.
 */
export function getChangesSince(db: Database, since: number, sessionId?: string, now = Date.now()): Promise<SyncResult> {
  return readConsistently(db, async (prisma) => {
    const after = BigInt(Math.max(0, Math.floor(since)));
    const [feed, sessions, agents, messages, counters, newest] = await Promise.all([
      prisma.webhookEvent.findMany({ where: { id: { gt: after } }, orderBy: { id: 'desc' }, take: FEED_LIMIT }),
      prisma.session.findMany({ where: { lastEventId: { gt: after } }, orderBy: { lastEventId: 'desc' }, take: OVERVIEW_SESSION_LIMIT }),
      prisma.agent.findMany({ where: { lastEventId: { gt: after } }, take: 100 }),
      sessionId
        ? prisma.message.findMany({ where: { sessionId, eventId: { gt: after } }, orderBy: [{ sentAt: 'asc' }, { id: 'asc' }], take: 2000 })
        : Promise.resolve([]),
      getCounters(prisma, now),
      prisma.webhookEvent.aggregate({ _max: { id: true } }),
    ]);
    return {
      feed: feed.map(toFeedItem),
      sessions: sessions.map(toSessionSummary),
      agents: agents.map(toAgentSummary),
      messages: messages.map(toTranscriptMessage),
      counters,
      seq: Number(newest._max.id ?? 0),
    };
  });
}
