'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { fetchCapacity, fetchHeatmap, fetchHistory, fetchSeries } from '@/components/charts/api';
import { CHART_COLORS, ChartLegend, TimeChart, type ChartSeries } from '@/components/charts/TimeChart';
import { usePolling } from '@/components/charts/usePolling';
import { inputClass, labelClass, primaryButtonClass, secondaryButtonClass } from '@/components/ui/form';
import { Panel } from '@/components/ui/Panel';
import type { SessionAnalyticsView } from '@/lib/analytics';
import type { ApiResult } from '@/lib/api-client';
import { counter, duration, rows, sum, totalsByPrefix } from '@/lib/chart-data';
import type { MessageHeatmap, MetricSeries } from '@/lib/metrics';
import { PRESETS, rangeQuery, resolveRange, toLocalInput, type RangeParams } from './range';

const SERIES_METRICS = ['sessions.new', 'response_ms', 'sentiment.*', 'alerts.*'];
/** Engagement and quality come from each ended session's analytics; the newest this many are averaged. */
const SCORED_SAMPLE = 200;

const rangeError = (message: string) => Promise.resolve<ApiResult<never>>({ ok: false, status: 0, code: 'range', message });

export function AnalyticsPage({ params }: { params: RangeParams }) {
  const key = rangeQuery(params);
  const relative = params.range !== 'custom';
  const refreshMs = relative ? 60_000 : 600_000;

  const series = usePolling(
    () => {
      const r = resolveRange(params, Date.now());
      if (!r.ok) return rangeError(r.message);
      return fetchSeries({ metrics: SERIES_METRICS, from: new Date(r.from), to: new Date(r.to), agent: params.agent || null, step: r.step });
    },
    { key, intervalMs: refreshMs },
  );
  const heatmap = usePolling(
    () => {
      const r = resolveRange(params, Date.now());
      if (!r.ok) return rangeError(r.message);
      return fetchHeatmap({ from: new Date(r.from), to: new Date(r.to), agent: params.agent || null });
    },
    { key, intervalMs: refreshMs },
  );
  const scored = usePolling(
    async (): Promise<ApiResult<SessionAnalyticsView[]>> => {
      const r = resolveRange(params, Date.now());
      if (!r.ok) return rangeError(r.message);
      const q = new URLSearchParams({ from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString(), limit: String(SCORED_SAMPLE) });
      if (params.agent) q.set('agent', params.agent);
      const res = await fetchHistory(q);
      if (!res.ok) return res;
      return { ...res, data: res.data.sessions.flatMap((s) => (s.analytics ? [s.analytics] : [])) };
    },
    { key, intervalMs: refreshMs },
  );

  const rangeProblem = relative ? null : resolveRange(params, 0);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-lg font-semibold">Analytics</h1>
        {series.data ? <RangeCaption series={series.data} /> : null}
      </div>
      <RangeControls params={params} />
      {rangeProblem && !rangeProblem.ok ? (
        <p role="alert" className="rounded-lg border border-dashed border-amber-400 px-4 py-6 text-center text-sm text-amber-800 dark:border-amber-500/50 dark:text-amber-300">
          {rangeProblem.message}
        </p>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          <SessionsCard polled={series} />
          <ResponseCard polled={series} />
          <SentimentCard polled={series} />
          <ScoresCard polled={scored} />
          <AlertReasonsCard polled={series} />
          <HeatmapCard polled={heatmap} />
        </div>
      )}
    </div>
  );
}

function RangeCaption({ series }: { series: MetricSeries }) {
  const fmt = (iso: string) => new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return (
    <p className="text-xs text-zinc-500 dark:text-zinc-400">
      {fmt(series.from)} – {fmt(series.to)} · by {series.step} · {series.agent ? `agent ${series.agent}` : 'all agents'}
    </p>
  );
}

function RangeControls({ params }: { params: RangeParams }) {
  const router = useRouter();
  const [from, setFrom] = useState(params.from);
  const [to, setTo] = useState(params.to);
  const [agent, setAgent] = useState(params.agent);
  const [agents, setAgents] = useState<string[]>([]);

  useEffect(() => {
    let cancelled = false;
    void fetchCapacity().then((res) => {
      if (!cancelled && res.ok) setAgents(res.data.agents.map((a) => a.agentId).sort());
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const go = (next: RangeParams) => router.push(`/analytics${rangeQuery(next)}`, { scroll: false });
  const apply = (e?: FormEvent) => {
    e?.preventDefault();
    go(params.range === 'custom' ? { ...params, from, to, agent: agent.trim() } : { ...params, agent: agent.trim() });
  };
  const startCustom = () => {
    // Open the custom range on what is shown now, so it is a small edit away.
    const now = Date.now();
    const preset = PRESETS.find((p) => p.id === params.range) ?? PRESETS[1];
    go({ ...params, range: 'custom', from: params.from || toLocalInput(now - preset.ms), to: params.to || toLocalInput(now) });
  };

  const chip = (active: boolean) =>
    `rounded-md px-3 py-1.5 text-sm font-medium ${
      active
        ? 'bg-sky-600 text-white dark:bg-sky-500 dark:text-zinc-950'
        : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'
    }`;

  return (
    <form
      onSubmit={apply}
      data-testid="analytics-filters"
      className="flex flex-wrap items-end gap-x-4 gap-y-3 rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <fieldset>
        <legend className={labelClass}>Time range</legend>
        <div className="mt-1 flex gap-1 rounded-md border border-zinc-200 p-0.5 dark:border-zinc-700">
          {PRESETS.map((p) => (
            <button
              key={p.id}
              type="button"
              aria-pressed={params.range === p.id}
              className={chip(params.range === p.id)}
              onClick={() => go({ ...params, range: p.id, from: '', to: '' })}
            >
              {p.label}
            </button>
          ))}
          <button type="button" aria-pressed={params.range === 'custom'} className={chip(params.range === 'custom')} onClick={startCustom}>
            Custom
          </button>
        </div>
      </fieldset>
      {params.range === 'custom' ? (
        <>
          <div>
            <label htmlFor="range-from" className={labelClass}>
              From
            </label>
            <input id="range-from" type="datetime-local" className={inputClass} value={from} onChange={(e) => setFrom(e.target.value)} required />
          </div>
          <div>
            <label htmlFor="range-to" className={labelClass}>
              To
            </label>
            <input id="range-to" type="datetime-local" className={inputClass} value={to} onChange={(e) => setTo(e.target.value)} required />
          </div>
        </>
      ) : null}
      <div className="min-w-48">
        <label htmlFor="range-agent" className={labelClass}>
          Agent
        </label>
        <input
          id="range-agent"
          className={inputClass}
          value={agent}
          onChange={(e) => setAgent(e.target.value)}
          placeholder="All agents"
          list="known-agents"
          maxLength={200}
        />
        <datalist id="known-agents">
          {agents.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div className="flex items-center gap-2">
        <button type="submit" className={primaryButtonClass}>
          Apply
        </button>
        {params.agent ? (
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => {
              setAgent('');
              go({ ...params, agent: '' });
            }}
          >
            All agents
          </button>
        ) : null}
      </div>
    </form>
  );
}

type Polled<T> = { data: T | null; error: string | null };

/** A chart card: its title, a one-line summary, and the chart or a calm loading / error line. */
function ChartCard<T>({
  id,
  title,
  aside,
  polled,
  children,
  height = 200,
}: {
  id: string;
  title: string;
  aside?: (data: T) => ReactNode;
  polled: Polled<T>;
  children: (data: T) => ReactNode;
  height?: number;
}) {
  return (
    <Panel id={id} title={title} aside={polled.data && aside ? aside(polled.data) : undefined} testId="analytics-chart">
      <div data-chart={id}>
        {polled.data ? (
          children(polled.data)
        ) : (
          <p style={{ height }} className="flex items-center justify-center px-4 text-sm text-zinc-500 dark:text-zinc-400">
            {polled.error ? <span className="text-red-700 dark:text-red-400">Could not load: {polled.error}</span> : 'Loading…'}
          </p>
        )}
      </div>
    </Panel>
  );
}

function domainOf(s: MetricSeries) {
  return { step: s.step, from: Date.parse(s.from), to: Date.parse(s.to) };
}

const sessionsSeries: ChartSeries[] = [{ key: 'sessions', label: 'New sessions', color: CHART_COLORS.sky, kind: 'bar' }];

function SessionsCard({ polled }: { polled: Polled<MetricSeries> }) {
  const data = useMemo(() => rows(polled.data, (p) => ({ sessions: counter(p, 'sessions.new') })), [polled.data]);
  return (
    <ChartCard id="sessions-over-time" title="Sessions over time" polled={polled} aside={() => `${sum(data, 'sessions').toLocaleString()} new`}>
      {(s) => <TimeChart data={data} series={sessionsSeries} {...domainOf(s)} height={200} />}
    </ChartCard>
  );
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

// Worst first, so the average draws on top where the two meet (a bucket with one reply).
const responseSeries: ChartSeries[] = [
  { key: 'worst', label: 'Worst', color: CHART_COLORS.amber, kind: 'line', sparse: true, dashed: true },
  { key: 'avg', label: 'Average', color: CHART_COLORS.sky, kind: 'line', sparse: true },
];

function ResponseCard({ polled }: { polled: Polled<MetricSeries> }) {
  const data = useMemo(() => rows(polled.data, (p) => duration(p, 'response_ms')), [polled.data]);
  const overall = useMemo(() => {
    let total = 0;
    let count = 0;
    let worst: number | null = null;
    for (const p of polled.data?.points ?? []) {
      const v = p.values.response_ms;
      if (!v || v.count === 0) continue;
      total += v.sum;
      count += v.count;
      if (v.max !== null) worst = Math.max(worst ?? 0, v.max);
    }
    return count ? { avg: total / count, worst, count } : null;
  }, [polled.data]);
  return (
    <ChartCard
      id="response-times"
      title="Avatar response time"
      polled={polled}
      aside={() => (overall ? `avg ${formatMs(overall.avg)} · worst ${formatMs(overall.worst ?? 0)} · ${overall.count.toLocaleString()} replies` : undefined)}
    >
      {(s) => (
        <>
          <TimeChart data={data} series={responseSeries} {...domainOf(s)} height={200} valueFormat={formatMs} />
          {overall ? <ChartLegend series={responseSeries} /> : null}
        </>
      )}
    </ChartCard>
  );
}

const sentimentSeries: ChartSeries[] = [
  { key: 'negative', label: 'Negative', color: CHART_COLORS.red, kind: 'bar', stack: 'sentiment' },
  { key: 'neutral', label: 'Neutral', color: CHART_COLORS.zinc, kind: 'bar', stack: 'sentiment' },
  { key: 'positive', label: 'Positive', color: CHART_COLORS.emerald, kind: 'bar', stack: 'sentiment' },
];

function SentimentCard({ polled }: { polled: Polled<MetricSeries> }) {
  const data = useMemo(
    () =>
      rows(polled.data, (p) => ({
        negative: counter(p, 'sentiment.negative'),
        neutral: counter(p, 'sentiment.neutral'),
        positive: counter(p, 'sentiment.positive'),
      })),
    [polled.data],
  );
  const totals = Object.fromEntries(sentimentSeries.map((s) => [s.key, sum(data, s.key)]));
  const all = totals.negative + totals.neutral + totals.positive;
  const share = Object.fromEntries(sentimentSeries.map((s) => [s.key, all ? `${Math.round((totals[s.key] / all) * 100)} %` : '']));
  return (
    <ChartCard id="sentiment" title="Sentiment of user messages" polled={polled} aside={() => (all ? `${all.toLocaleString()} scored` : undefined)}>
      {(s) => (
        <>
          <TimeChart data={data} series={sentimentSeries} {...domainOf(s)} height={200} />
          {all ? <ChartLegend series={sentimentSeries} totals={share} /> : null}
        </>
      )}
    </ChartCard>
  );
}

const BANDS = ['0–19', '20–39', '40–59', '60–79', '80–100'];

function ScoresCard({ polled }: { polled: Polled<SessionAnalyticsView[]> }) {
  return (
    <ChartCard
      id="engagement-quality"
      title="Engagement and quality"
      polled={polled}
      aside={(list) => (list.length ? `${list.length} ended ${list.length === 1 ? 'session' : 'sessions'}${list.length >= SCORED_SAMPLE ? ' (newest)' : ''}` : undefined)}
    >
      {(list) => {
        if (list.length === 0)
          return (
            <p data-testid="scores-unavailable" className="flex h-[200px] items-center justify-center px-6 text-center text-sm text-zinc-500 dark:text-zinc-400">
              No ended sessions with analytics in this range. Scores are computed when a conversation ends.
            </p>
          );
        const engagement = list.map((a) => a.engagementScore);
        const quality = list.flatMap((a) => (a.qualityScore === null ? [] : [a.qualityScore]));
        const band = (v: number) => Math.min(4, Math.floor(v / 20));
        const counts = BANDS.map((_, i) => ({
          engagement: engagement.filter((v) => band(v) === i).length,
          quality: quality.filter((v) => band(v) === i).length,
        }));
        const top = Math.max(1, ...counts.flatMap((c) => [c.engagement, c.quality]));
        const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
        return (
          <div className="px-4 py-3">
            <dl className="grid grid-cols-2 gap-3">
              <Score label="Average engagement" value={mean(engagement)} color={CHART_COLORS.sky} />
              <Score label="Average quality" value={mean(quality)} color={CHART_COLORS.violet} />
            </dl>
            <p className="mt-4 text-xs font-medium text-zinc-500 dark:text-zinc-400">Sessions by score</p>
            <div className="mt-2 grid h-28 grid-cols-5 items-end gap-3" role="img" aria-label="Sessions by engagement and quality score band">
              {counts.map((c, i) => (
                <div key={BANDS[i]} className="flex h-full flex-col justify-end">
                  <div className="flex flex-1 items-end justify-center gap-1">
                    <div className="w-3 rounded-t-sm" style={{ height: `${(c.engagement / top) * 100}%`, background: CHART_COLORS.sky }} title={`${c.engagement} by engagement`} />
                    <div className="w-3 rounded-t-sm" style={{ height: `${(c.quality / top) * 100}%`, background: CHART_COLORS.violet }} title={`${c.quality} by quality`} />
                  </div>
                  <p className="mt-1 text-center text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400">{BANDS[i]}</p>
                </div>
              ))}
            </div>
          </div>
        );
      }}
    </ChartCard>
  );
}

function Score({ label, value, color }: { label: string; value: number | null; color: string }) {
  return (
    <div>
      <dt className="flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
        <span aria-hidden="true" className="inline-block h-2 w-2 rounded-sm" style={{ background: color }} />
        {label}
      </dt>
      <dd className="text-2xl font-semibold tabular-nums">
        {value ?? '–'}
        <span className="text-sm font-normal text-zinc-500 dark:text-zinc-400"> / 100</span>
      </dd>
    </div>
  );
}

const ruleLabel = (rule: string) => rule.replace(/[_.]/g, ' ').replace(/^./, (c) => c.toUpperCase());

function AlertReasonsCard({ polled }: { polled: Polled<MetricSeries> }) {
  const reasons = useMemo(() => totalsByPrefix(polled.data, 'alerts.').slice(0, 8), [polled.data]);
  const top = reasons[0]?.total ?? 0;
  return (
    <ChartCard id="alert-reasons" title="Top alert reasons" polled={polled} aside={() => (reasons.length ? `${reasons.reduce((n, r) => n + r.total, 0)} raised` : undefined)}>
      {() =>
        reasons.length === 0 ? (
          <p className="flex h-[200px] items-center justify-center text-sm text-zinc-500 dark:text-zinc-400">No alerts in this range</p>
        ) : (
          <ol className="space-y-2 px-4 py-4 text-sm" data-testid="alert-reasons">
            {reasons.map((r) => (
              <li key={r.name} className="grid grid-cols-[10rem_1fr_3rem] items-center gap-3">
                <span className="truncate" title={r.name}>
                  {ruleLabel(r.name)}
                </span>
                <span className="h-3 rounded-sm bg-zinc-100 dark:bg-zinc-800">
                  <span className="block h-full rounded-sm" style={{ width: `${(r.total / top) * 100}%`, background: CHART_COLORS.amber }} />
                </span>
                <span className="text-right tabular-nums">{r.total.toLocaleString()}</span>
              </li>
            ))}
          </ol>
        )
      }
    </ChartCard>
  );
}

/** Monday first, as operators read a week. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function HeatmapCard({ polled }: { polled: Polled<MessageHeatmap> }) {
  return (
    <ChartCard id="busiest-hours" title="Busiest hours" polled={polled} aside={(h) => (h.total ? `${h.total.toLocaleString()} messages` : undefined)}>
      {(h) =>
        h.total === 0 ? (
          <p className="flex h-[200px] items-center justify-center text-sm text-zinc-500 dark:text-zinc-400">No data in this range</p>
        ) : (
          <div className="overflow-x-auto px-4 py-3">
            <div
              data-testid="heatmap"
              role="table"
              aria-label="Messages by weekday and hour"
              className="grid min-w-[34rem] gap-0.5 text-[10px] text-zinc-500 dark:text-zinc-400"
              style={{ gridTemplateColumns: '2.5rem repeat(24, minmax(0, 1fr))' }}
            >
              <span role="columnheader" />
              {Array.from({ length: 24 }, (_, hour) => (
                <span key={hour} role="columnheader" className="text-center tabular-nums">
                  {hour % 3 === 0 ? hour : ''}
                </span>
              ))}
              {WEEK.map((day) => (
                <HeatmapRow key={day} day={day} counts={h.counts[day] ?? []} max={h.max} />
              ))}
            </div>
            <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">Hours in your time zone; darker is busier (busiest hour: {h.max.toLocaleString()}).</p>
          </div>
        )
      }
    </ChartCard>
  );
}

function HeatmapRow({ day, counts, max }: { day: number; counts: number[]; max: number }) {
  return (
    <>
      <span role="rowheader" className="self-center pr-1 text-right">
        {DAY_NAMES[day]}
      </span>
      {Array.from({ length: 24 }, (_, hour) => {
        const n = counts[hour] ?? 0;
        const ratio = max > 0 ? n / max : 0;
        return (
          <span
            key={hour}
            role="cell"
            title={`${DAY_NAMES[day]} ${String(hour).padStart(2, '0')}:00–${String(hour + 1).padStart(2, '0')}:00: ${n.toLocaleString()} messages`}
            className={`aspect-square rounded-[3px] ${n === 0 ? 'bg-zinc-100 dark:bg-zinc-800' : ''}`}
            style={n === 0 ? undefined : { background: `rgba(14, 165, 233, ${(0.15 + 0.85 * ratio).toFixed(3)})` }}
          />
        );
      })}
    </>
  );
}

