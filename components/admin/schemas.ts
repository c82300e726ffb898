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

/** GET /api/channels: a notification channel, its URL masked, with its circuit and last day's deliveries. */
export const channelView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  url: z.string(),
  minSeverity: z.string(),
  escalation: z.boolean(),
  enabled: z.boolean(),
  createdAt: z.string(),
  circuit: z.string(),
  last24h: z.object({ sent: z.number(), failed: z.number(), pending: z.number() }).optional(),
});
export type ChannelRow = z.infer<typeof channelView>;
export const channelList = z.object({ channels: z.array(channelView) });
export const channelOnly = z.object({ channel: channelView });
export const channelTestOutcome = z.object({
  status: z.enum(['sent', 'failed']),
  attempts: z.number(),
  error: z.string().nullable(),
  circuit: z.string(),
});
export type ChannelTestOutcome = z.infer<typeof channelTestOutcome>;

export const deliveryView = z.object({
  id: z.number(),
  kind: z.string(),
  status: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  channel: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  alert: z.object({ id: z.number(), title: z.string(), severity: z.string(), rule: z.string() }),
});
export type DeliveryRow = z.infer<typeof deliveryView>;
export const deliveryList = z.object({ deliveries: z.array(deliveryView) });
