'use client';

import { useEffect, useState } from 'react';
import { fetchSessionAnalytics } from '@/components/charts/api';
import { Panel } from '@/components/ui/Panel';
import type { SessionAnalyticsView } from '@/lib/analytics';
import { formatDuration } from '@/components/history/query';

/** The figures are computed as the session ends; right after, they may take a moment to appear. */
const RETRIES = 5;
const RETRY_MS = 3_000;

type Loaded = { key: string; analytics: SessionAnalyticsView | null; error: string | null; done: boolean };

/** A finished conversation in figures (docs/analytics.md): beside the transcript once it has ended. */
export function SessionAnalyticsCard({ sessionId, endedAt }: { sessionId: string; endedAt: string }) {
  const key = `${sessionId}|${endedAt}`;
  const [state, setState] = useState<Loaded>({ key, analytics: null, error: null, done: false });

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = async (left: number) => {
      const res = await fetchSessionAnalytics(sessionId);
      if (cancelled) return;
      // Figures of an earlier end (a reopened session) are not this end's: wait a little for the new ones.
      if (res.ok && res.data?.endedAt === endedAt) setState({ key, analytics: res.data, error: null, done: true });
      else if (left === 0) setState({ key, analytics: res.ok ? res.data : null, error: res.ok ? null : res.message, done: true });
      else timer = setTimeout(() => void attempt(left - 1), RETRY_MS);
    };
    void attempt(RETRIES);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key, sessionId, endedAt]);

  const shown = state.key === key ? state : { key, analytics: null, error: null, done: false };
  const a = shown.analytics;
  return (
    <Panel id="session-analytics" title="Conversation analytics" testId="session-analytics" aside={a ? 'computed when it ended' : undefined}>
      {!a ? (
        <p className="px-4 py-4 text-sm text-zinc-500 dark:text-zinc-400">
          {shown.error ? `Could not load the figures: ${shown.error}` : shown.done ? 'No figures for this session.' : 'Computing the figures…'}
        </p>
      ) : (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-3 px-4 py-4 text-sm">
          <Figure label="Engagement" testId="analytics-engagement" value={<Score value={a.engagementScore} />} />
          <Figure label="Quality" testId="analytics-quality" value={a.qualityScore === null ? '–' : <Score value={a.qualityScore} />} />
          <Figure label="Duration" value={formatDuration(a.durationSeconds * 1000)} />
          <Figure label="Messages" value={`${a.userMessages} user · ${a.avatarMessages} avatar`} />
          <Figure label="Questions answered" value={`${a.answeredTurns} of ${a.userTurns}`} />
          <Figure label="Repeated questions" value={a.repeatedQuestions} />
          <Figure label="Response, median" value={a.responseMedianMs === null ? '–' : formatMs(a.responseMedianMs)} />
          <Figure label="Response, worst" value={a.responseWorstMs === null ? '–' : formatMs(a.responseWorstMs)} />
          <Figure label="Average sentiment" value={a.avgUserSentiment === null ? '–' : <Sentiment value={a.avgUserSentiment} trend={a.sentimentTrend} />} />
          <Figure label="Alerts raised" value={a.alertsRaised} />
        </dl>
      )}
    </Panel>
  );
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function Figure({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div>
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd data-testid={testId} className="mt-0.5 tabular-nums">
        {value}
      </dd>
    </div>
  );
}

function Score({ value }: { value: number }) {
  const tone = value >= 70 ? 'bg-emerald-500' : value >= 40 ? 'bg-amber-500' : 'bg-red-500';
  return (
    <span className="flex items-center gap-2">
      <span className="font-semibold">{value}</span>
      <span aria-hidden="true" className="h-1.5 w-16 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800">
        <span className={`block h-full ${tone}`} style={{ width: `${Math.max(0, Math.min(100, value))}%` }} />
      </span>
    </span>
  );
}

function Sentiment({ value, trend }: { value: number; trend: number | null }) {
  const word = value < -0.05 ? 'negative' : value > 0.05 ? 'positive' : 'neutral';
  const color = word === 'negative' ? 'text-red-700 dark:text-red-400' : word === 'positive' ? 'text-emerald-700 dark:text-emerald-400' : '';
  const arrow = trend === null || Math.abs(trend) < 0.05 ? '' : trend > 0 ? ' ↗' : ' ↘';
  return (
    <span className={color} title={trend === null ? undefined : `trend ${trend > 0 ? '+' : ''}${trend.toFixed(2)} (later half minus earlier half)`}>
      {value.toFixed(2)} {word}
      {arrow}
    </span>
  );
}
