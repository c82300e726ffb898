import type { AlertRule, AlertState, Severity } from '../../lib/alerts';

/**
 * The alerting core's types: rules turn what happens (a message, a failure, the clock) into
 * signals; the lifecycle turns signals and operator actions into alert state. Both are pure
 * functions of (state, input, now); server/alerts/engine.ts does the I/O around them.
 */

/** A rule's finding: "this condition holds now", keyed so repeated findings land on one alert. */
export interface Signal {
  rule: AlertRule;
  /** e.g. frustration:<session>, repeat:<session>, errors:<agent>:<code>, capacity:<agent> */
  dedupKey: string;
  severity: Severity;
  title: string;
  summary: string;
  agentId: string | null;
  sessionId: string | null;
  /** transcript message ids behind it */
  messageIds: number[];
  details?: Record<string, unknown>;
}

/** The stored alert, as the lifecycle sees it (dates as Date). */
export interface Alert {
  id?: number;
  dedupKey: string;
  rule: AlertRule;
  severity: Severity;
  state: AlertState;
  title: string;
  summary: string;
  agentId: string | null;
  sessionId: string | null;
  count: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  recurrence: boolean;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  ackNote: string | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  resolveReason: string | null;
  escalationLevel: number;
  escalatedAt: Date | null;
  snoozedUntil: Date | null;
  messageIds: number[];
  details: Record<string, unknown>;
}

/** Thresholds and timers, from configuration (server/config.ts ALERT_* variables). */
export interface AlertPolicy {
  frustrationWords: string[];
  /** a user message at or below this sentiment (-1..1) counts as clearly negative */
  negativeThreshold: number;
  /** repeated question: similarity (0..1) at or above which two questions are "the same" */
  repeatSimilarity: number;
  repeatWindowMs: number;
  /** repeats needed (the same question asked this many times in all, >= 2) */
  repeatCount: number;
  /** consecutive negative user messages for a sentiment trend */
  trendLength: number;
  /** no avatar reply within this long after a user message */
  silenceMs: number;
  /** more than this many failures of one code for one agent within the window */
  errorThreshold: number;
  errorWindowMs: number;
  /** concurrent active sessions per agent at or above which capacity is reached */
  capacityPerAgent: number;
  capacityTotal: number;
  /** capacity must hold this long before it alerts */
  capacityForMs: number;
  /** condition alerts resolve after the condition stayed clear this long */
  holdMs: number;
  /** an acknowledged alert nobody resolves returns to triggered after this */
  ackTimeoutMs: number;
  /** a critical alert not acknowledged within this escalates (and again each time it passes) */
  escalateAfterMs: number;
}

/** What a lifecycle step did, so the engine knows whom to tell. */
export interface Transition {
  alert: Alert;
  /** a new alert was opened (first time, or again after resolve: a recurrence) */
  opened: boolean;
  /** anything stored changed */
  changed: boolean;
  /** notify people (new alert, or escalation), unless suppressed */
  notify: 'new' | 'escalation' | null;
}
