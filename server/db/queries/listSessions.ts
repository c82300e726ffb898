import type { SessionSummary } from '../../../lib/realtime';
import type { Database } from '../client';
import { toSessionSummary } from './mappers';

export async function listSessions(
  db: Database,
  opts: { status?: 'active' | 'idle' | 'ended'; agentId?: string; limit: number },
): Promise<SessionSummary[]> {
  const rows = await db.prisma.session.findMany({
    where: { ...(opts.status ? { status: opts.status } : {}), ...(opts.agentId ? { agentId: opts.agentId } : {}) },
    // open (active or idle: no end) first
        orderBy: [{ endedAt: { sort: 'desc', nulls: 'first' } }, { lastActivityAt: 'desc' }],
    take: opts.limit,
  });
  return rows.map(toSessionSummary);
}
