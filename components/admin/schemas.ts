import { z } from 'zod';
import { ROLES } from '@/lib/auth';

/** What the admin pages read from the operator API, checked at the edge like every other input. */

export const userView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
});
export type UserRow = z.infer<typeof userView>;

/** POST /api/users, POST /api/users/:id/password: the user, and a generated password shown once. */
export const userWithPassword = z.object({ user: userView, temporaryPassword: z.string().optional() });
export const userOnly = z.object({ user: userView });

export const auditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.unknown(),
  ip: z.string().nullable(),
});
export type AuditRow = z.infer<typeof auditEntry>;
export const auditPage = z.object({ entries: z.array(auditEntry) });
