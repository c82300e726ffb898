import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../lib/alerts';
import { alertListReducer, countUnacknowledged, emptyAlertList, isOpenAlert, type AlertListState } from '../../lib/realtime-client';

const iso = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();

const alert = (id: number, lastSeen: number, extra: Partial<AlertView> = {}): AlertView => ({
  id,
  dedupKey: `frustration:s${id}`,
  rule: 'frustration',
  severity: 'warning',
  state: 'triggered',
  title: `alert ${id}`,
  summary: '',
  agentId: 'agent_a',
  sessionId: `s${id}`,
  count: 1,
  firstSeenAt: iso(0),
  lastSeenAt: iso(lastSeen),
  recurrence: false,
  acknowledgedBy: null,
  acknowledgedAt: null,
  ackNote: null,
  resolvedBy: null,
  resolvedAt: null,
  resolveReason: null,
  escalationLevel: 0,
  snoozedUntil: null,
  messageIds: [],
  suppressed: false,
  ...extra,
});

const acked = (a: AlertView, by = 'op1@pulse.test'): AlertView => ({ ...a, state: 'acknowledged', acknowledgedBy: by, acknowledgedAt: iso(30), ackNote: 'on it' });
const openList = alertListReducer({ accepts: isOpenAlert, limit: 3 });
const fetched = (state: AlertListState, alerts: AlertView[], startedAt: number, complete = true) =>
  openList(state, { type: 'fetched', alerts, startedAt, complete });
const live = (state: AlertListState, a: AlertView, counter: number, kind: 'new' | 'update' = 'update') =>
  openList(state, { type: 'change', change: { source: 'live', kind, alert: a, counter } });

describe('alert list merge', () => {
  it('keeps open alerts most recently seen first', () => {
    const s = fetched(emptyAlertList, [alert(1, 5), alert(2, 9)], 0);
    expect(s.loaded).toBe(true);
    expect(s.alerts.map((a) => a.id)).toEqual([2, 1]);
  });

  it('a socket update replaces the listed version of the same alert', () => {
    let s = fetched(emptyAlertList, [alert(1, 5)], 0);
    s = live(s, acked(alert(1, 5)), 1);
    expect(s.alerts).toHaveLength(1);
    expect(s.alerts[0].state).toBe('acknowledged');
    expect(s.alerts[0].acknowledgedBy).toBe('op1@pulse.test');
  });

  it('a fetch answered after a socket update does not undo the update it started before', () => {
    let s = live(emptyAlertList, alert(1, 5), 1, 'new');
    s = live(s, acked(alert(1, 5)), 2);
    // Request left when the counter was 1, so it was read before the acknowledgement arrived.
    s = fetched(s, [alert(1, 5)], 1);
    expect(s.alerts[0].state).toBe('acknowledged');
  });

  it('a fetch started after the last socket update wins (it is the server now)', () => {
    let s = live(emptyAlertList, acked(alert(1, 5)), 1, 'new');
    // The acknowledgement timed out while the socket was down: the alert is triggered again.
    s = fetched(s, [alert(1, 5)], 1);
    expect(s.alerts[0].state).toBe('triggered');
  });

  it('a complete fetch drops open alerts the server no longer lists, but not ones updated since it started', () => {
    let s = fetched(emptyAlertList, [alert(1, 5), alert(2, 6)], 0);
    s = live(s, alert(3, 7), 1, 'new');
    s = fetched(s, [alert(2, 6)], 0);
    expect(s.alerts.map((a) => a.id)).toEqual([3, 2]);
  });

  it('an update for an alert the open list does not hold joins only while open', () => {
    let s = fetched(emptyAlertList, [], 0);
    s = live(s, alert(5, 5, { state: 'resolved' }), 1);
    expect(s.alerts).toEqual([]);
    s = live(s, alert(6, 5), 2);
    expect(s.alerts.map((a) => a.id)).toEqual([6]);
  });

  it('a resolved alert it holds stays (to show what happened) but leaves the open count', () => {
    let s = fetched(emptyAlertList, [alert(1, 5)], 0);
    s = live(s, alert(1, 5, { state: 'resolved', resolvedBy: 'op' }), 1);
    expect(s.alerts[0].state).toBe('resolved');
    expect(s.alerts.filter(isOpenAlert)).toEqual([]);
  });

  it('is capped, dropping resolved alerts before open ones', () => {
    let s = fetched(emptyAlertList, [alert(1, 1, { state: 'resolved' }), alert(2, 2), alert(3, 3)], 0, false);
    s = live(s, alert(4, 0), 1, 'new');
    expect(s.alerts.map((a) => a.id).sort()).toEqual([2, 3, 4]);
    s = live(s, alert(5, 9), 2, 'new');
    expect(s.alerts.map((a) => a.id)).toEqual([5, 3, 2]);
  });

  it('the same alert arriving twice (new, then again) is listed once', () => {
    let s = live(emptyAlertList, alert(1, 5), 1, 'new');
    s = live(s, alert(1, 8, { count: 2 }), 2, 'new');
    expect(s.alerts).toHaveLength(1);
    expect(s.alerts[0].count).toBe(2);
  });
});

describe('countUnacknowledged', () => {
  it('counts triggered alerts, not acknowledged, snoozed or muted ones', () => {
    expect(countUnacknowledged([alert(1, 1), acked(alert(2, 1)), alert(3, 1, { suppressed: true }), alert(4, 1)])).toBe(2);
  });
});
