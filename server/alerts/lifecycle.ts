/**
 * The alert state machine: triggered -> acknowledged -> resolved, plus occurrences, escalation,
 * acknowledgement timeout and auto-resolve. Pure functions of (alert, input, now) returning a
 * Transition (operator actions return the next Alert, or throw AlertTransitionError); the engine
 * stores `alert` when `changed` and tells people when `notify` is set and `isSuppressed` is false.
 *
 * As in PagerDuty and Alertmanager, one dedup key has at most one open alert: a signal while it
 * is open is an occurrence (counted, nobody told again); after it is resolved the next signal
 * opens a new alert marked as a recurrence. Suppression (snooze, agent mute) is kept apart from
 * state: a snoozed alert still escalates and times out its acknowledgement, it is only quiet.
 */
import { CONDITION_RULES, severityRank } from '../../lib/alerts';
import type { Alert, AlertPolicy, Signal, Transition } from './model';

/** Cap on highlighted transcript messages per alert, so a long conversation cannot bloat a row. */
export const MAX_MESSAGE_IDS = 200;

/**
 * An operator action that the alert's state does not allow (acknowledging or resolving a resolved
 * alert). The API answers 409 Conflict with `code` and `message`.
 */
export class AlertTransitionError extends Error {
  readonly code = 'alert_resolved' as const;
  constructor(
    readonly dedupKey: string,
    readonly action: 'acknowledge' | 'resolve' | 'snooze',
  ) {
    super(`cannot ${action} alert ${dedupKey}: it is already resolved`);
    this.name = 'AlertTransitionError';
  }
}

const isOpen = (a: Alert) => a.state !== 'resolved';

const unchanged = (alert: Alert): Transition => ({ alert, opened: false, changed: false, notify: null });

function mergeIds(a: number[], b: number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y).slice(-MAX_MESSAGE_IDS);
}

function assertOpen(alert: Alert, action: AlertTransitionError['action']): void {
  if (!isOpen(alert)) throw new AlertTransitionError(alert.dedupKey, action);
}

/**
 * A rule's signal for one dedup key. `open` is the key's alert that is not resolved (if any),
 * `lastResolved` its most recent resolved alert (if any): it makes a new alert a recurrence.
 */
export function applySignal(open: Alert | null, lastResolved: Alert | null, signal: Signal, now: number): Transition {
  const at = new Date(now);
  if (open && isOpen(open)) {
    const raised = severityRank(signal.severity) > severityRank(open.severity);
    return {
      alert: {
        ...open,
        count: open.count + 1,
        lastSeenAt: now > open.lastSeenAt.getTime() ? at : open.lastSeenAt,
        severity: raised ? signal.severity : open.severity,
        // the newest finding describes it best ("asked 3 times" after "asked 2 times")
        title: signal.title,
        summary: signal.summary,
        agentId: open.agentId ?? signal.agentId,
        sessionId: open.sessionId ?? signal.sessionId,
        messageIds: mergeIds(open.messageIds, signal.messageIds),
        details: { ...open.details, ...signal.details },
      },
      opened: false,
      changed: true,
      notify: null,
    };
  }
  const previous = open ?? lastResolved;
  return {
    alert: {
      dedupKey: signal.dedupKey,
      rule: signal.rule,
      severity: signal.severity,
      state: 'triggered',
      title: signal.title,
      summary: signal.summary,
      agentId: signal.agentId,
      sessionId: signal.sessionId,
      count: 1,
      firstSeenAt: at,
      lastSeenAt: at,
      recurrence: previous !== null,
      acknowledgedBy: null,
      acknowledgedAt: null,
      ackNote: null,
      resolvedBy: null,
      resolvedAt: null,
      resolveReason: null,
      escalationLevel: 0,
      escalatedAt: null,
      snoozedUntil: null,
      messageIds: mergeIds([], signal.messageIds),
      details: { ...signal.details },
    },
    opened: true,
    changed: true,
    notify: 'new',
  };
}

/**
 * An operator takes the alert. Acknowledging an acknowledged alert renews it (new owner, note and
 * ackTimeout clock), as in PagerDuty. Throws AlertTransitionError on a resolved alert.
 */
export function acknowledge(alert: Alert, by: string, note: string | null, now: number): Alert {
  assertOpen(alert, 'acknowledge');
  return { ...alert, state: 'acknowledged', acknowledgedBy: by, acknowledgedAt: new Date(now), ackNote: note };
}

/**
 * Closes the alert (from triggered or acknowledged); the next signal for its key opens a
 * recurrence. Throws AlertTransitionError on a resolved alert.
 */
export function resolve(alert: Alert, by: string, reason: string | null, now: number): Alert {
  assertOpen(alert, 'resolve');
  return resolved(alert, by, reason, now).alert;
}

function resolved(alert: Alert, by: string, reason: string | null, now: number): Transition {
  return {
    alert: { ...alert, state: 'resolved', resolvedBy: by, resolvedAt: new Date(now), resolveReason: reason },
    opened: false,
    changed: true,
    notify: null,
  };
}

/**
 * Quiet the alert until `until`, or end the snooze with null. Only snoozedUntil changes: the alert
 * keeps counting occurrences, escalating and timing out in the background, just silently.
 * Throws AlertTransitionError on a resolved alert (there is nothing left to quiet).
 */
export function snooze(alert: Alert, until: Date | number | null): Alert {
  assertOpen(alert, 'snooze');
  return { ...alert, snoozedUntil: until === null ? null : new Date(until) };
}

/** True while the alert is snoozed or its agent muted: recorded and shown, but nobody is notified. */
export function isSuppressed(alert: Alert, now: number, mutedUntil: number | null): boolean {
  const snoozed = alert.snoozedUntil !== null && alert.snoozedUntil.getTime() > now;
  const muted = mutedUntil !== null && mutedUntil > now;
  return snoozed || muted;
}

export interface TickContext {
  /** the alert's session has ended (conversation alerts resolve with it) */
  sessionEnded: boolean;
}

/**
 * What the passage of time does to an open alert, checked in this order (one step per tick):
 * 1. auto-resolve: a condition alert (error_spike, capacity) whose signal has not repeated for
 *    holdMs; a conversation alert whose session ended;
 * 2. acknowledgement timeout: acknowledged for ackTimeoutMs without being resolved -> back to
 *    triggered. The acknowledger let it lapse, so this is an escalation too (level + 1, notify),
 *    and the previous acknowledgement is kept in details.previousAck;
 * 3. escalation: a critical triggered alert not acknowledged within escalateAfterMs of being
 *    opened (or of its last escalation) -> level + 1, notify; again each escalateAfterMs.
 *    Escalations missed while the engine was down fire once, not in a burst.
 */
export function tick(alert: Alert, now: number, policy: AlertPolicy, ctx: TickContext): Transition {
  if (!isOpen(alert)) return unchanged(alert);

  if (CONDITION_RULES.includes(alert.rule)) {
    if (now - alert.lastSeenAt.getTime() >= policy.holdMs) return resolved(alert, 'system', 'condition cleared', now);
  } else if (ctx.sessionEnded) {
    return resolved(alert, 'system', 'session ended', now);
  }

  if (alert.state === 'acknowledged' && alert.acknowledgedAt !== null) {
    if (now - alert.acknowledgedAt.getTime() < policy.ackTimeoutMs) return unchanged(alert);
    return {
      alert: {
        ...alert,
        state: 'triggered',
        acknowledgedBy: null,
        acknowledgedAt: null,
        ackNote: null,
        escalationLevel: alert.escalationLevel + 1,
        escalatedAt: new Date(now),
        details: {
          ...alert.details,
          previousAck: {
            by: alert.acknowledgedBy,
            at: alert.acknowledgedAt.toISOString(),
            note: alert.ackNote,
            expiredAt: new Date(now).toISOString(),
          },
        },
      },
      opened: false,
      changed: true,
      notify: 'escalation',
    };
  }

  if (alert.state === 'triggered' && alert.severity === 'critical') {
    const since = (alert.escalatedAt ?? alert.firstSeenAt).getTime();
    if (now - since >= policy.escalateAfterMs) {
      return {
        alert: { ...alert, escalationLevel: alert.escalationLevel + 1, escalatedAt: new Date(now) },
        opened: false,
        changed: true,
        notify: 'escalation',
      };
    }
  }
  return unchanged(alert);
}
