import type { AgentCapacity, CapacitySnapshot, RoomCapacity } from '../../../lib/metrics';
import { ALL_AGENTS } from '../../processing/metric-buckets';
import type { SqlRunner } from '../client';

export interface CapacityLimits {
  /** CAPACITY_LIMITS */
  perAgent: Record<string, number>;
  /** for agents not listed (ALERT_CAPACITY_PER_AGENT) */
  fallback: number;
}

const startOfUtcDay = (now: number) => new Date(Math.floor(now / 86_400_000) * 86_400_000);

/**
 * Capacity now: per agent the active sessions, the idle ones (open but quiet, status 'idle'), the
 * participants of both, the limit and today's peak of the active-sessions gauge; per room the same
 * counts. Utilization and the limit count active sessions, as the capacity alert does.
 */
export async function getCapacity(db: SqlRunner, limits: CapacityLimits, now = Date.now()): Promise<CapacitySnapshot> {
  const [knownAgents, agentRows, roomRows, peakRows] = await Promise.all([
    db.query<{ id: string }>(`SELECT id FROM agents ORDER BY id LIMIT 2000`),
    db.query<{ agent_id: string | null; active: unknown; idle: unknown; participants: unknown }>(
      `SELECT agent_id, count(*) FILTER (WHERE status = 'active') AS active, count(*) FILTER (WHERE status = 'idle') AS idle,
              coalesce(sum(participant_count), 0) AS participants
       FROM sessions WHERE status IN ('active', 'idle') GROUP BY agent_id`,
    ),
    db.query<{ room_name: string | null; agent_id: string | null; active: unknown; idle: unknown; participants: unknown }>(
      `SELECT room_name, agent_id, count(*) FILTER (WHERE status = 'active') AS active, count(*) FILTER (WHERE status = 'idle') AS idle,
              coalesce(sum(participant_count), 0) AS participants
       FROM sessions WHERE status IN ('active', 'idle') GROUP BY room_name, agent_id ORDER BY count(*) DESC, room_name LIMIT 500`,
    ),
    db.query<{ agent_id: string; peak: unknown }>(
      `SELECT agent_id, max(max) AS peak FROM metric_buckets WHERE metric = 'sessions.active' AND bucket_start >= $1 GROUP BY agent_id`,
      [startOfUtcDay(now)],
    ),
  ]);

  const peaks = new Map(peakRows.map((r) => [r.agent_id, Number(r.peak)]));
  const byAgent = new Map<string, { active: number; idle: number; participants: number }>();
  const totals = { activeSessions: 0, idleSessions: 0, participants: 0, peakToday: 0 };
  for (const r of agentRows) {
    const counts = { active: Number(r.active), idle: Number(r.idle), participants: Number(r.participants) };
    totals.activeSessions += counts.active;
    totals.idleSessions += counts.idle;
    totals.participants += counts.participants;
    if (r.agent_id) byAgent.set(r.agent_id, counts);
  }
  totals.peakToday = Math.max(totals.activeSessions, peaks.get(ALL_AGENTS) ?? 0);

  const ids = new Set([...knownAgents.map((a) => a.id), ...byAgent.keys(), ...Object.keys(limits.perAgent)]);
  const agents: AgentCapacity[] = [...ids].map((agentId) => {
    const c = byAgent.get(agentId) ?? { active: 0, idle: 0, participants: 0 };
    const limit = limits.perAgent[agentId] ?? limits.fallback;
    return {
      agentId,
      activeSessions: c.active,
      idleSessions: c.idle,
      participants: c.participants,
      limit,
      free: Math.max(0, limit - c.active),
      utilization: c.active / limit,
      peakToday: Math.max(c.active, peaks.get(agentId) ?? 0),
    };
  });
  agents.sort((a, b) => b.utilization - a.utilization || b.activeSessions - a.activeSessions || a.agentId.localeCompare(b.agentId));

  const rooms: RoomCapacity[] = roomRows.map((r) => ({
    roomName: r.room_name,
    agentId: r.agent_id,
    activeSessions: Number(r.active),
    idleSessions: Number(r.idle),
    participants: Number(r.participants),
  }));
  return { at: new Date(now).toISOString(), totals, agents, rooms };
}
