import type { AlertRule, Severity } from '../../lib/alerts';

/**
 * A conversation's analytics, computed when its session ends (by session_end or by
 * inactivity) and again if it is reopened and ends again. Pure: a function of the transcript,
 * the alerts the session raised, the session row and the clock. docs/analytics.md explains
 * every formula and why it is what it is; the constants below are the ones it names.
 */

export interface AnalyticsMessage {
  role: 'user' | 'assistant';
  sentAt: Date;
  /** -1 to 1; null when it was not scored */
  sentiment: number | null;
}

export interface AnalyticsAlert {
  rule: AlertRule | string;
  severity: Severity | string;
  /** occurrences folded into this alert */
  count: number;
}

export interface AnalyticsSession {
  startedAt: Date;
  endedAt: Date | null;
}

export interface SessionAnalytics {
  endedAt: Date;
  computedAt: Date;
  durationSeconds: number;
  userMessages: number;
  avatarMessages: number;
  userTurns: number;
  answeredTurns: number;
  responseMedianMs: number | null;
  responseWorstMs: number | null;
  avgUserSentiment: number | null;
  sentimentTrend: number | null;
  alertsRaised: number;
  repeatedQuestions: number;
  engagementScore: number;
  qualityScore: number | null;
}

/** Engagement: full marks at this many user turns, seconds, and answered exchanges. */
export const ENGAGEMENT = { turnsPoints: 40, fullTurns: 8, durationPoints: 30, fullSeconds: 300, depthPoints: 30, fullExchanges: 5 } as const;

/** Quality: 100 minus these penalties (their maxima add up to 100). */
export const QUALITY = {
  /** median response time: no penalty up to `medianFreeMs`, the full `medianPoints` at `medianFullMs` */
  medianPoints: 25,
  medianFreeMs: 2_000,
  medianFullMs: 10_000,
  worstPoints: 10,
  worstFreeMs: 10_000,
  worstFullMs: 30_000,
  /** share of user turns left without an answer */
  unansweredPoints: 10,
  /** negative average user sentiment (−1 → full) */
  sentimentLevelPoints: 15,
  /** sentiment falling over the conversation (a drop of 1 → full) */
  sentimentTrendPoints: 10,
  /** alerts other than repeats, by severity, capped */
  alertPoints: { info: 4, warning: 8, critical: 15 } as Record<string, number>,
  alertCap: 20,
  /** each repeated question (occurrences of the `repeat` alert), capped */
  repeatPoints: 5,
  repeatCap: 10,
} as const;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Turns and response times. A run of consecutive user messages is one turn (the user is still
 * asking); its response time runs from the run's first message, when the user started waiting,
 * to the next avatar message. Avatar messages with no user turn waiting (greetings, follow-ups)
 * answer nothing.
 */
export function responseTimes(ordered: AnalyticsMessage[]): { userTurns: number; times: number[] } {
  let waitingSince: number | null = null;
  let userTurns = 0;
  const times: number[] = [];
  for (const m of ordered) {
    if (m.role === 'user') {
      if (waitingSince === null) {
        waitingSince = m.sentAt.getTime();
        userTurns++;
      }
    } else if (waitingSince !== null) {
      times.push(m.sentAt.getTime() - waitingSince);
      waitingSince = null;
    }
  }
  return { userTurns, times };
}

/** Later half minus earlier half (the middle value of an odd count belongs to neither). */
export function sentimentTrend(scores: number[]): number | null {
  if (scores.length < 2) return null;
  const half = Math.floor(scores.length / 2);
  return mean(scores.slice(scores.length - half)) - mean(scores.slice(0, half));
}

export function engagementScore(a: { userTurns: number; answeredTurns: number; durationSeconds: number }): number {
  if (a.userTurns === 0) return 0;
  const e = ENGAGEMENT;
  const score =
    e.turnsPoints * clamp01(a.userTurns / e.fullTurns) +
    e.durationPoints * clamp01(a.durationSeconds / e.fullSeconds) +
    e.depthPoints * clamp01(a.answeredTurns / e.fullExchanges);
  return Math.round(score);
}

export function qualityScore(a: {
  userTurns: number;
  answeredTurns: number;
  responseMedianMs: number | null;
  responseWorstMs: number | null;
  avgUserSentiment: number | null;
  sentimentTrend: number | null;
  alerts: AnalyticsAlert[];
  repeatedQuestions: number;
}): number | null {
  if (a.userTurns === 0) return null;
  const q = QUALITY;
  const responsiveness =
    a.answeredTurns === 0 || a.responseMedianMs === null || a.responseWorstMs === null
      ? q.medianPoints + q.worstPoints
      : q.medianPoints * clamp01((a.responseMedianMs - q.medianFreeMs) / (q.medianFullMs - q.medianFreeMs)) +
        q.worstPoints * clamp01((a.responseWorstMs - q.worstFreeMs) / (q.worstFullMs - q.worstFreeMs));
  const unanswered = q.unansweredPoints * ((a.userTurns - a.answeredTurns) / a.userTurns);
  const sentiment =
    q.sentimentLevelPoints * clamp01(-(a.avgUserSentiment ?? 0)) + q.sentimentTrendPoints * clamp01(-(a.sentimentTrend ?? 0));
  const alerts = Math.min(
    q.alertCap,
    a.alerts.filter((x) => x.rule !== 'repeat').reduce((sum, x) => sum + (q.alertPoints[x.severity] ?? q.alertPoints.warning), 0),
  );
  const repeats = Math.min(q.repeatCap, q.repeatPoints * a.repeatedQuestions);
  return Math.round(Math.min(100, Math.max(0, 100 - responsiveness - unanswered - sentiment - alerts - repeats)));
}

/**
 * Everything at once. Messages may come in any order (they are sorted by event time, ties
 * keeping their given order); a session that has not ended is measured up to `now`.
 */
export function computeSessionAnalytics(
  messages: readonly AnalyticsMessage[],
  alerts: readonly AnalyticsAlert[],
  session: AnalyticsSession,
  now: number,
): SessionAnalytics {
  const ordered = messages
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.sentAt.getTime() - b.m.sentAt.getTime() || a.i - b.i)
    .map(({ m }) => m);
  const endedAt = session.endedAt ?? new Date(now);
  const durationSeconds = Math.max(0, endedAt.getTime() - session.startedAt.getTime()) / 1000;
  const user = ordered.filter((m) => m.role === 'user');
  const { userTurns, times } = responseTimes(ordered);
  const scores = user.map((m) => m.sentiment).filter((s): s is number => typeof s === 'number' && Number.isFinite(s));
  const repeatedQuestions = alerts.filter((a) => a.rule === 'repeat').reduce((sum, a) => sum + a.count, 0);
  const base = {
    endedAt,
    computedAt: new Date(now),
    durationSeconds,
    userMessages: user.length,
    avatarMessages: ordered.length - user.length,
    userTurns,
    answeredTurns: times.length,
    responseMedianMs: times.length ? median(times) : null,
    responseWorstMs: times.length ? times.reduce((a, b) => Math.max(a, b)) : null,
    avgUserSentiment: scores.length ? mean(scores) : null,
    sentimentTrend: sentimentTrend(scores),
    alertsRaised: alerts.length,
    repeatedQuestions,
  };
  return {
    ...base,
    engagementScore: engagementScore(base),
    qualityScore: qualityScore({ ...base, alerts: [...alerts] }),
  };
}
