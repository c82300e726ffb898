'use client';

import Link from 'next/link';
import { useMemo } from 'react';
import type { AlertView } from '@/lib/alerts';
import { alertsByMessage, useAlertList, useAlerts } from '@/components/realtime/useAlerts';
import { useSession } from '@/components/realtime/useSession';
import { SessionAlerts } from './SessionAlerts';
import { SessionAnalyticsCard } from './SessionAnalytics';
import { SessionHeader } from './SessionHeader';
import { Transcript } from './Transcript';

export function SessionView({ sessionId, focusAlertId = null }: { sessionId: string; focusAlertId?: number | null }) {
  const { loaded, session, messages } = useSession(sessionId);
  const waiting = loaded && !session && messages.length === 0;
  const bus = useAlerts();
  const accepts = useMemo(() => (a: AlertView) => a.sessionId === sessionId, [sessionId]);
  const { state: alertList } = useAlertList(bus, `/api/alerts?session=${encodeURIComponent(sessionId)}&limit=200`, { accepts, limit: 200 });
  const byMessage = useMemo(() => alertsByMessage(alertList.alerts), [alertList.alerts]);
  const focusAlert = focusAlertId === null ? undefined : alertList.alerts.find((a) => a.id === focusAlertId);
  // Only the alert's id and messages matter for scrolling, not its every update.
  const focusKey = focusAlert ? `${focusAlert.id}:${focusAlert.messageIds.join(',')}` : '';
  const focus = useMemo(() => {
    if (!focusKey) return null;
    const [id, ids] = focusKey.split(':');
    return { alertId: Number(id), messageIds: ids ? ids.split(',').map(Number) : [] };
  }, [focusKey]);

  return (
    <div className="space-y-4">
      <Link href="/" className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
        ← All sessions
      </Link>
      <SessionHeader sessionId={sessionId} session={session} messages={messages} />
      {!loaded ? (
        <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
          Loading the transcript…
        </p>
      ) : waiting ? (
        <div
          data-testid="empty-state"
          className="rounded-lg border border-dashed border-zinc-300 px-4 py-10 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
        >
          <p className="font-medium text-zinc-800 dark:text-zinc-200">Waiting for this session’s first event…</p>
          <p className="mt-1">
            Nothing has arrived for <code className="font-mono">{sessionId}</code> yet. This page updates by itself when it does.
          </p>
        </div>
      ) : (
        <div className="grid gap-4 lg:grid-cols-3">
          <div className="lg:col-span-2">
            <Transcript messages={messages} alertsByMessage={byMessage} focus={focus} />
          </div>
          <div className="space-y-4">
            {session?.status === 'ended' && session.endedAt ? <SessionAnalyticsCard sessionId={sessionId} endedAt={session.endedAt} /> : null}
            <SessionAlerts sessionId={sessionId} session={session} alerts={alertList.alerts} loaded={alertList.loaded} focusAlertId={focusAlertId} />
          </div>
        </div>
      )}
    </div>
  );
}
