'use client';

import { useRealtime } from '@/components/realtime/RealtimeProvider';

const dot: Record<string, string> = {
  live: 'bg-emerald-500',
  connecting: 'bg-amber-500',
  reconnecting: 'bg-amber-500 animate-pulse',
  offline: 'bg-red-500',
};

const text: Record<string, string> = {
  live: 'text-emerald-700 dark:text-emerald-300',
  connecting: 'text-amber-700 dark:text-amber-300',
  reconnecting: 'text-amber-700 dark:text-amber-300',
  offline: 'text-red-700 dark:text-red-300',
};

/**
 * The honest connection light: only socket.io-client's own events and navigator.onLine move it.
 * Retry is offered only where retrying can help (not without network, not once signed out).
 */
export function ConnectionState() {
  const { connection, retry } = useRealtime();
  let label: string;
  let detail: string | null = null;
  switch (connection.status) {
    case 'live':
      label = 'Live';
      break;
    case 'connecting':
      label = 'Connecting…';
      break;
    case 'reconnecting':
      label = 'Reconnecting…';
      if (connection.attempt > 0) detail = `attempt ${connection.attempt}`;
      break;
    case 'offline':
      if (connection.reason === 'signed-out') {
        label = 'Signed out';
        detail = 'session ended';
        break;
      }
      label = 'Offline';
      detail =
        connection.reason === 'network'
          ? 'no network'
          : connection.reason === 'server'
            ? 'closed by server'
            : 'gave up retrying';
      break;
  }
  const reason = connection.status === 'offline' ? connection.reason : undefined;
  return (
    <div className="flex items-center gap-2 text-sm">
      <span role="status" aria-live="polite" className="flex items-center gap-2">
        <span aria-hidden="true" className={`inline-block h-2.5 w-2.5 rounded-full ${dot[connection.status]}`} />
        <span data-testid="connection-state" data-status={connection.status} data-reason={reason} className={`font-medium ${text[connection.status]}`}>
          {label}
        </span>
        {detail ? <span className="text-xs text-zinc-500 dark:text-zinc-400">({detail})</span> : null}
      </span>
      {reason === 'server' || reason === 'gave-up' ? (
        <button
          type="button"
          onClick={retry}
          className="rounded-md border border-zinc-300 px-2 py-0.5 text-xs text-zinc-700 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800"
        >
          Retry
        </button>
      ) : null}
    </div>
  );
}
