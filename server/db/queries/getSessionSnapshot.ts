import type { SessionSnapshot } from '../../../lib/realtime';
import { readConsistently, type Database } from '../client';
import { toSessionSummary, toTranscriptMessage } from './mappers';

export const TRANSCRIPT_LIMIT = 2000;

/** A session and its transcript in event-time order (the newest TRANSCRIPT_LIMIT messages). */
export function getSessionSnapshot(db: Database, sessionId: string): Promise<SessionSnapshot> {
  return readConsistently(db, async (prisma) => {
    const [session, newestFirst, newest] = await Promise.all([
      prisma.session.findUnique({ where: { id: sessionId } }),
      prisma.message.findMany({
        where: { sessionId },
        orderBy: [{ sentAt: 'desc' }, { id: 'desc' }],
        take: TRANSCRIPT_LIMIT,
      }),
      prisma.webhookEvent.aggregate({ _max: { id: true } }),
    ]);
    return {
      session: session ? toSessionSummary(session) : null,
      messages: newestFirst.reverse().map(toTranscriptMessage),
      seq: Number(newest._max.id ?? 0),
    };
  });
}
