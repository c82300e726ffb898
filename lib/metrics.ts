/**
 * Chart and capacity contracts shared by the API (`/api/metrics/series`, `/api/metrics/heatmap`,
 * `/api/capacity`), the realtime `metrics:tick` push and the dashboard, plus the pure rule that
 * picks a series' step.
 */

export type MetricStep = 'minute' | 'hour' | 'day';

/** One metric in one bucket. A counter's value is `sum`; a gauge (sessions.active) averages as sum / count. */
export interface MetricValue {
  sum: number;
  count: number;
  /** largest single sample; null when the bucket is empty */
  max: number | null;
}

export interface MetricPoint {
  /** bucket start, ISO (UTC) */
  t: string;
  /**
   * 'hour' on a minute series where this point holds a whole hour that was already rolled up
   * (minute buckets older than two hours are kept only as hour totals).
   */
  span?: 'hour';
  values: Record<string, MetricValue>;
}

export interface MetricSeries {
  step: MetricStep;
  from: string;
  to: string;
  /** the agent asked for, or null for all agents */
  agent: string | null;
  /** every metric present in the points (wildcards expanded) */
  metrics: string[];
  points: MetricPoint[];
}

export interface MessageHeatmap {
  from: string;
  to: string;
  agent: string | null;
  /** minutes east of UTC the weekdays and hours are shown in */
  tzOffsetMinutes: number;
  /** counts[weekday][hour]: weekday 0 = Sunday … 6 = Saturday, hour 0 … 23 */
  counts: number[][];
  max: number;
  total: number;
}

export interface AgentCapacity {
  agentId: string;
  /** sessions active now */
  activeSessions: number;
  /** sessions open but quiet (status 'idle', after SESSION_IDLE_MINUTES) */
  idleSessions: number;
  /** sum of participant_count over active and idle sessions (may include the agent and avatar) */
  participants: number;
  limit: number;
  /** limit − active, never below 0 */
  free: number;
  /** active / limit (1 = at the limit) */
  utilization: number;
  /** highest active-sessions sample since 00:00 UTC today (at least activeSessions) */
  peakToday: number;
}

export interface RoomCapacity {
  roomName: string | null;
  agentId: string | null;
  activeSessions: number;
  idleSessions: number;
  participants: number;
}

export interface CapacitySnapshot {
  at: string;
  totals: { activeSessions: number; idleSessions: number; participants: number; peakToday: number };
  /** every known agent and every agent with a configured limit; busiest (by utilization) first */
  agents: AgentCapacity[];
  /** rooms with active sessions, busiest first */
  rooms: RoomCapacity[];
}

/** The realtime push every 10 s: the current and previous minute (all agents), and capacity. */
export interface MetricsTick {
  at: string;
  /** step 'minute', all agents; replace points with the same `t` */
  points: MetricPoint[];
  capacity: CapacitySnapshot;
}

export const STEP_MS: Record<MetricStep, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Longest range each step may cover, so a series is at most a few hundred to ~1,500 points. */
export const MAX_RANGE_MS: Record<MetricStep, number> = { minute: 24 * 3_600_000, hour: 31 * 86_400_000, day: 400 * 86_400_000 };

/** auto: minute buckets up to 6 hours, hour buckets up to 31 days, days beyond. */
export function chooseStep(requested: MetricStep | 'auto', fromMs: number, toMs: number): MetricStep {
  if (requested !== 'auto') return requested;
  const range = toMs - fromMs;
  if (range <= 6 * 3_600_000) return 'minute';
  if (range <= MAX_RANGE_MS.hour) return 'hour';
  return 'day';
}

/** A metric name, a prefix wildcard such as `events.*`, or `*` for every metric. */
export const METRIC_NAME = /^(\*|[a-z_]+(\.[A-Za-z0-9_:.-]+)?(\.\*)?)$/;
