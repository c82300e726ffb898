import type { Database } from '../client';

export interface AuditView {
  id: number;
  at: string;
  actorEmail: string | null;
  action: string;
  target: string | null;
  details: unknown;
  ip: string | null;
}

/** The audit log, newest first, optionally one action or one actor, before a cursor id. */
export async function listAudit(db: Database, opts: { action?: string; actor?: string; before?: number; limit: number }): Promise<AuditView[]> {
  const rows = await db.prisma.auditEntry.findMany({
    where: {
      ...(opts.action ? { action: opts.action } : {}),
      ...(opts.actor ? { actorEmail: opts.actor.toLowerCase() } : {}),
      ...(opts.before ? { id: { lt: BigInt(opts.before) } } : {}),
    },
    orderBy: { id: 'desc' },
    take: opts.limit,
  });
  return rows.map((r) => ({ id: Number(r.id), at: r.at.toISOString(), actorEmail: r.actorEmail, action: r.action, target: r.target, details: r.details, ip: r.ip }));
}
