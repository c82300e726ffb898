'use client';

import Link from 'next/link';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ALERT_RULES, SEVERITIES, type AlertRule, type AlertView, type Severity } from '@/lib/alerts';
import { callApi, sentence } from '@/lib/api-client';
import { isOpenAlert } from '@/lib/realtime-client';
import { useAlertList, useAlerts } from '@/components/realtime/useAlerts';
import { Panel } from '@/components/ui/Panel';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { errorClass, inputClass, labelClass, secondaryButtonClass } from '@/components/ui/form';
import { AlertActions } from './AlertActions';
import { RuleLabel, SeverityBadge, StateBadge, SuppressedBadge } from './AlertBadges';
import { alertEnvelope, alertPage, alertsUrl, RULE_LABELS, SEVERITY_LABELS, type AlertQuery } from './api';
import { SHORTCUT_PRIORITY, useAlertShortcuts } from './shortcuts';

const PAGE_SIZE = 100;
/** Rows held at most, however many older pages are loaded. */
const LIST_LIMIT = 1000;

const TABS = [
  { id: 'open', label: 'Open' },
  { id: 'acknowledged', label: 'Acknowledged' },
  { id: 'resolved', label: 'Resolved' },
  { id: 'all', label: 'All' },
] as const;
type Tab = (typeof TABS)[number]['id'];

interface Filters {
  tab: Tab;
  severity: Severity | '';
  rule: AlertRule | '';
  agent: string;
}

function queryOf(f: Filters): AlertQuery {
  return {
    state: f.tab === 'all' ? undefined : f.tab,
    severity: f.severity || undefined,
    rule: f.rule || undefined,
    agent: f.agent || undefined,
    limit: PAGE_SIZE,
  };
}

/** Whether a live alert this page has not listed yet belongs under the current filters. */
function matcher(f: Filters) {
  return (a: AlertView) =>
    (f.tab === 'all' || (f.tab === 'open' ? isOpenAlert(a) : a.state === f.tab)) &&
    (!f.severity || a.severity === f.severity) &&
    (!f.rule || a.rule === f.rule) &&
    (!f.agent || a.agentId === f.agent);
}

/**
 * Every alert, filtered by state, severity, rule and agent, kept live from the socket. Rows whose
 * state changes stay where they are until the filters change, so an operator sees what happened.
 * Keyboard: j/k move, a/r/s act on the selected row. `?id=` selects and scrolls to one alert.
 */
export function AlertsPage({ initialId }: { initialId: number | null }) {
  const [filters, setFilters] = useState<Filters>({ tab: 'open', severity: '', rule: '', agent: '' });
  const [focusId, setFocusId] = useState<number | null>(initialId);
  const [target, setTarget] = useState<AlertView | null>(null);

  // ?id= for an alert the Open tab would not list (resolved): show it on the tab that does.
  useEffect(() => {
    if (initialId === null) return;
    let current = true;
    callApi(`/api/alerts/${initialId}`, alertEnvelope).then((result) => {
      if (!current || !result.ok) return;
      setTarget(result.data.alert);
      if (result.data.alert.state === 'resolved') setFilters((f) => ({ ...f, tab: 'resolved' }));
    });
    return () => {
      current = false;
    };
  }, [initialId]);

  const url = alertsUrl(queryOf(filters));
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Alerts</h1>
      <FilterBar filters={filters} onChange={setFilters} />
      <AlertsTable key={url} url={url} filters={filters} focusId={focusId} target={target} onFocused={() => setFocusId(null)} />
    </div>
  );
}

function FilterBar({ filters, onChange }: { filters: Filters; onChange: (f: Filters) => void }) {
  const [agent, setAgent] = useState(filters.agent);
  const submitAgent = (e: FormEvent) => {
    e.preventDefault();
    onChange({ ...filters, agent: agent.trim() });
  };
  const select = `${inputClass} py-1.5`;
  return (
    <div className="flex flex-wrap items-end gap-4">
      <div role="tablist" aria-label="Alert state" className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={filters.tab === t.id}
            data-testid={`alerts-tab-${t.id}`}
            onClick={() => onChange({ ...filters, tab: t.id })}
            className={`rounded px-3 py-1 text-sm ${
              filters.tab === t.id
                ? 'bg-zinc-900 font-medium text-white dark:bg-zinc-100 dark:text-zinc-900'
                : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100'
            }`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div>
        <label htmlFor="alerts-severity" className={labelClass}>
          Severity
        </label>
        <select id="alerts-severity" value={filters.severity} onChange={(e) => onChange({ ...filters, severity: e.target.value as Severity | '' })} className={select}>
          <option value="">any</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {SEVERITY_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="alerts-rule" className={labelClass}>
          Rule
        </label>
        <select id="alerts-rule" value={filters.rule} onChange={(e) => onChange({ ...filters, rule: e.target.value as AlertRule | '' })} className={select}>
          <option value="">any</option>
          {ALERT_RULES.map((r) => (
            <option key={r} value={r}>
              {RULE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <form onSubmit={submitAgent} className="flex items-end gap-2">
        <div>
          <label htmlFor="alerts-agent" className={labelClass}>
            Agent
          </label>
          <input id="alerts-agent" value={agent} onChange={(e) => setAgent(e.target.value)} onBlur={submitAgent} placeholder="any agent id" spellCheck={false} className={`${select} w-48`} />
        </div>
      </form>
      <p className="ml-auto text-xs text-zinc-500 dark:text-zinc-400">Keys: j/k move · a acknowledge · r resolve · s snooze (S: 1 h)</p>
    </div>
  );
}

const th = 'whitespace-nowrap px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400';
const td = 'px-3 py-2 align-top';

function AlertsTable({
  url,
  filters,
  focusId,
  target,
  onFocused,
}: {
  url: string;
  filters: Filters;
  focusId: number | null;
  target: AlertView | null;
  onFocused: () => void;
}) {
  const alerts = useAlerts();
  const accepts = useMemo(() => matcher(filters), [filters]);
  const { state, error, dispatch, reload } = useAlertList(alerts, url, { accepts, limit: LIST_LIMIT });
  const [selectedId, setSelectedId] = useState<number | null>(focusId);
  const [older, setOlder] = useState<{ loading: boolean; exhausted: boolean; error: string | null }>({ loading: false, exhausted: false, error: null });
  const [muted, setMuted] = useState<{ agentId: string; until: string } | null>(null);
  const tbody = useRef<HTMLTableSectionElement>(null);
  const rows = state.alerts;

  // The alert asked for by ?id= joins the list if the first page did not hold it.
  useEffect(() => {
    if (target && state.loaded && accepts(target)) dispatch({ type: 'fetched', alerts: [target], startedAt: alerts.liveCounter(), complete: false });
  }, [target, state.loaded, accepts, dispatch, alerts]);

  // Scroll to ?id= (selected from the start) once its row exists.
  useEffect(() => {
    if (focusId === null || !rows.some((a) => a.id === focusId)) return;
    tbody.current?.querySelector<HTMLElement>(`[data-alert-id="${focusId}"]`)?.scrollIntoView({ block: 'center' });
    onFocused();
  }, [focusId, rows, onFocused]);

  const selectedIndex = rows.findIndex((a) => a.id === selectedId);
  const move = (delta: number) => {
    if (rows.length === 0) return;
    const next = rows[Math.min(rows.length - 1, Math.max(0, selectedIndex < 0 ? 0 : selectedIndex + delta))];
    setSelectedId(next.id);
    const row = tbody.current?.querySelector<HTMLElement>(`[data-alert-id="${next.id}"]`);
    row?.scrollIntoView({ block: 'nearest' });
    row?.focus({ preventScroll: true });
  };
  useAlertShortcuts(SHORTCUT_PRIORITY.alertsTable, (e) => {
    if (e.key === 'j') move(1);
    else if (e.key === 'k') move(-1);
    else return false;
    return true;
  });

  async function loadOlder() {
    const last = rows.at(-1);
    if (!last) return;
    setOlder({ loading: true, exhausted: false, error: null });
    const startedAt = alerts.liveCounter();
    const result = await callApi(`${url}&before=${last.id}`, alertPage);
    if (!result.ok) return setOlder({ loading: false, exhausted: false, error: sentence(result.message) });
    dispatch({ type: 'fetched', alerts: result.data.alerts, startedAt, complete: false });
    setOlder({ loading: false, exhausted: result.data.alerts.length < PAGE_SIZE, error: null });
  }

  const inToast = () => !!document.activeElement?.closest('[data-testid="toast"]');
  const title = { open: 'Open alerts', acknowledged: 'Acknowledged alerts', resolved: 'Resolved alerts', all: 'All alerts' }[filters.tab];

  return (
    <>
      {error ? (
        <p role="alert" className={errorClass}>
          {error}
        </p>
      ) : null}
      {muted ? (
        <p role="status" className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-900">
          Agent <span className="font-medium">{muted.agentId}</span> is muted until{' '}
          {new Date(muted.until).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}: its alerts are recorded, nobody is notified.
        </p>
      ) : null}
      <Panel id="alerts" title={title} aside={!state.loaded ? 'Loading…' : `${rows.length} shown · live`}>
        {state.loaded && rows.length === 0 ? (
          <p data-testid="alerts-empty" className="px-4 py-8 text-center text-sm text-zinc-500 dark:text-zinc-400">
            {filters.tab === 'open' ? 'No open alerts. New ones appear here and as a toast as they happen.' : 'No alerts match.'}
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table data-testid="alerts-table" className="w-full text-sm" aria-busy={!state.loaded}>
              <caption className="sr-only">{title}, most recently seen first. j and k move the selection.</caption>
              <thead className="border-b border-zinc-200 dark:border-zinc-800">
                <tr>
                  <th scope="col" className={th}>Severity</th>
                  <th scope="col" className={th}>Alert</th>
                  <th scope="col" className={th}>Agent · session</th>
                  <th scope="col" className={`${th} text-right`}>Count</th>
                  <th scope="col" className={th}>Seen</th>
                  <th scope="col" className={th}>State</th>
                  {alerts.canOperate ? (
                    <th scope="col" className={th}>
                      <span className="sr-only">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody ref={tbody} className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {rows.map((a) => {
                  const selected = a.id === selectedId;
                  return (
                    <tr
                      key={a.id}
                      data-testid="alert-row"
                      data-alert-id={a.id}
                      data-state={a.state}
                      data-rule={a.rule}
                      aria-selected={selected}
                      tabIndex={-1}
                      onClick={(e) => {
                        if (!(e.target as HTMLElement).closest('a, button, input, form')) setSelectedId(a.id);
                      }}
                      className={`scroll-mt-20 outline-none ${
                        selected ? 'bg-sky-50 ring-2 ring-sky-500 ring-inset dark:bg-sky-500/10' : 'hover:bg-zinc-50 dark:hover:bg-zinc-800/50'
                      } ${a.state === 'resolved' ? 'text-zinc-500 dark:text-zinc-400' : ''}`}
                    >
                      <td className={td}>
                        <SeverityBadge severity={a.severity} />
                      </td>
                      <td className={`${td} min-w-[16rem] max-w-[28rem]`}>
                        <RuleLabel alert={a} />
                        <div className="font-medium text-zinc-900 dark:text-zinc-100">{a.title}</div>
                        <p className="line-clamp-2 text-xs text-zinc-600 dark:text-zinc-400">{a.summary}</p>
                        <div className="mt-1 flex flex-wrap gap-1.5">
                          {a.recurrence ? (
                            <span data-testid="alert-recurrence" title="This alert was resolved and came back" className="text-xs font-medium text-amber-700 dark:text-amber-300">
                              ↻ Recurred
                            </span>
                          ) : null}
                          {a.escalationLevel > 0 ? (
                            <span data-testid="alert-escalation" title="Escalated: nobody acknowledged it in time" className="text-xs font-medium text-red-700 dark:text-red-300">
                              ▲ Escalation level {a.escalationLevel}
                            </span>
                          ) : null}
                          <SuppressedBadge alert={a} />
                        </div>
                      </td>
                      <td className={`${td} max-w-[14rem]`}>
                        <div className="truncate" title={a.agentId ?? undefined}>
                          {a.agentId ?? <span className="text-zinc-400">no agent</span>}
                        </div>
                        {a.sessionId ? (
                          <Link
                            href={`/sessions/${encodeURIComponent(a.sessionId)}?alert=${a.id}`}
                            data-testid="alert-session-link"
                            title={a.sessionId}
                            className="block truncate font-mono text-xs text-sky-700 hover:underline dark:text-sky-400"
                          >
                            {a.sessionId}
                          </Link>
                        ) : null}
                      </td>
                      <td className={`${td} text-right tabular-nums`}>{a.count}</td>
                      <td className={`${td} whitespace-nowrap text-xs`}>
                        <div>
                          <span className="text-zinc-500 dark:text-zinc-400">first </span>
                          <RelativeTime iso={a.firstSeenAt} />
                        </div>
                        <div>
                          <span className="text-zinc-500 dark:text-zinc-400">last </span>
                          <RelativeTime iso={a.lastSeenAt} />
                        </div>
                      </td>
                      <td className={`${td} max-w-[16rem]`}>
                        <StateBadge alert={a} />
                        <Handled alert={a} />
                      </td>
                      {alerts.canOperate ? (
                        <td className={`${td} min-w-[15rem]`}>
                          <AlertActions
                            alert={a}
                            testIdPrefix="alert"
                            showMute
                            shortcuts={{ priority: SHORTCUT_PRIORITY.alertsTable, active: () => selected && !inToast() }}
                            onMuted={(agentId, until) => {
                              if (until) setMuted({ agentId, until });
                              reload();
                            }}
                          />
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {state.loaded && rows.length >= PAGE_SIZE && !older.exhausted ? (
          <div className="flex items-center justify-end gap-3 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
            {older.error ? <span className="text-xs text-red-700 dark:text-red-300">{older.error}</span> : null}
            <button type="button" onClick={loadOlder} disabled={older.loading} className={secondaryButtonClass}>
              {older.loading ? 'Loading…' : 'Older'}
            </button>
          </div>
        ) : null}
      </Panel>
    </>
  );
}

/** Who acknowledged (and their note) or resolved it. */
export function Handled({ alert }: { alert: AlertView }) {
  return (
    <>
      {alert.acknowledgedBy ? (
        <p data-testid="alert-acked-by" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          by <span className="font-medium text-zinc-800 dark:text-zinc-200">{alert.acknowledgedBy}</span>
          {alert.acknowledgedAt ? (
            <>
              {' '}
              <RelativeTime iso={alert.acknowledgedAt} />
            </>
          ) : null}
          {alert.ackNote ? <span className="mt-0.5 block break-words italic">“{alert.ackNote}”</span> : null}
        </p>
      ) : null}
      {alert.state === 'resolved' && alert.resolvedBy ? (
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          resolved by <span className="font-medium">{alert.resolvedBy}</span>
          {alert.resolveReason ? <span className="block break-words italic">“{alert.resolveReason}”</span> : null}
        </p>
      ) : null}
    </>
  );
}
