import type { Prisma } from '../db/generated/client.ts';
import type { Database } from '../db/client';

/** The audit log: who did what, when, from where. Written for sign-ins, user changes and every operator action. */

export interface AuditRecord {
  actor?: { id: string; email: string } | null;
  /** e.g. auth.sign_in, auth.sign_in_failed, user.create, user.update, event.replay */
  action: string;
  target?: string;
  details?: Record<string, unknown>;
  ip?: string;
}

export async function recordAudit(db: Database, entry: AuditRecord): Promise<void> {
  await db.prisma.auditEntry.create({
    data: {
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      action: entry.action,
      target: entry.target ?? null,
      details: (entry.details ?? undefined) as Prisma.InputJsonValue | undefined,
      ip: entry.ip ?? null,
    },
  });
}
