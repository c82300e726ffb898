import { z } from 'zod';
import { sessionSummarySchema } from '@/components/realtime/schemas';
import { ALERT_RULES, ALERT_STATES, SEVERITIES, type AlertRule, type AlertView, type Severity } from '@/lib/alerts';
import { callApi, type ApiResult } from '@/lib/api-client';
import type { SessionSummary } from '@/lib/realtime';

/** What the dashboard reads from the alert API, checked at the edge like every other input. */

export const alertView: z.ZodType<AlertView> = z.object({
  id: z.number(),
  dedupKey: z.string(),
  rule: z.enum(ALERT_RULES),
  severity: z.enum(SEVERITIES),
  state: z.enum(ALERT_STATES),
  title: z.string(),
  summary: z.string(),
  agentId: z.string().nullable(),
  sessionId: z.string().nullable(),
  count: z.number(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  recurrence: z.boolean(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  ackNote: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolveReason: z.string().nullable(),
  escalationLevel: z.number(),
  snoozedUntil: z.string().nullable(),
  messageIds: z.array(z.number()),
  suppressed: z.boolean(),
});

export const alertPage = z.object({ alerts: z.array(alertView) });
export const alertEnvelope = z.object({ alert: alertView });

const sessionSummary: z.ZodType<SessionSummary> = sessionSummarySchema;

export type AlertCommand =
  | { kind: 'acknowledge'; note?: string }
  | { kind: 'resolve'; reason?: string }
  | { kind: 'snooze'; minutes: number };

export interface AlertQuery {
  state?: 'open' | 'triggered' | 'acknowledged' | 'resolved';
  rule?: AlertRule;
  severity?: Severity;
  agent?: string;
  session?: string;
  before?: number;
  limit?: number;
}

export function alertsUrl(q: AlertQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q)) if (value !== undefined && value !== '') params.set(key, String(value));
  return `/api/alerts?${params}`;
}

export function sendAlertCommand(id: number, command: AlertCommand): Promise<ApiResult<{ alert: AlertView }>> {
  const { kind, ...body } = command;
  // An empty note is no note.
  for (const key of ['note', 'reason'] as const) if (key in body && !(body as Record<string, unknown>)[key]) delete (body as Record<string, unknown>)[key];
  return callApi(`/api/alerts/${id}/${kind}`, alertEnvelope, { method: 'POST', body });
}

export function muteAgent(agentId: string, minutes: number, reason?: string) {
  return callApi(
    `/api/agents/${encodeURIComponent(agentId)}/mute`,
    z.object({ agentId: z.string(), mutedUntil: z.string().nullable() }),
    { method: 'POST', body: reason ? { minutes, reason } : { minutes } },
  );
}

export function unmuteAgent(agentId: string) {
  return callApi(`/api/agents/${encodeURIComponent(agentId)}/mute`, z.object({ agentId: z.string(), mutedUntil: z.null() }), { method: 'DELETE' });
}

export function handOver(sessionId: string, note?: string) {
  return callApi(`/api/sessions/${encodeURIComponent(sessionId)}/handover`, z.object({ session: sessionSummary }), {
    method: 'POST',
    body: note ? { note } : {},
  });
}

export const RULE_LABELS: Record<AlertRule, string> = {
  frustration: 'Frustration',
  repeat: 'Repeated question',
  sentiment_trend: 'Sentiment trend',
  avatar_silence: 'Avatar silent',
  error_spike: 'Error spike',
  capacity: 'Capacity',
};

export const SEVERITY_LABELS: Record<Severity, string> = { info: 'Info', warning: 'Warning', critical: 'Critical' };

/** "/alerts?id=…" for alerts without a session; "/sessions/…?alert=…" for conversation alerts. */
export function alertHref(alert: Pick<AlertView, 'id' | 'sessionId'>): string {
  return alert.sessionId
    ? `/sessions/${encodeURIComponent(alert.sessionId)}?alert=${alert.id}`
    : `/alerts?id=${alert.id}`;
}
