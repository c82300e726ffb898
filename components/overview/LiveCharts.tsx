'use client';

import { useEffect, useMemo, useState } from 'react';
import { fetchSeries } from '@/components/charts/api';
import { CHART_COLORS, ChartLegend, TimeChart, type ChartSeries } from '@/components/charts/TimeChart';
import { usePolling } from '@/components/charts/usePolling';
import { useRealtime } from '@/components/realtime/RealtimeProvider';
import { Panel } from '@/components/ui/Panel';
import { counter, gauge, latest, mergePoints, rows, withLiveValue } from '@/lib/chart-data';
import type { MetricPoint, MetricsTick } from '@/lib/metrics';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const METRICS = ['sessions.active', 'messages.user', 'messages.assistant'] as const;
const PUSHED_LIMIT = 8;

const activeSeries: ChartSeries[] = [{ key: 'active', label: 'Active sessions', color: CHART_COLORS.sky, kind: 'area' }];
const messageSeries: ChartSeries[] = [
  { key: 'user', label: 'From users', color: CHART_COLORS.violet, kind: 'bar', stack: 'messages' },
  { key: 'avatar', label: 'From avatars', color: CHART_COLORS.emerald, kind: 'bar', stack: 'messages' },
];

const oneDecimal = (v: number) => (Number.isInteger(v) ? v.toLocaleString() : v.toFixed(1));

/**
 * The overview's last hour: concurrent active sessions and messages per minute. The series is
 * refetched every 15 s and after socket pushes (at most once per 5 s), and the server's
 * `metrics:tick` (every 10 s) updates the last two minutes in between. The active-sessions line
 * ends on the tick's capacity count, since the server samples that gauge only once a minute. (The
 * overview counter counts idle sessions too; the gauge and capacity count active ones only.)
 */
export function LiveCharts() {
  const { socket } = useRealtime();
  const series = usePolling(
    () => {
      const to = Math.ceil((Date.now() + 1) / MINUTE) * MINUTE;
      return fetchSeries({ metrics: METRICS, from: new Date(to - HOUR), to: new Date(to), step: 'minute' });
    },
    { key: 'overview-live', intervalMs: 15_000, minGapMs: 5_000 },
  );
  const { refresh } = series;
  // The latest pushed minutes; merged over the fetched series, the fresher reading of a bucket wins.
  const [pushed, setPushed] = useState<MetricPoint[]>([]);
  const [activeNow, setActiveNow] = useState<{ at: number; value: number } | null>(null);

  useEffect(() => {
    if (!socket) return;
    const onChange = () => refresh();
    const onTick = (tick: MetricsTick) => {
      setPushed((known) => [...known, ...tick.points].slice(-PUSHED_LIMIT));
      setActiveNow({ at: Date.parse(tick.at), value: tick.capacity.totals.activeSessions });
    };
    socket.on('counters:update', onChange);
    socket.on('feed:new', onChange);
    socket.on('metrics:tick', onTick);
    return () => {
      socket.off('counters:update', onChange);
      socket.off('feed:new', onChange);
      socket.off('metrics:tick', onTick);
    };
  }, [socket, refresh]);

  const data = useMemo(() => (series.data ? mergePoints(series.data, pushed) : null), [series.data, pushed]);
  const active = useMemo(() => {
    const sampled = rows(data, (p) => ({ active: gauge(p, 'sessions.active') }));
    return activeNow === null || !data ? sampled : withLiveValue(sampled, 'active', activeNow.at, MINUTE, activeNow.value);
  }, [data, activeNow]);
  const messages = useMemo(
    () => rows(data, (p) => ({ user: counter(p, 'messages.user'), avatar: counter(p, 'messages.assistant') })),
    [data],
  );
  const activeLatest = latest(active, 'active');
  const from = data ? Date.parse(data.from) : 0;
  const to = data ? Date.parse(data.to) : 0;
  const perMinuteNow = messages.length ? (messages[messages.length - 1].user ?? 0) + (messages[messages.length - 1].avatar ?? 0) : null;

  const body = (chart: React.ReactNode) =>
    series.error && !data ? (
      <p className="flex h-[180px] items-center justify-center px-4 text-sm text-red-700 dark:text-red-400">Could not load the chart: {series.error}</p>
    ) : !data ? (
      <p className="flex h-[180px] items-center justify-center text-sm text-zinc-500 dark:text-zinc-400">Loading…</p>
    ) : (
      chart
    );

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Panel id="chart-active" title="Concurrent sessions, last hour" aside={activeLatest === null ? undefined : `${oneDecimal(activeLatest)} active${activeNow ? ' now' : ''}`}>
        {body(
          <TimeChart
            testId="live-chart-active"
            data={active}
            series={activeSeries}
            step="minute"
            from={from}
            to={to}
            valueFormat={oneDecimal}
            emptyText="No active sessions in the last hour"
            drawWhenEmpty
          />,
        )}
      </Panel>
      <Panel id="chart-messages" title="Messages per minute, last hour" aside={perMinuteNow === null ? undefined : `${perMinuteNow} this minute`}>
        {body(
          <>
            <TimeChart
              testId="live-chart-messages"
              data={messages}
              series={messageSeries}
              step="minute"
              from={from}
              to={to}
              emptyText="No messages in the last hour"
              drawWhenEmpty
            />
            <ChartLegend series={messageSeries} />
          </>,
        )}
      </Panel>
    </div>
  );
}
