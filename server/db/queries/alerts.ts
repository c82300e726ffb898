import type { AlertRule, AlertState, AlertView, Severity } from '../../../lib/alerts';
import type { Alert } from '../../alerts/model';
import type { Prisma } from '../generated/client.ts';
import type { Database } from '../client';

/** Alerts in and out of the database, and the views the API and the dashboards get. */

type Row = Prisma.AlertGetPayload<object>;

export function toAlert(r: Row): Alert & { id: number } {
  return {
    id: Number(r.id),
    dedupKey: r.dedupKey,
    rule: r.rule as AlertRule,
    severity: r.severity as Severity,
    state: r.state as AlertState,
    title: r.title,
    summary: r.summary,
    agentId: r.agentId,
    sessionId: r.sessionId,
    count: r.count,
    firstSeenAt: r.firstSeenAt,
    lastSeenAt: r.lastSeenAt,
    recurrence: r.recurrence,
    acknowledgedBy: r.acknowledgedBy,
    acknowledgedAt: r.acknowledgedAt,
    ackNote: r.ackNote,
    resolvedBy: r.resolvedBy,
    resolvedAt: r.resolvedAt,
    resolveReason: r.resolveReason,
    escalationLevel: r.escalationLevel,
    escalatedAt: r.escalatedAt,
    snoozedUntil: r.snoozedUntil,
    messageIds: Array.isArray(r.messageIds) ? (r.messageIds as number[]) : [],
    details: (r.details ?? {}) as Record<string, unknown>,
  };
}

function toData(a: Alert) {
  return {
    dedupKey: a.dedupKey,
    // One open alert per dedup key: the unique open_key is cleared when it resolves.
    openKey: a.state === 'resolved' ? null : a.dedupKey,
    rule: a.rule,
    severity: a.severity,
    state: a.state,
    title: a.title,
    summary: a.summary,
    agentId: a.agentId,
    sessionId: a.sessionId,
    count: a.count,
    firstSeenAt: a.firstSeenAt,
    lastSeenAt: a.lastSeenAt,
    recurrence: a.recurrence,
    acknowledgedBy: a.acknowledgedBy,
    acknowledgedAt: a.acknowledgedAt,
    ackNote: a.ackNote,
    resolvedBy: a.resolvedBy,
    resolvedAt: a.resolvedAt,
    resolveReason: a.resolveReason,
    escalationLevel: a.escalationLevel,
    escalatedAt: a.escalatedAt,
    snoozedUntil: a.snoozedUntil,
    messageIds: a.messageIds,
    details: a.details as Prisma.InputJsonValue,
  };
}

export function toAlertView(a: Alert & { id: number }, suppressed: boolean): AlertView {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: a.id,
    dedupKey: a.dedupKey,
    rule: a.rule,
    severity: a.severity,
    state: a.state,
    title: a.title,
    summary: a.summary,
    agentId: a.agentId,
    sessionId: a.sessionId,
    count: a.count,
    firstSeenAt: a.firstSeenAt.toISOString(),
    lastSeenAt: a.lastSeenAt.toISOString(),
    recurrence: a.recurrence,
    acknowledgedBy: a.acknowledgedBy,
    acknowledgedAt: iso(a.acknowledgedAt),
    ackNote: a.ackNote,
    resolvedBy: a.resolvedBy,
    resolvedAt: iso(a.resolvedAt),
    resolveReason: a.resolveReason,
    escalationLevel: a.escalationLevel,
    snoozedUntil: iso(a.snoozedUntil),
    messageIds: a.messageIds,
    suppressed,
  };
}

export async function findOpenAlert(db: Database, dedupKey: string) {
  const row = await db.prisma.alert.findUnique({ where: { openKey: dedupKey } });
  return row ? toAlert(row) : null;
}

export async function findLastResolved(db: Database, dedupKey: string) {
  const row = await db.prisma.alert.findFirst({ where: { dedupKey, state: 'resolved' }, orderBy: { id: 'desc' } });
  return row ? toAlert(row) : null;
}

export async function getAlert(db: Database, id: number) {
  const row = await db.prisma.alert.findUnique({ where: { id: BigInt(id) } });
  return row ? toAlert(row) : null;
}

/** Inserts a new alert or saves a changed one; returns it with its id. */
export async function saveAlert(db: Database, alert: Alert): Promise<Alert & { id: number }> {
  const data = toData(alert);
  const row = alert.id
    ? await db.prisma.alert.update({ where: { id: BigInt(alert.id) }, data })
    : await db.prisma.alert.create({ data });
  return toAlert(row);
}

export async function listOpenAlerts(db: Database) {
  return (await db.prisma.alert.findMany({ where: { state: { not: 'resolved' } }, orderBy: { id: 'asc' } })).map(toAlert);
}

export interface AlertFilter {
  state?: 'open' | AlertState;
  rule?: AlertRule;
  severity?: Severity;
  agentId?: string;
  sessionId?: string;
  limit: number;
  before?: number;
}

export async function listAlerts(db: Database, f: AlertFilter) {
  const rows = await db.prisma.alert.findMany({
    where: {
      ...(f.state === 'open' ? { state: { not: 'resolved' } } : f.state ? { state: f.state } : {}),
      ...(f.rule ? { rule: f.rule } : {}),
      ...(f.severity ? { severity: f.severity } : {}),
      ...(f.agentId ? { agentId: f.agentId } : {}),
      ...(f.sessionId ? { sessionId: f.sessionId } : {}),
      ...(f.before ? { id: { lt: BigInt(f.before) } } : {}),
    },
    orderBy: [{ lastSeenAt: 'desc' }, { id: 'desc' }],
    take: f.limit,
  });
  return rows.map(toAlert);
}

/** Agents muted now: agent id -> muted until (ms). */
export async function activeMutes(db: Database, now: number): Promise<Map<string, number>> {
  const rows = await db.prisma.agentMute.findMany({ where: { until: { gt: new Date(now) } } });
  return new Map(rows.map((r) => [r.agentId, r.until.getTime()]));
}

/** Active sessions per agent, for the capacity rule. */
export async function activeSessionCounts(db: Database): Promise<{ perAgent: Record<string, number>; total: number }> {
  const groups = await db.prisma.session.groupBy({ by: ['agentId'], where: { status: { in: ['active', 'idle'] } }, _count: { _all: true } });
  const perAgent: Record<string, number> = {};
  let total = 0;
  for (const g of groups) {
    total += g._count._all;
    if (g.agentId) perAgent[g.agentId] = g._count._all;
  }
  return { perAgent, total };
}

/** The newest transcript lines of a session, oldest first (to rebuild a conversation's rule state). */
export async function recentMessages(db: Database, sessionId: string, limit = 20) {
  const rows = await db.prisma.message.findMany({ where: { sessionId }, orderBy: [{ sentAt: 'desc' }, { id: 'desc' }], take: limit });
  return rows.reverse();
}

