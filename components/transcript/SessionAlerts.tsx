'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import type { AlertView } from '@/lib/alerts';
import { sentence } from '@/lib/api-client';
import type { SessionSummary } from '@/lib/realtime';
import { useAlerts } from '@/components/realtime/useAlerts';
import { Panel } from '@/components/ui/Panel';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { errorClass, inputClass, primaryButtonClass, secondaryButtonClass } from '@/components/ui/form';
import { AlertActions } from '@/components/alerts/AlertActions';
import { Handled } from '@/components/alerts/AlertsPage';
import { RuleLabel, SeverityBadge, StateBadge, SuppressedBadge } from '@/components/alerts/AlertBadges';
import { handOver } from '@/components/alerts/api';

/** This session's alerts with their actions, and handing the conversation over to a human. */
export function SessionAlerts({
  sessionId,
  session,
  alerts,
  loaded,
  focusAlertId,
}: {
  sessionId: string;
  session: SessionSummary | null;
  alerts: AlertView[];
  loaded: boolean;
  focusAlertId: number | null;
}) {
  const open = alerts.filter((a) => a.state !== 'resolved').length;
  return (
    <div className="space-y-4">
      <Handover sessionId={sessionId} session={session} />
      <Panel id="session-alerts" title="Alerts in this session" aside={loaded ? `${open} open · ${alerts.length} in all` : 'Loading…'}>
        {loaded && alerts.length === 0 ? (
          <p className="px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400">No alerts. Frustration, repeated questions and silences show up here as they happen.</p>
        ) : (
          <ul data-testid="session-alerts" className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {alerts.map((a) => (
              <li
                key={a.id}
                data-testid="alert-row"
                data-alert-id={a.id}
                data-state={a.state}
                className={`space-y-1.5 px-4 py-3 text-sm ${a.id === focusAlertId ? 'bg-amber-50/70 dark:bg-amber-500/10' : ''}`}
              >
                <div className="flex flex-wrap items-center gap-2">
                  <SeverityBadge severity={a.severity} />
                  <RuleLabel alert={a} />
                  <StateBadge alert={a} />
                  <SuppressedBadge alert={a} />
                  {a.count > 1 ? <span className="text-xs tabular-nums text-zinc-500 dark:text-zinc-400">×{a.count}</span> : null}
                </div>
                <Link href={`/alerts?id=${a.id}`} className="block font-medium hover:underline">
                  {a.title}
                </Link>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">{a.summary}</p>
                <p className="text-xs text-zinc-500 dark:text-zinc-400">
                  last seen <RelativeTime iso={a.lastSeenAt} />
                  {a.escalationLevel > 0 ? <span className="ml-2 font-medium text-red-700 dark:text-red-300">▲ escalation {a.escalationLevel}</span> : null}
                  {a.recurrence ? <span className="ml-2 font-medium text-amber-700 dark:text-amber-300">↻ recurred</span> : null}
                </p>
                <Handled alert={a} />
                <AlertActions alert={a} testIdPrefix="alert" />
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}

const handoverButtonClass =
  'inline-flex w-full items-center justify-center rounded-md bg-red-600 px-4 py-2 text-sm font-medium text-white shadow-xs hover:bg-red-700 dark:bg-red-500 dark:text-white dark:hover:bg-red-400';

/**
 * "Hand over to a human": a small inline prompt for a note, then the session shows who handed it
 * over and when (from the session summary, so every dashboard sees it).
 */
function Handover({ sessionId, session }: { sessionId: string; session: SessionSummary | null }) {
  const { canOperate } = useAlerts();
  const [prompting, setPrompting] = useState(false);
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<SessionSummary | null>(null);
  // The socket's summary and our own answer: whichever says it was handed over.
  const escalated = session?.escalatedAt ? session : result?.escalatedAt ? result : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    const res = await handOver(sessionId, note.trim() || undefined);
    setPending(false);
    if (!res.ok) return setError(sentence(res.message));
    setResult(res.data.session);
    setPrompting(false);
  }

  if (escalated?.escalatedAt) {
    return (
      <p data-testid="session-escalated" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-100">
        <span className="mr-2 inline-flex rounded-md bg-red-600 px-1.5 py-0.5 text-xs font-semibold text-white">Human</span>
        Handed over by <span className="font-medium">{escalated.escalatedBy ?? 'an operator'}</span> <RelativeTime iso={escalated.escalatedAt} />
      </p>
    );
  }
  if (!canOperate || !session) return null;
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
      {prompting ? (
        <form onSubmit={submit} className="space-y-2">
          <label htmlFor="handover-note" className="block text-sm font-medium">
            Hand this conversation over to a human?
          </label>
          <input
            id="handover-note"
            data-testid="handover-note"
            autoFocus
            value={note}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setPrompting(false);
            }}
            maxLength={2000}
            placeholder="Note for whoever takes over (optional)"
            className={inputClass}
          />
          <div className="flex gap-2">
            <button type="submit" data-testid="handover-confirm" disabled={pending} className={primaryButtonClass}>
              {pending ? 'Handing over…' : 'Hand over'}
            </button>
            <button type="button" onClick={() => setPrompting(false)} className={secondaryButtonClass}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" data-testid="handover" onClick={() => setPrompting(true)} className={handoverButtonClass}>
          Hand over to a human
        </button>
      )}
      {error ? (
        <p role="alert" className={`${errorClass} mt-2`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
