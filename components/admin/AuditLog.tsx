'use client';

import { useEffect, useState, type FormEvent } from 'react';
import { callApi, sentence } from '@/lib/api-client';
import { Panel } from '@/components/ui/Panel';
import { errorClass, inputClass, labelClass, primaryButtonClass, secondaryButtonClass } from '@/components/ui/form';
import { auditPage, type AuditRow } from './schemas';

const PAGE_SIZE = 100;
/** Actions the server records today; the filter takes any other name too. */
const KNOWN_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_in_throttled',
  'auth.sign_out',
  'user.create',
  'user.update',
  'user.password_reset',
  'event.replay',
];

const th = 'whitespace-nowrap px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400';
const td = 'px-3 py-2 align-baseline';

interface Query {
  action: string;
  actor: string;
  /** entries older than this id; undefined = the newest */
  before?: number;
}

function auditUrl(q: Query): string {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (q.action) params.set('action', q.action);
  if (q.actor) params.set('actor', q.actor);
  if (q.before) params.set('before', String(q.before));
  return `/api/audit?${params}`;
}

/** Local date and time to the second: an audit trail needs the exact moment, not "2 h ago". */
function formatTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Details as compact JSON, shown as text. */
function formatDetails(details: unknown): string {
  if (details === null || details === undefined) return '';
  return JSON.stringify(details);
}

/** The audit log, newest first, one page of 100 at a time, filtered by action and actor. */
export function AuditLog() {
  const [query, setQuery] = useState<Query>({ action: '', actor: '' });
  const [entries, setEntries] = useState<AuditRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let current = true;
    callApi(auditUrl(query), auditPage).then((result) => {
      if (!current) return;
      setLoading(false);
      if (result.ok) {
        setEntries(result.data.entries);
        setError(null);
      } else setError(sentence(result.message));
    });
    return () => {
      current = false;
    };
  }, [query]);

  const go = (next: Query) => {
    setLoading(true);
    setQuery(next);
  };

  function filter(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    go({ action: String(form.get('action') ?? '').trim(), actor: String(form.get('actor') ?? '').trim() });
  }

  const last = entries?.at(-1);
  const hasOlder = entries !== null && entries.length === PAGE_SIZE && last !== undefined;

  return (
    <div className="space-y-6">
      <h1 className="text-lg font-semibold">Audit log</h1>
      <form data-testid="audit-filter" onSubmit={filter} className="flex flex-wrap items-end gap-4">
        <div className="min-w-[14rem]">
          <label htmlFor="audit-action" className={labelClass}>
            Action
          </label>
          <input id="audit-action" name="action" list="audit-actions" placeholder="any" defaultValue={query.action} className={inputClass} />
          <datalist id="audit-actions">
            {KNOWN_ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        <div className="min-w-[14rem]">
          <label htmlFor="audit-actor" className={labelClass}>
            Actor email
          </label>
          <input id="audit-actor" name="actor" type="email" placeholder="anyone" defaultValue={query.actor} spellCheck={false} className={inputClass} />
        </div>
        <button type="submit" className={primaryButtonClass}>
          Filter
        </button>
      </form>
      {error ? (
        <p role="alert" data-testid="audit-error" className={errorClass}>
          {error}
        </p>
      ) : null}
      <Panel
        id="audit"
        title={query.before ? `Entries older than #${query.before}` : 'Newest entries'}
        aside={loading ? 'Loading…' : entries ? `${entries.length} shown` : null}
      >
        {entries && entries.length === 0 ? (
          <p className="px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400">No entries match.</p>
        ) : (
          <div className="overflow-x-auto">
            <table data-testid="audit-table" className="w-full text-sm" aria-busy={loading}>
              <caption className="sr-only">Audit log, newest first</caption>
              <thead className="border-b border-zinc-200 dark:border-zinc-800">
                <tr>
                  <th scope="col" className={th}>Time</th>
                  <th scope="col" className={th}>Actor</th>
                  <th scope="col" className={th}>Action</th>
                  <th scope="col" className={th}>Target</th>
                  <th scope="col" className={th}>Details</th>
                  <th scope="col" className={th}>IP</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {(entries ?? []).map((e) => (
                  <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                    <td className={`${td} whitespace-nowrap tabular-nums text-zinc-600 dark:text-zinc-400`}>
                      <time dateTime={e.at} title={e.at}>
                        {formatTime(e.at)}
                      </time>
                    </td>
                    <td className={td}>{e.actorEmail ?? <span className="text-zinc-400">—</span>}</td>
                    <td className={`${td} whitespace-nowrap font-mono text-xs`}>{e.action}</td>
                    <td className={`${td} max-w-[16rem] break-words`}>{e.target ?? ''}</td>
                    <td className={`${td} max-w-[24rem]`}>
                      <code className="break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">{formatDetails(e.details)}</code>
                    </td>
                    <td className={`${td} whitespace-nowrap font-mono text-xs text-zinc-600 dark:text-zinc-400`}>{e.ip ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="flex justify-between gap-2 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <button
            type="button"
            disabled={!query.before || loading}
            onClick={() => go({ action: query.action, actor: query.actor })}
            className={secondaryButtonClass}
          >
            Newest
          </button>
          <button
            type="button"
            data-testid="audit-older"
            disabled={!hasOlder || loading}
            onClick={() => last && go({ ...query, before: last.id })}
            className={secondaryButtonClass}
          >
            Older
          </button>
        </div>
      </Panel>
    </div>
  );
}
