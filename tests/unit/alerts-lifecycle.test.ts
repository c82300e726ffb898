import { describe, expect, it } from 'vitest';
import {
  acknowledge,
  AlertTransitionError,
  applySignal,
  isSuppressed,
  resolve,
  snooze,
  tick,
} from '../../server/alerts/lifecycle';
import type { Alert, AlertPolicy, Signal } from '../../server/alerts/model';
import { DEFAULT_ALERT_POLICY } from '../../server/alerts/policy';

const T0 = Date.UTC(2024, 0, 15, 9, 0, 0);
const SEC = 1000;
const MIN = 60 * SEC;
const at = (ms: number) => T0 + ms;
const policy: AlertPolicy = DEFAULT_ALERT_POLICY;
const live = { sessionEnded: false };

const signal = (overrides: Partial<Signal> = {}): Signal => ({
  rule: 'frustration',
  dedupKey: 'frustration:session_abc',
  severity: 'warning',
  title: 'User is frustrated',
  summary: '“This is useless”',
  agentId: 'agent_support',
  sessionId: 'session_abc',
  messageIds: [3],
  ...overrides,
});

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected it to throw');
}

/** A freshly opened alert, at T0 unless said otherwise. */
const opened = (overrides: Partial<Signal> = {}, now = T0): Alert => applySignal(null, null, signal(overrides), now).alert;

describe('applySignal()', () => {
  it('opens a triggered alert and notifies when the key has no open alert', () => {
    const t = applySignal(null, null, signal(), T0);
    expect(t).toMatchObject({ opened: true, changed: true, notify: 'new' });
    expect(t.alert).toMatchObject({
      dedupKey: 'frustration:session_abc',
      state: 'triggered',
      count: 1,
      recurrence: false,
      escalationLevel: 0,
      messageIds: [3],
    });
    expect(t.alert.firstSeenAt.getTime()).toBe(T0);
    expect(t.alert.lastSeenAt.getTime()).toBe(T0);
  });

  it('marks the new alert a recurrence when the key was resolved before', () => {
    const old = resolve(opened(), 'ops@example.com', 'talked to the user', at(MIN));
    const t = applySignal(null, old, signal(), at(10 * MIN));
    expect(t).toMatchObject({ opened: true, notify: 'new' });
    expect(t.alert).toMatchObject({ recurrence: true, count: 1, state: 'triggered', acknowledgedBy: null, resolvedBy: null });
  });

  it('counts an occurrence on the open alert without telling anyone again', () => {
    const t = applySignal(opened(), null, signal({ messageIds: [7, 3], summary: 'asked again' }), at(2 * MIN));
    expect(t).toMatchObject({ opened: false, changed: true, notify: null });
    expect(t.alert).toMatchObject({ count: 2, summary: 'asked again', messageIds: [3, 7] });
    expect(t.alert.firstSeenAt.getTime()).toBe(T0);
    expect(t.alert.lastSeenAt.getTime()).toBe(at(2 * MIN));
  });

  it('raises the severity of the open alert, and never lowers it', () => {
    const raised = applySignal(opened(), null, signal({ severity: 'critical' }), at(MIN)).alert;
    expect(raised.severity).toBe('critical');
    const again = applySignal(raised, null, signal({ severity: 'warning' }), at(2 * MIN)).alert;
    expect(again.severity).toBe('critical');
  });

  it('keeps an acknowledged alert acknowledged when it occurs again', () => {
    const acked = acknowledge(opened(), 'ops@example.com', null, at(MIN));
    const t = applySignal(acked, null, signal(), at(2 * MIN));
    expect(t.alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'ops@example.com', count: 2 });
    expect(t.notify).toBeNull();
  });

  it('does not move lastSeenAt back for a late signal', () => {
    const later = applySignal(opened(), null, signal(), at(5 * MIN)).alert;
    expect(applySignal(later, null, signal(), at(MIN)).alert.lastSeenAt.getTime()).toBe(at(5 * MIN));
  });
});

describe('acknowledge()', () => {
  it('moves a triggered alert to acknowledged with who, when and the note', () => {
    const a = acknowledge(opened(), 'ops@example.com', 'calling the customer', at(MIN));
    expect(a).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'ops@example.com', ackNote: 'calling the customer' });
    expect(a.acknowledgedAt?.getTime()).toBe(at(MIN));
  });

  it('renews an acknowledged alert with the new owner and time', () => {
    const first = acknowledge(opened(), 'ana', null, at(MIN));
    const second = acknowledge(first, 'ben', 'taking over', at(20 * MIN));
    expect(second).toMatchObject({ acknowledgedBy: 'ben', ackNote: 'taking over' });
    expect(second.acknowledgedAt?.getTime()).toBe(at(20 * MIN));
  });

  it('refuses a resolved alert with an AlertTransitionError (409)', () => {
    const done = resolve(opened(), 'ana', null, at(MIN));
    const err = thrownBy(() => acknowledge(done, 'ben', null, at(2 * MIN)));
    expect(err).toBeInstanceOf(AlertTransitionError);
    expect(err).toMatchObject({ code: 'alert_resolved', action: 'acknowledge', dedupKey: 'frustration:session_abc' });
  });
});

describe('resolve()', () => {
  it('resolves a triggered alert with who, when and why', () => {
    const a = resolve(opened(), 'ana', 'customer helped by phone', at(3 * MIN));
    expect(a).toMatchObject({ state: 'resolved', resolvedBy: 'ana', resolveReason: 'customer helped by phone' });
    expect(a.resolvedAt?.getTime()).toBe(at(3 * MIN));
  });

  it('resolves an acknowledged alert and keeps who acknowledged it', () => {
    const a = resolve(acknowledge(opened(), 'ana', null, at(MIN)), 'ana', null, at(2 * MIN));
    expect(a).toMatchObject({ state: 'resolved', acknowledgedBy: 'ana' });
  });

  it('refuses to resolve an alert twice', () => {
    const done = resolve(opened(), 'ana', null, at(MIN));
    expect(() => resolve(done, 'ben', null, at(2 * MIN))).toThrow(AlertTransitionError);
  });
});

describe('snooze() and isSuppressed()', () => {
  it('sets snoozedUntil and nothing else', () => {
    const before = opened();
    const after = snooze(before, at(30 * MIN));
    expect(after.snoozedUntil?.getTime()).toBe(at(30 * MIN));
    expect({ ...after, snoozedUntil: null }).toEqual(before);
  });

  it('ends a snooze with null', () => {
    expect(snooze(snooze(opened(), at(30 * MIN)), null).snoozedUntil).toBeNull();
  });

  it('accepts a Date for until', () => {
    expect(snooze(opened(), new Date(at(5 * MIN))).snoozedUntil?.getTime()).toBe(at(5 * MIN));
  });

  it('refuses to snooze a resolved alert', () => {
    expect(() => snooze(resolve(opened(), 'ana', null, at(MIN)), at(MIN))).toThrow(AlertTransitionError);
  });

  it('suppresses while snoozed, and not after the snooze ends', () => {
    const a = snooze(opened(), at(30 * MIN));
    expect(isSuppressed(a, at(29 * MIN), null)).toBe(true);
    expect(isSuppressed(a, at(30 * MIN), null)).toBe(false);
  });

  it('suppresses while the agent is muted', () => {
    expect(isSuppressed(opened(), at(MIN), at(2 * MIN))).toBe(true);
    expect(isSuppressed(opened(), at(3 * MIN), at(2 * MIN))).toBe(false);
    expect(isSuppressed(opened(), at(MIN), null)).toBe(false);
  });

  it('still escalates a snoozed alert: only the notification is held back', () => {
    const a = snooze(opened({ severity: 'critical' }), at(60 * MIN));
    const t = tick(a, at(policy.escalateAfterMs), policy, live);
    expect(t).toMatchObject({ notify: 'escalation', changed: true });
    expect(t.alert.escalationLevel).toBe(1);
    expect(isSuppressed(t.alert, at(policy.escalateAfterMs), null)).toBe(true);
  });
});

describe('tick(): escalation', () => {
  it('leaves a critical alert alone before escalateAfterMs', () => {
    const t = tick(opened({ severity: 'critical' }), at(policy.escalateAfterMs - 1), policy, live);
    expect(t).toMatchObject({ changed: false, notify: null });
  });

  it('escalates a critical unacknowledged alert after escalateAfterMs', () => {
    const t = tick(opened({ severity: 'critical' }), at(policy.escalateAfterMs), policy, live);
    expect(t).toMatchObject({ changed: true, notify: 'escalation' });
    expect(t.alert.escalationLevel).toBe(1);
    expect(t.alert.escalatedAt?.getTime()).toBe(at(policy.escalateAfterMs));
  });

  it('escalates again each further escalateAfterMs, one level per tick', () => {
    const once = tick(opened({ severity: 'critical' }), at(policy.escalateAfterMs), policy, live).alert;
    expect(tick(once, at(policy.escalateAfterMs + MIN), policy, live).changed).toBe(false);
    // a tick long overdue (the engine was down) escalates once, not once per missed period
    const twice = tick(once, at(5 * policy.escalateAfterMs), policy, live);
    expect(twice.alert.escalationLevel).toBe(2);
  });

  it('does not escalate a warning', () => {
    expect(tick(opened({ severity: 'warning' }), at(2 * policy.escalateAfterMs), policy, live).changed).toBe(false);
  });

  it('does not escalate an acknowledged critical alert', () => {
    const acked = acknowledge(opened({ severity: 'critical' }), 'ana', null, at(MIN));
    expect(tick(acked, at(policy.escalateAfterMs + MIN), policy, live).changed).toBe(false);
  });
});

describe('tick(): acknowledgement timeout', () => {
  it('keeps an acknowledgement younger than ackTimeoutMs', () => {
    const acked = acknowledge(opened(), 'ana', 'on it', at(MIN));
    expect(tick(acked, at(MIN + policy.ackTimeoutMs - 1), policy, live).changed).toBe(false);
  });

  it('returns an alert acknowledged but not resolved within ackTimeoutMs to triggered, and tells people', () => {
    const acked = acknowledge(opened(), 'ana', 'on it', at(MIN));
    const t = tick(acked, at(MIN + policy.ackTimeoutMs), policy, live);
    expect(t).toMatchObject({ changed: true, notify: 'escalation' });
    expect(t.alert).toMatchObject({ state: 'triggered', acknowledgedBy: null, acknowledgedAt: null, ackNote: null, escalationLevel: 1 });
    expect(t.alert.details.previousAck).toEqual({
      by: 'ana',
      at: new Date(at(MIN)).toISOString(),
      note: 'on it',
      expiredAt: new Date(at(MIN + policy.ackTimeoutMs)).toISOString(),
    });
  });

  it('restarts the escalation clock when an expired acknowledgement re-triggers a critical alert', () => {
    const acked = acknowledge(opened({ severity: 'critical' }), 'ana', null, at(MIN));
    const back = tick(acked, at(MIN + policy.ackTimeoutMs), policy, live).alert;
    expect(tick(back, at(MIN + policy.ackTimeoutMs + policy.escalateAfterMs - 1), policy, live).changed).toBe(false);
    expect(tick(back, at(MIN + policy.ackTimeoutMs + policy.escalateAfterMs), policy, live).notify).toBe('escalation');
  });
});

describe('tick(): auto-resolve', () => {
  const spike = (now = T0) =>
    opened({ rule: 'error_spike', dedupKey: 'errors:agent_support:gpu_unavailable', severity: 'critical', sessionId: null, messageIds: [] }, now);

  it('resolves a condition alert once its signal stayed away for holdMs', () => {
    const t = tick(spike(), at(policy.holdMs), policy, live);
    expect(t).toMatchObject({ changed: true, notify: null });
    expect(t.alert).toMatchObject({ state: 'resolved', resolvedBy: 'system', resolveReason: 'condition cleared' });
  });

  it('keeps a condition alert open while the signal keeps coming', () => {
    const recent = applySignal(spike(), null, signal({ rule: 'error_spike', dedupKey: 'errors:agent_support:gpu_unavailable' }), at(4 * MIN)).alert;
    expect(tick(recent, at(policy.holdMs), policy, live).alert.state).toBe('triggered');
  });

  it('resolves an acknowledged condition alert too when the condition clears', () => {
    const acked = acknowledge(spike(), 'ana', null, at(MIN));
    expect(tick(acked, at(policy.holdMs), policy, live).alert.state).toBe('resolved');
  });

  it('resolves a conversation alert when its session ends', () => {
    const t = tick(opened(), at(MIN), policy, { sessionEnded: true });
    expect(t.alert).toMatchObject({ state: 'resolved', resolvedBy: 'system', resolveReason: 'session ended' });
  });

  it('keeps a conversation alert open while its session is live, however quiet it is', () => {
    expect(tick(opened(), at(10 * policy.holdMs), policy, live).alert.state).toBe('triggered');
  });

  it('does not resolve a condition alert because a session ended', () => {
    expect(tick(spike(), at(MIN), policy, { sessionEnded: true }).alert.state).toBe('triggered');
  });

  it('changes nothing on a resolved alert', () => {
    const done = resolve(opened(), 'ana', null, at(MIN));
    expect(tick(done, at(100 * MIN), policy, { sessionEnded: true })).toMatchObject({ alert: done, changed: false, notify: null });
  });
});
