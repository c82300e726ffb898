'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { fetchHistory } from '@/components/charts/api';
import { sessionHref } from '@/components/sessions/sessionLink';
import { SessionStatusBadge } from '@/components/ui/Badge';
import { errorClass, inputClass, labelClass, primaryButtonClass, secondaryButtonClass } from '@/components/ui/form';
import { Panel } from '@/components/ui/Panel';
import { sentence } from '@/lib/api-client';
import type { HistorySession, HistorySort } from '@/lib/history';
import { exportHref, formatDuration, historyApiQuery, historyHref, rangeProblem, type HistoryFilters } from './query';

const th = 'whitespace-nowrap px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400';
const td = 'px-3 py-2 align-top';

interface Results {
  sessions: HistorySession[];
  nextCursor: string | null;
  loading: boolean;
  error: string | null;
}

/**
 * Past and present sessions: search by agent, room, days and transcript words, sort by a column,
 * page on with the server's cursor, and download what the filters select.
 */
export function HistoryPage({ filters, pageSize }: { filters: HistoryFilters; pageSize: number }) {
  const router = useRouter();
  const problem = rangeProblem(filters);
  const [results, setResults] = useState<Results>({ sessions: [], nextCursor: null, loading: problem === null, error: null });

  // The component is keyed by the filters, so this runs once per search.
  useEffect(() => {
    if (problem) return;
    let cancelled = false;
    void fetchHistory(historyApiQuery(filters, null, pageSize)).then((res) => {
      if (cancelled) return;
      setResults(res.ok ? { ...res.data, loading: false, error: null } : { sessions: [], nextCursor: null, loading: false, error: res.message });
    });
    return () => {
      cancelled = true;
    };
  }, [filters, problem, pageSize]);

  const loadMore = async () => {
    if (!results.nextCursor || results.loading) return;
    setResults((r) => ({ ...r, loading: true, error: null }));
    const res = await fetchHistory(historyApiQuery(filters, results.nextCursor, pageSize));
    setResults((r) =>
      res.ok
        ? { sessions: appendNew(r.sessions, res.data.sessions), nextCursor: res.data.nextCursor, loading: false, error: null }
        : { ...r, loading: false, error: res.message },
    );
  };

  const sortBy = (sort: HistorySort) =>
    router.push(historyHref({ ...filters, sort, order: filters.sort === sort && filters.order === 'desc' ? 'asc' : 'desc' }), { scroll: false });

  return (
    <div className="space-y-6">
      <h1 className="text-lg font-semibold">History</h1>
      <SearchForm filters={filters} onSearch={(f) => router.push(historyHref(f))} />
      {problem ? <p className={errorClass}>{problem}</p> : null}
      <Panel
        id="history"
        title="Sessions"
        aside={<ExportLinks filters={filters} />}
      >
        {results.error ? <p className={`m-4 ${errorClass}`}>{sentence(results.error)}</p> : null}
        {results.sessions.length === 0 ? (
          <p data-testid="history-empty" className="px-4 py-8 text-center text-sm text-zinc-500 dark:text-zinc-400">
            {results.loading ? 'Searching…' : problem || results.error ? '' : 'No sessions match this search.'}
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table data-testid="history-table" className="w-full text-sm">
              <caption className="sr-only">Sessions matching the search</caption>
              <thead className="border-b border-zinc-200 dark:border-zinc-800">
                <tr>
                  <th scope="col" className={th}>Session</th>
                  <th scope="col" className={th}>Agent</th>
                  <th scope="col" className={th}>Status</th>
                  <SortHeader label="Started" sort="started" filters={filters} onSort={sortBy} />
                  <SortHeader label="Last activity" sort="last_activity" filters={filters} onSort={sortBy} />
                  <SortHeader label="Duration" sort="duration" filters={filters} onSort={sortBy} right />
                  <SortHeader label="Messages" sort="messages" filters={filters} onSort={sortBy} right />
                  <th scope="col" className={`${th} text-right`} title="Engagement and quality scores (0–100), once the session has ended">
                    Scores
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {results.sessions.map((s) => (
                  <HistoryRow key={s.id} session={s} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="flex items-center justify-between gap-3 border-t border-zinc-200 px-4 py-3 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <span data-testid="history-count">
            {results.sessions.length} {results.sessions.length === 1 ? 'session' : 'sessions'} shown
            {results.nextCursor ? ', more available' : results.sessions.length ? ', all shown' : ''}
          </span>
          {results.nextCursor ? (
            <button type="button" data-testid="history-load-more" className={secondaryButtonClass} onClick={loadMore} disabled={results.loading}>
              {results.loading ? 'Loading…' : 'Load more'}
            </button>
          ) : null}
        </div>
      </Panel>
    </div>
  );
}

/** A session that changed between pages (a new message moved it) is listed once. */
function appendNew(shown: HistorySession[], page: HistorySession[]): HistorySession[] {
  const ids = new Set(shown.map((s) => s.id));
  return [...shown, ...page.filter((s) => !ids.has(s.id))];
}

function SearchForm({ filters, onSearch }: { filters: HistoryFilters; onSearch: (f: HistoryFilters) => void }) {
  const [draft, setDraft] = useState(filters);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch({ ...draft, agent: draft.agent.trim(), room: draft.room.trim(), q: draft.q.trim() });
  };
  const field = (key: 'agent' | 'room' | 'q', label: string, placeholder: string) => (
    <div>
      <label htmlFor={`history-${key}`} className={labelClass}>
        {label}
      </label>
      <input
        id={`history-${key}`}
        className={inputClass}
        value={draft[key]}
        placeholder={placeholder}
        maxLength={200}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </div>
  );
  return (
    <form
      role="search"
      data-testid="history-search"
      onSubmit={submit}
      className="grid gap-x-4 gap-y-3 rounded-lg border border-zinc-200 bg-white px-4 py-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_auto_auto_1.5fr_auto] dark:border-zinc-800 dark:bg-zinc-900"
    >
      {field('agent', 'Agent', 'Any agent')}
      {field('room', 'Room', 'Any room')}
      <div>
        <label htmlFor="history-from" className={labelClass}>
          Started from
        </label>
        <input id="history-from" type="date" className={inputClass} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
      </div>
      <div>
        <label htmlFor="history-to" className={labelClass}>
          to
        </label>
        <input id="history-to" type="date" className={inputClass} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
      </div>
      {field('q', 'Words in the transcript', 'e.g. refund invoice')}
      <div className="flex items-end gap-2">
        <button type="submit" className={primaryButtonClass}>
          Search
        </button>
      </div>
    </form>
  );
}

function SortHeader({
  label,
  sort,
  filters,
  onSort,
  right = false,
}: {
  label: string;
  sort: HistorySort;
  filters: HistoryFilters;
  onSort: (sort: HistorySort) => void;
  right?: boolean;
}) {
  const active = filters.sort === sort;
  return (
    <th scope="col" aria-sort={active ? (filters.order === 'asc' ? 'ascending' : 'descending') : 'none'} className={`${th} ${right ? 'text-right' : ''}`}>
      <button
        type="button"
        data-testid={`sort-${sort}`}
        onClick={() => onSort(sort)}
        className={`inline-flex items-center gap-1 uppercase hover:text-zinc-900 dark:hover:text-zinc-100 ${active ? 'text-zinc-900 dark:text-zinc-100' : ''}`}
      >
        {label}
        <span aria-hidden="true" className={active ? '' : 'opacity-30'}>
          {active && filters.order === 'asc' ? '▲' : '▼'}
        </span>
      </button>
    </th>
  );
}

function HistoryRow({ session: s }: { session: HistorySession }) {
  const when = (iso: string) => {
    const d = new Date(iso);
    return <time dateTime={iso} title={d.toString()}>{d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })}</time>;
  };
  return (
    <tr data-testid="history-row" data-session-id={s.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
      <td className={td}>
        <Link href={sessionHref(s.id)} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
          {s.roomName || s.id}
        </Link>
        {s.roomName ? (
          <div className="max-w-[16rem] truncate font-mono text-xs text-zinc-500 dark:text-zinc-400" title={s.id}>
            {s.id}
          </div>
        ) : null}
      </td>
      <td className={`${td} max-w-[12rem] truncate`} title={s.agentId ?? undefined}>
        {s.agentId ?? <span className="text-zinc-400">unknown</span>}
      </td>
      <td className={td}>
        <SessionStatusBadge status={s.status} />
      </td>
      <td className={`${td} whitespace-nowrap`}>{when(s.startedAt)}</td>
      <td className={`${td} whitespace-nowrap`}>{when(s.lastActivityAt)}</td>
      <td className={`${td} whitespace-nowrap text-right tabular-nums`}>{formatDuration(s.durationMs)}</td>
      <td className={`${td} text-right tabular-nums`} title={`${s.userMessageCount} from the user, ${s.avatarMessageCount} from the avatar`}>
        {s.messageCount}
      </td>
      <td className={`${td} whitespace-nowrap text-right tabular-nums text-zinc-600 dark:text-zinc-300`}>
        {s.analytics ? (
          <span title="engagement / quality">
            {s.analytics.engagementScore} / {s.analytics.qualityScore ?? '–'}
          </span>
        ) : (
          <span className="text-zinc-400">–</span>
        )}
      </td>
    </tr>
  );
}

function ExportLinks({ filters }: { filters: HistoryFilters }) {
  const link = 'rounded px-1.5 py-0.5 font-medium text-sky-700 hover:bg-sky-50 dark:text-sky-400 dark:hover:bg-sky-500/10';
  const scope = [filters.agent ? `agent ${filters.agent}` : null, filters.from || filters.to ? 'these days' : null].filter(Boolean).join(', ');
  return (
    <span className="flex flex-wrap items-center gap-1" data-testid="history-export">
      <span title={`Exports apply the agent and the days${filters.room || filters.q ? ', not the room or transcript words' : ''}.`}>
        Export sessions{scope ? ` (${scope})` : ''}:
      </span>
      <a className={link} href={exportHref('sessions', 'csv', filters)} download data-testid="export-sessions-csv">
        CSV
      </a>
      <a className={link} href={exportHref('sessions', 'ndjson', filters)} download data-testid="export-sessions-ndjson">
        NDJSON
      </a>
      <span className="ml-2">events:</span>
      <a className={link} href={exportHref('events', 'csv', filters)} download data-testid="export-events-csv">
        CSV
      </a>
      <a className={link} href={exportHref('events', 'ndjson', filters)} download data-testid="export-events-ndjson">
        NDJSON
      </a>
    </span>
  );
}
