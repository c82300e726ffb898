import type { SessionSummary } from '../../../lib/realtime';
import type { Database } from '../client';
import { toSessionSummary } from './mappers';

export async function listSessions(
  db: Database,
  opts: { status?: 'active' | 'ended'; agentId?: string; limit: number },
): Promise<SessionSummary[]> {
  const rows = await db.prisma.session.findMany({
    where: { ...(opts.status ? { status: opts.status } : {}), ...(opts.agentId ? { agentId: opts.agentId } : {}) },
    orderBy: [{ status: 'asc' }, { lastActivityAt: 'desc' }],
    take: opts.limit,
  });
  return rows.map(toSessionSummary);
}
