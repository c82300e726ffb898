'use client';

import { useEffect, useMemo, useState } from 'react';
import { fetchCapacity, fetchSeries } from '@/components/charts/api';
import { CHART_COLORS, ChartLegend, TimeChart, type ChartSeries } from '@/components/charts/TimeChart';
import { usePolling } from '@/components/charts/usePolling';
import { useRealtime } from '@/components/realtime/RealtimeProvider';
import { Panel } from '@/components/ui/Panel';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { capacityLevel, gauge, isEmpty, type CapacityLevel, type ChartRow } from '@/lib/chart-data';
import type { AgentCapacity, CapacitySnapshot, MetricsTick } from '@/lib/metrics';

const HOUR = 3_600_000;
/** The 24-hour chart draws this many of the busiest agents; more lines would not be readable. */
const CHART_AGENTS = 6;
const PALETTE = [CHART_COLORS.sky, CHART_COLORS.violet, CHART_COLORS.emerald, CHART_COLORS.amber, CHART_COLORS.red, CHART_COLORS.zinc];

const th = 'whitespace-nowrap px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400';
const td = 'px-3 py-2';

/**
 * Capacity now: per agent its active sessions against its limit, per room its sessions and
 * participants, and the last 24 hours of active sessions per agent. Refreshed every 5 s, and by
 * the server's `metrics:tick` push when this browser is subscribed to the dashboard.
 */
export function CapacityPage() {
  const { socket } = useRealtime();
  const polled = usePolling(fetchCapacity, { key: 'capacity', intervalMs: 5_000, minGapMs: 2_000 });
  const [pushed, setPushed] = useState<CapacitySnapshot | null>(null);

  useEffect(() => {
    if (!socket) return;
    const onTick = (tick: MetricsTick) => setPushed(tick.capacity);
    socket.on('metrics:tick', onTick);
    return () => {
      socket.off('metrics:tick', onTick);
    };
  }, [socket]);

  // Whichever snapshot was taken last is the truth, fetched or pushed.
  const capacity = pushed && (!polled.data || Date.parse(pushed.at) > Date.parse(polled.data.at)) ? pushed : polled.data;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-lg font-semibold">Capacity</h1>
        {capacity ? (
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            Updated <RelativeTime iso={capacity.at} />
            {polled.error ? <span className="ml-2 text-red-700 dark:text-red-400">· refresh failed: {polled.error}</span> : null}
          </p>
        ) : null}
      </div>
      {!capacity ? (
        <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
          {polled.error ? `Could not load capacity: ${polled.error}` : 'Loading capacity…'}
        </p>
      ) : (
        <>
          <Totals capacity={capacity} />
          <Panel id="agents-capacity" title="Agents" aside="active sessions against each agent’s limit">
            {capacity.agents.length === 0 ? (
              <p className="px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400">No agent has open sessions or a configured limit.</p>
            ) : (
              <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {capacity.agents.map((a) => (
                  <AgentCapacityRow key={a.agentId} agent={a} />
                ))}
              </ul>
            )}
          </Panel>
          <div className="grid gap-6 lg:grid-cols-2">
            <RoomsTable capacity={capacity} />
            <ActiveByAgentChart agents={capacity.agents} />
          </div>
        </>
      )}
    </div>
  );
}

function Totals({ capacity }: { capacity: CapacitySnapshot }) {
  const items = [
    { label: 'Active sessions', value: capacity.totals.activeSessions },
    { label: 'Idle sessions', value: capacity.totals.idleSessions },
    { label: 'Participants', value: capacity.totals.participants },
    { label: 'Peak today (UTC)', value: capacity.totals.peakToday },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {items.map((i) => (
        <div key={i.label} className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
          <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{i.label}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{Math.round(i.value).toLocaleString()}</dd>
        </div>
      ))}
    </dl>
  );
}

const LEVEL_STYLE: Record<CapacityLevel, { bar: string; text: string; label: string }> = {
  ok: { bar: 'bg-emerald-500', text: 'text-zinc-700 dark:text-zinc-200', label: 'within capacity' },
  warn: { bar: 'bg-amber-500', text: 'text-amber-700 dark:text-amber-300', label: 'near the limit' },
  over: { bar: 'bg-red-600 dark:bg-red-500', text: 'text-red-700 dark:text-red-400', label: 'at or over the limit' },
};

function AgentCapacityRow({ agent }: { agent: AgentCapacity }) {
  const level = capacityLevel(agent.activeSessions, agent.limit);
  const style = LEVEL_STYLE[level];
  const percent = agent.limit > 0 ? Math.min(100, (agent.activeSessions / agent.limit) * 100) : 100;
  const peakPercent = agent.limit > 0 ? Math.min(100, (agent.peakToday / agent.limit) * 100) : 0;
  return (
    <li className="grid gap-x-6 gap-y-2 px-4 py-3 text-sm sm:grid-cols-[minmax(10rem,1fr)_minmax(12rem,2fr)_auto]">
      <div className="min-w-0">
        <p className="truncate font-medium" title={agent.agentId}>
          {agent.agentId}
        </p>
        <p className={`text-xs ${style.text}`}>
          {agent.activeSessions} of {agent.limit} · {style.label}
        </p>
      </div>
      <div className="self-center">
        <div
          data-testid="capacity-bar"
          data-agent={agent.agentId}
          data-level={level}
          role="meter"
          aria-label={`${agent.agentId}: active sessions against the limit`}
          aria-valuemin={0}
          aria-valuemax={agent.limit}
          aria-valuenow={agent.activeSessions}
          aria-valuetext={`${agent.activeSessions} of ${agent.limit}, ${style.label}`}
          className="relative h-3 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
        >
          <div className={`h-full rounded-full ${style.bar}`} style={{ width: `${percent}%` }} />
          {/* today's peak, as a tick on the track */}
          {agent.peakToday > agent.activeSessions && peakPercent > 0 ? (
            <div aria-hidden="true" className="absolute top-0 h-full w-0.5 bg-zinc-400 dark:bg-zinc-500" style={{ left: `calc(${peakPercent}% - 1px)` }} />
          ) : null}
        </div>
      </div>
      <dl className="flex gap-5 text-xs text-zinc-500 dark:text-zinc-400">
        <div>
          <dt>Idle</dt>
          <dd className="text-sm tabular-nums text-zinc-800 dark:text-zinc-100">{agent.idleSessions}</dd>
        </div>
        <div>
          <dt>Participants</dt>
          <dd className="text-sm tabular-nums text-zinc-800 dark:text-zinc-100">{agent.participants}</dd>
        </div>
        <div>
          <dt>Peak today</dt>
          <dd className="text-sm tabular-nums text-zinc-800 dark:text-zinc-100">{Math.round(agent.peakToday)}</dd>
        </div>
      </dl>
    </li>
  );
}

function RoomsTable({ capacity }: { capacity: CapacitySnapshot }) {
  return (
    <Panel id="rooms-capacity" title="Rooms" aside={`${capacity.rooms.length} with open sessions`}>
      {capacity.rooms.length === 0 ? (
        <p className="px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400">No room has an open session.</p>
      ) : (
        <div className="max-h-96 overflow-auto">
          <table data-testid="rooms-table" className="w-full text-sm">
            <caption className="sr-only">Rooms with open sessions, busiest first</caption>
            <thead className="sticky top-0 border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
              <tr>
                <th scope="col" className={th}>Room</th>
                <th scope="col" className={th}>Agent</th>
                <th scope="col" className={`${th} text-right`}>Active</th>
                <th scope="col" className={`${th} text-right`}>Idle</th>
                <th scope="col" className={`${th} text-right`}>Participants</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {capacity.rooms.map((r) => (
                <tr key={`${r.roomName ?? ''}|${r.agentId ?? ''}`} data-testid="room-row">
                  <td className={`${td} max-w-[12rem] truncate font-medium`}>{r.roomName ?? <span className="text-zinc-400">no room</span>}</td>
                  <td className={`${td} max-w-[12rem] truncate`}>{r.agentId ?? <span className="text-zinc-400">unknown</span>}</td>
                  <td className={`${td} text-right tabular-nums`}>{r.activeSessions}</td>
                  <td className={`${td} text-right tabular-nums`}>{r.idleSessions}</td>
                  <td className={`${td} text-right tabular-nums`}>{r.participants}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

/** Active sessions per agent, hourly averages of the per-minute samples, over the last 24 hours. */
function ActiveByAgentChart({ agents }: { agents: AgentCapacity[] }) {
  const shown = useMemo(() => agents.slice(0, CHART_AGENTS).map((a) => a.agentId), [agents]);
  const key = shown.join('|');
  const polled = usePolling(
    async () => {
      const to = Math.ceil((Date.now() + 1) / HOUR) * HOUR;
      const from = to - 24 * HOUR;
      const answers = await Promise.all(
        shown.map((agent) => fetchSeries({ metrics: ['sessions.active'], from: new Date(from), to: new Date(to), agent, step: 'hour' })),
      );
      const failed = answers.find((a) => !a.ok);
      if (failed && !failed.ok) return failed;
      const byT = new Map<number, ChartRow>();
      for (let t = from; t < to; t += HOUR) byT.set(t, { t });
      answers.forEach((a, i) => {
        if (!a.ok) return;
        for (const p of a.data.points) {
          const row = byT.get(Date.parse(p.t));
          if (row) row[`a${i}`] = gauge(p, 'sessions.active');
        }
      });
      return { ok: true as const, status: 200, data: { from, to, rows: [...byT.values()] } };
    },
    { key, intervalMs: 60_000, minGapMs: 10_000 },
  );
  const series: ChartSeries[] = shown.map((agentId, i) => ({ key: `a${i}`, label: agentId, color: PALETTE[i % PALETTE.length], kind: 'line' }));
  return (
    <Panel
      id="capacity-24h"
      title="Active sessions, last 24 hours"
      aside={agents.length > CHART_AGENTS ? `busiest ${CHART_AGENTS} of ${agents.length} agents` : 'hourly average'}
      testId="capacity-chart"
    >
      {shown.length === 0 ? (
        <p className="flex h-[200px] items-center justify-center text-sm text-zinc-500 dark:text-zinc-400">No agents to chart yet.</p>
      ) : !polled.data ? (
        <p className="flex h-[200px] items-center justify-center text-sm text-zinc-500 dark:text-zinc-400">
          {polled.error ? `Could not load the chart: ${polled.error}` : 'Loading…'}
        </p>
      ) : (
        <>
          <TimeChart
            data={polled.data.rows}
            series={series}
            step="hour"
            from={polled.data.from}
            to={polled.data.to}
            height={200}
            valueFormat={(v) => (Number.isInteger(v) ? String(v) : v.toFixed(1))}
            emptyText="No active sessions in the last 24 hours"
          />
          {isEmpty(polled.data.rows, series.map((x) => x.key)) ? null : <ChartLegend series={series} />}
        </>
      )}
    </Panel>
  );
}
