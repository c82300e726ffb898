'use client';

import { memo } from 'react';
import { Area, Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { NameType, ValueType } from 'recharts/types/component/DefaultTooltipContent';
import { isEmpty, latest, sum, type ChartRow } from '@/lib/chart-data';
import type { MetricStep } from '@/lib/metrics';

/**
 * Mid-tone colours that read on both the white and the zinc-900 card. Chart text and grid lines
 * use currentColor, so they follow the card's light or dark text colour.
 */
export const CHART_COLORS = {
  sky: '#0ea5e9',
  emerald: '#10b981',
  amber: '#f59e0b',
  red: '#ef4444',
  violet: '#8b5cf6',
  zinc: '#a1a1aa',
} as const;

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  kind?: 'line' | 'area' | 'bar';
  /** bars (or areas) with the same stack id pile up */
  stack?: string;
  /** lines: join across empty buckets and mark every value (sparse measurements such as response times) */
  sparse?: boolean;
  dashed?: boolean;
}

export function formatTick(t: number, step: MetricStep, rangeMs: number): string {
  const d = new Date(t);
  if (step === 'day') return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return rangeMs > 86_400_000 ? `${d.toLocaleDateString(undefined, { weekday: 'short' })} ${time}` : time;
}

function formatWhen(t: number, step: MetricStep): string {
  const d = new Date(t);
  if (step === 'day') return d.toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
  return d.toLocaleString(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/**
 * A time chart of pre-aggregated buckets: lines, areas or bars over a time axis from `from` to
 * `to`. Animation is off: live data redraws in place instead of sliding around every refresh.
 * The container carries the figures an operator (or a test) reads at a glance: the number of
 * points, the latest value of the first series and the total of all series.
 */
export const TimeChart = memo(function TimeChart({
  data,
  series,
  step,
  from,
  to,
  height = 180,
  testId,
  valueFormat = (v) => v.toLocaleString(),
  emptyText = 'No data in this range',
  drawWhenEmpty = false,
  allowDecimals = false,
}: {
  data: ChartRow[];
  series: ChartSeries[];
  step: MetricStep;
  from: number;
  to: number;
  height?: number;
  testId?: string;
  valueFormat?: (v: number) => string;
  emptyText?: string;
  /** live charts keep their axes (a flat line at 0) and say "nothing yet" over them */
  drawWhenEmpty?: boolean;
  allowDecimals?: boolean;
}) {
  const keys = series.map((s) => s.key);
  const empty = isEmpty(data, keys);
  const first = series[0]?.key ?? '';
  const latestValue = latest(data, first);
  const total = keys.reduce((n, k) => n + sum(data, k), 0);
  const attrs = {
    'data-testid': testId,
    'data-points': data.length,
    'data-latest': latestValue ?? '',
    'data-total': total,
    'data-empty': empty ? 'true' : 'false',
  };

  if (empty && !drawWhenEmpty) {
    return (
      <div {...attrs} style={{ height }} className="flex items-center justify-center px-4 text-sm text-zinc-500 dark:text-zinc-400">
        {emptyText}
      </div>
    );
  }

  const range = to - from;
  const halfStep = step === 'minute' ? 30_000 : step === 'hour' ? 1_800_000 : 43_200_000;
  const hasBars = series.some((s) => s.kind === 'bar');
  // Bars are centred on their bucket: pad the domain by half a bucket so the outer ones fit.
  const domain: [number, number] = hasBars ? [from - halfStep, to - halfStep] : [from, to];
  const sparse = (key: string) => data.filter((r) => r[key] !== null && r[key] !== undefined).length <= 2;

  return (
    <div {...attrs} className="relative px-2 pt-3 pb-1 text-zinc-500 dark:text-zinc-400">
      <ComposedChart
        data={data}
        responsive
        style={{ width: '100%', height }}
        margin={{ top: 4, right: 12, bottom: 0, left: 0 }}
        barCategoryGap={1}
      >
        <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={domain}
          tickFormatter={(t: number) => formatTick(t, step, range)}
          tick={{ fill: 'currentColor', fontSize: 11 }}
          stroke="currentColor"
          strokeOpacity={0.3}
          minTickGap={24}
        />
        <YAxis
          width={44}
          allowDecimals={allowDecimals}
          tick={{ fill: 'currentColor', fontSize: 11 }}
          tickFormatter={(v: number) => valueFormat(v)}
          stroke="currentColor"
          strokeOpacity={0.3}
          domain={[0, 'auto']}
        />
        <Tooltip
          isAnimationActive={false}
          cursor={{ stroke: 'currentColor', strokeOpacity: 0.3, fill: 'currentColor', fillOpacity: 0.06 }}
          content={(props: TooltipContentProps<ValueType, NameType>) => <ChartTooltip {...props} step={step} series={series} valueFormat={valueFormat} />}
        />
        {series.map((s) =>
          s.kind === 'bar' ? (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} stackId={s.stack} isAnimationActive={false} maxBarSize={24} />
          ) : s.kind === 'area' ? (
            <Area
              key={s.key}
              dataKey={s.key}
              name={s.label}
              type="monotone"
              stroke={s.color}
              fill={s.color}
              fillOpacity={0.15}
              strokeWidth={2}
              stackId={s.stack}
              dot={sparse(s.key) ? { r: 3, fill: s.color } : false}
              isAnimationActive={false}
            />
          ) : (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              // Straight segments between sparse measurements: a curve would invent values between them.
              type={s.sparse ? 'linear' : 'monotone'}
              stroke={s.color}
              strokeWidth={2}
              strokeDasharray={s.dashed ? '4 3' : undefined}
              connectNulls={s.sparse}
              dot={s.sparse || sparse(s.key) ? { r: s.sparse ? 2 : 3, fill: s.color, stroke: s.color } : false}
              isAnimationActive={false}
            />
          ),
        )}
      </ComposedChart>
      {empty ? (
        <p className="pointer-events-none absolute inset-0 flex items-center justify-center text-sm text-zinc-500 dark:text-zinc-400">
          {emptyText}
        </p>
      ) : null}
    </div>
  );
});

function ChartTooltip({
  active,
  payload,
  label,
  step,
  series,
  valueFormat,
}: TooltipContentProps<ValueType, NameType> & { step: MetricStep; series: ChartSeries[]; valueFormat: (v: number) => string }) {
  if (!active || !payload?.length || typeof label !== 'number') return null;
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs text-zinc-700 shadow-sm dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200">
      <p className="mb-1 font-medium">{formatWhen(label, step)}</p>
      <ul className="space-y-0.5">
        {series.map((s) => {
          const item = payload.find((p) => p.dataKey === s.key);
          const value = item?.value;
          return (
            <li key={s.key} className="flex items-center gap-2">
              <span aria-hidden="true" className="inline-block h-2 w-2 rounded-sm" style={{ background: s.color }} />
              <span>{s.label}</span>
              <span className="ml-auto pl-3 tabular-nums">{typeof value === 'number' ? valueFormat(value) : '–'}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** A row of coloured keys under a chart with more than one series. */
export function ChartLegend({ series, totals }: { series: ChartSeries[]; totals?: Record<string, string> }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 px-4 pb-3 text-xs text-zinc-600 dark:text-zinc-400">
      {series.map((s) => (
        <li key={s.key} className="flex items-center gap-1.5">
          <span aria-hidden="true" className="inline-block h-2 w-2 rounded-sm" style={{ background: s.color }} />
          {s.label}
          {totals?.[s.key] ? <span className="tabular-nums text-zinc-500 dark:text-zinc-500">· {totals[s.key]}</span> : null}
        </li>
      ))}
    </ul>
  );
}
