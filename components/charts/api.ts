import { z } from 'zod';
import { sessionSummaryShape, sessionSummarySchema } from '@/components/realtime/schemas';
import type { SessionAnalyticsView } from '@/lib/analytics';
import { callApi, type ApiResult } from '@/lib/api-client';
import type { HistoryPage, HistorySession } from '@/lib/history';
import type { CapacitySnapshot, MessageHeatmap, MetricSeries, MetricStep, MetricsTick } from '@/lib/metrics';
import type { SessionSummary } from '@/lib/realtime';

/** What the analytics pages read from the API, checked at the edge like every other input. */

const metricValue = z.object({ sum: z.number(), count: z.number(), max: z.number().nullable() });
const metricPoint = z.object({ t: z.string(), span: z.literal('hour').optional(), values: z.record(z.string(), metricValue) });

export const metricSeries: z.ZodType<MetricSeries> = z.object({
  step: z.enum(['minute', 'hour', 'day']),
  from: z.string(),
  to: z.string(),
  agent: z.string().nullable(),
  metrics: z.array(z.string()),
  points: z.array(metricPoint),
});

export const messageHeatmap: z.ZodType<MessageHeatmap> = z.object({
  from: z.string(),
  to: z.string(),
  agent: z.string().nullable(),
  tzOffsetMinutes: z.number(),
  counts: z.array(z.array(z.number())),
  max: z.number(),
  total: z.number(),
});

export const capacitySnapshot: z.ZodType<CapacitySnapshot> = z.object({
  at: z.string(),
  totals: z.object({ activeSessions: z.number(), idleSessions: z.number(), participants: z.number(), peakToday: z.number() }),
  agents: z.array(
    z.object({
      agentId: z.string(),
      activeSessions: z.number(),
      idleSessions: z.number(),
      participants: z.number(),
      limit: z.number(),
      free: z.number(),
      utilization: z.number(),
      peakToday: z.number(),
    }),
  ),
  rooms: z.array(
    z.object({
      roomName: z.string().nullable(),
      agentId: z.string().nullable(),
      activeSessions: z.number(),
      idleSessions: z.number(),
      participants: z.number(),
    }),
  ),
});

export const metricsTick: z.ZodType<MetricsTick> = z.object({ at: z.string(), points: z.array(metricPoint), capacity: capacitySnapshot });

export const sessionAnalytics: z.ZodType<SessionAnalyticsView> = z.object({
  sessionId: z.string(),
  endedAt: z.string(),
  computedAt: z.string(),
  durationSeconds: z.number(),
  userMessages: z.number(),
  avatarMessages: z.number(),
  userTurns: z.number(),
  answeredTurns: z.number(),
  responseMedianMs: z.number().nullable(),
  responseWorstMs: z.number().nullable(),
  avgUserSentiment: z.number().nullable(),
  sentimentTrend: z.number().nullable(),
  alertsRaised: z.number(),
  repeatedQuestions: z.number(),
  engagementScore: z.number(),
  qualityScore: z.number().nullable(),
});

const sessionSummary: z.ZodType<SessionSummary> = sessionSummarySchema;
const historySession: z.ZodType<HistorySession> = z.object({
  ...sessionSummaryShape,
  durationMs: z.number(),
  analytics: sessionAnalytics.nullable(),
});
export const historyPage: z.ZodType<HistoryPage> = z.object({ sessions: z.array(historySession), nextCursor: z.string().nullable() });



/** GET /api/sessions/:id, read only for its analytics (the transcript comes from the socket). */
const sessionDetail = z.object({ session: sessionSummary.nullable(), analytics: sessionAnalytics.optional() });

export interface SeriesRequest {
  metrics: readonly string[];
  from: Date;
  to: Date;
  agent?: string | null;
  step?: MetricStep | 'auto';
}

export function seriesPath(req: SeriesRequest): string {
  const params = new URLSearchParams({
    metrics: req.metrics.join(','),
    from: req.from.toISOString(),
    to: req.to.toISOString(),
    step: req.step ?? 'auto',
  });
  if (req.agent) params.set('agent', req.agent);
  return `/api/metrics/series?${params}`;
}

export function fetchSeries(req: SeriesRequest): Promise<ApiResult<MetricSeries>> {
  return callApi(seriesPath(req), metricSeries);
}

export function fetchHeatmap(req: { from: Date; to: Date; agent?: string | null }): Promise<ApiResult<MessageHeatmap>> {
  const params = new URLSearchParams({ from: req.from.toISOString(), to: req.to.toISOString() });
  if (req.agent) params.set('agent', req.agent);
  // The grid reads in the operator's time zone (minutes east of UTC).
  params.set('tzOffset', String(-new Date().getTimezoneOffset()));
  return callApi(`/api/metrics/heatmap?${params}`, messageHeatmap);
}

export function fetchCapacity(): Promise<ApiResult<CapacitySnapshot>> {
  return callApi('/api/capacity', capacitySnapshot);
}

export function fetchHistory(query: URLSearchParams): Promise<ApiResult<HistoryPage>> {
  return callApi(`/api/history/sessions?${query}`, historyPage);
}

export async function fetchSessionAnalytics(sessionId: string): Promise<ApiResult<SessionAnalyticsView | null>> {
  const res = await callApi(`/api/sessions/${encodeURIComponent(sessionId)}`, sessionDetail);
  return res.ok ? { ...res, data: res.data.analytics ?? null } : res;
}
