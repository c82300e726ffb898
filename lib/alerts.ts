/**
 * Alerts as the dashboard and the API see them. Shared by browser and server.
 */

export const ALERT_RULES = ['frustration', 'repeat', 'sentiment_trend', 'avatar_silence', 'error_spike', 'capacity'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALERT_STATES = ['triggered', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Conversation alerts end with their session or an operator; condition alerts clear by themselves. */
export const CONDITION_RULES: readonly AlertRule[] = ['error_spike', 'capacity'];

export interface AlertView {
  id: number;
  dedupKey: string;
  rule: AlertRule;
  severity: Severity;
  state: AlertState;
  title: string;
  summary: string;
  agentId: string | null;
  sessionId: string | null;
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  recurrence: boolean;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  ackNote: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolveReason: string | null;
  escalationLevel: number;
  snoozedUntil: string | null;
  /** transcript message ids that triggered it (highlighted in the transcript) */
  messageIds: number[];
  /** true while snoozed or its agent is muted: recorded, but nobody is notified */
  suppressed: boolean;
}

export const severityRank = (s: Severity) => SEVERITIES.indexOf(s);
